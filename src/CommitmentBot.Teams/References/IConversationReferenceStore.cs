namespace CommitmentBot.Teams.References;

/// <summary>What a stored conversation reference points at.</summary>
public enum ConversationReferenceKind
{
    /// <summary>A person's 1:1 chat with the bot; key = their Entra object id.</summary>
    User,

    /// <summary>A channel of a team; key = the channel id (<c>19:…@thread.tacv2</c>).</summary>
    Channel,

    /// <summary>A team the bot is installed in; key = the team id.</summary>
    Team,
}

/// <summary>
/// Where and how to reach a person, channel or team proactively (storage table
/// <c>conversation_references</c>). <see cref="WorkspaceId"/> is the tenant id.
/// </summary>
/// <param name="WorkspaceId">The workspace (tenant) the reference belongs to.</param>
/// <param name="Kind">User, channel or team.</param>
/// <param name="Key">The user's object id, the channel id or the team id.</param>
/// <param name="ServiceUrl">The connector base URL last seen for it.</param>
/// <param name="ConversationId">The conversation to post into (<c>a:…</c> for a 1:1 chat, the channel id for a channel).</param>
/// <param name="TenantId">The Entra tenant.</param>
/// <param name="BotId">The bot's account id (<c>28:{appId}</c>).</param>
/// <param name="AadObjectId">The user's Entra object id, for user references.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record TeamsConversationReference(
    string WorkspaceId,
    ConversationReferenceKind Kind,
    string Key,
    string ServiceUrl,
    string ConversationId,
    string TenantId,
    string BotId,
    string? AadObjectId,
    DateTimeOffset UpdatedAt);

/// <summary>Stores conversation references for proactive messages; every call is scoped to one workspace.</summary>
public interface IConversationReferenceStore
{
    /// <summary>Inserts or replaces the reference with the same workspace, kind and key.</summary>
    Task UpsertAsync(TeamsConversationReference reference, CancellationToken cancellationToken);

    /// <summary>The reference, or null.</summary>
    Task<TeamsConversationReference?> FindAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> references of one kind in the workspace, most recently updated first.</summary>
    Task<IReadOnlyList<TeamsConversationReference>> ListAsync(string workspaceId, ConversationReferenceKind kind, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the reference if present.</summary>
    Task RemoveAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken);
}
