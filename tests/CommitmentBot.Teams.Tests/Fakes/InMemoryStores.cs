using System.Collections.Concurrent;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
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

public sealed class InMemoryRequestDeduplicator : IRequestDeduplicator
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _seen = new();

    public Task<bool> TryBeginAsync(string workspaceId, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_seen.TryAdd((workspaceId, key), now));
}

/// <summary>Records every request and answers with <see cref="Reply"/>.</summary>
public sealed class RecordingChatRequestHandler : IChatRequestHandler
{
    private readonly ConcurrentQueue<ChatRequest> _requests = new();

    public OutboundMessage Reply { get; set; } = SampleMessages.Created();

    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ChatRequest> Requests => [.. _requests];

    public async Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return Reply;
    }
}
