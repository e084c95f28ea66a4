using CommitmentBot.Storage.Platform;
using CommitmentBot.Teams.References;

namespace CommitmentBot.Hosting;

/// <summary>The Teams adapter's conversation-reference port over the <c>conversation_references</c> table.</summary>
public sealed class TeamsReferenceStore(CommitmentBot.Storage.Platform.IConversationReferenceStore references) : CommitmentBot.Teams.References.IConversationReferenceStore
{
    public Task UpsertAsync(TeamsConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return references.UpsertAsync(
            new ConversationReference(reference.WorkspaceId, Kind(reference.Kind), reference.Key, reference.ServiceUrl, reference.ConversationId, reference.TenantId, reference.BotId, reference.AadObjectId, reference.UpdatedAt),
            cancellationToken);
    }

    public async Task<TeamsConversationReference?> FindAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken)
    {
        var found = await references.FindAsync(workspaceId, Kind(kind), key, cancellationToken);
        return found is null ? null : ToTeams(found);
    }

    public async Task<IReadOnlyList<TeamsConversationReference>> ListAsync(string workspaceId, ConversationReferenceKind kind, int limit, CancellationToken cancellationToken) =>
        (await references.ListAsync(workspaceId, Kind(kind), limit, cancellationToken)).Select(ToTeams).ToList();

    public Task RemoveAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken) =>
        references.DeleteAsync(workspaceId, Kind(kind), key, cancellationToken);

    private static TeamsConversationReference ToTeams(ConversationReference r) =>
        new(r.WorkspaceId, Kind(r.Kind), r.Key, r.ServiceUrl, r.ConversationId, r.TenantId ?? r.WorkspaceId, r.BotId ?? "", r.AadObjectId, r.UpdatedAt);

    private static ConversationRefKind Kind(ConversationReferenceKind kind) => kind switch
    {
        ConversationReferenceKind.User => ConversationRefKind.User,
        ConversationReferenceKind.Channel => ConversationRefKind.Channel,
        _ => ConversationRefKind.Team,
    };

    private static ConversationReferenceKind Kind(ConversationRefKind kind) => kind switch
    {
        ConversationRefKind.User => ConversationReferenceKind.User,
        ConversationRefKind.Channel => ConversationReferenceKind.Channel,
        _ => ConversationReferenceKind.Team,
    };
}
