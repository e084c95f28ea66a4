namespace CommitmentBot.Storage.Platform;

/// <summary>What a conversation reference points at.</summary>
public enum ConversationRefKind
{
    /// <summary>A personal (1:1) conversation with a user; the key is the user id.</summary>
    User,

    /// <summary>A channel; the key is the channel id.</summary>
    Channel,

    /// <summary>A team; the key is the team id.</summary>
    Team,
}

/// <summary>
/// What a bot needs to message a Teams conversation proactively, captured from a validated activity.
/// </summary>
/// <param name="WorkspaceId">The workspace (tenant).</param>
/// <param name="Kind">User, channel or team.</param>
/// <param name="Key">The user, channel or team id.</param>
/// <param name="ServiceUrl">The Bot Connector base URL to send to.</param>
/// <param name="ConversationId">The conversation id.</param>
/// <param name="TenantId">The tenant id.</param>
/// <param name="BotId">The bot's channel account id (<c>28:…</c>).</param>
/// <param name="AadObjectId">The user's Entra object id, for user references.</param>
/// <param name="UpdatedAt">When it was last seen.</param>
public sealed record ConversationReference(
    string WorkspaceId,
    ConversationRefKind Kind,
    string Key,
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string? BotId,
    string? AadObjectId,
    DateTimeOffset UpdatedAt);

/// <summary>Conversation references by workspace, kind and key.</summary>
public interface IConversationReferenceStore
{
    /// <summary>The reference, or null when none was captured.</summary>
    Task<ConversationReference?> FindAsync(string workspaceId, ConversationRefKind kind, string key, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> references of one kind, most recently updated first.</summary>
    Task<IReadOnlyList<ConversationReference>> ListAsync(string workspaceId, ConversationRefKind kind, int limit, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the reference (newer activities refresh the service URL).</summary>
    Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>Removes the reference; false when there was none.</summary>
    Task<bool> DeleteAsync(string workspaceId, ConversationRefKind kind, string key, CancellationToken cancellationToken);
}
