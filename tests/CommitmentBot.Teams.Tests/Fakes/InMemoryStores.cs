using System.Collections.Concurrent;
using CommitmentBot.Teams.References;

namespace CommitmentBot.Teams.Tests.Fakes;

public sealed class InMemoryConversationReferenceStore : IConversationReferenceStore
{
    private readonly ConcurrentDictionary<(string, ConversationReferenceKind, string), TeamsConversationReference> _rows = new();

    public IReadOnlyCollection<TeamsConversationReference> All => [.. _rows.Values];

    public Task UpsertAsync(TeamsConversationReference reference, CancellationToken cancellationToken)
    {
        _rows[(reference.WorkspaceId, reference.Kind, reference.Key)] = reference;
        return Task.CompletedTask;
    }

    public Task<TeamsConversationReference?> FindAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.GetValueOrDefault((workspaceId, kind, key)));

    public Task<IReadOnlyList<TeamsConversationReference>> ListAsync(string workspaceId, ConversationReferenceKind kind, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TeamsConversationReference>>(
            [.. _rows.Values.Where(r => r.WorkspaceId == workspaceId && r.Kind == kind).OrderByDescending(r => r.UpdatedAt).Take(limit)]);

    public Task RemoveAsync(string workspaceId, ConversationReferenceKind kind, string key, CancellationToken cancellationToken)
    {
        _rows.TryRemove((workspaceId, kind, key), out _);
        return Task.CompletedTask;
    }
}
