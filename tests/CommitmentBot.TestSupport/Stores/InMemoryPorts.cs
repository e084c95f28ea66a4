using System.Collections.Concurrent;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>Remembers which request keys were seen, as the SQL deduplicator does.</summary>
public sealed class InMemoryDeduplicator : IRequestDeduplicator
{
    private readonly ConcurrentDictionary<(string Workspace, string Key), DateTimeOffset> seen = new();

    public IReadOnlyCollection<(string Workspace, string Key)> Keys => [.. seen.Keys];

    public Task<bool> TryBeginAsync(string workspaceId, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(seen.TryAdd((workspaceId, key), now));
}

/// <summary>Stands in for the app's command runner in adapter tests: records requests and answers as the test says.</summary>
public sealed class RecordingChatRequestHandler : IChatRequestHandler
{
    private readonly ConcurrentQueue<ChatRequest> requests = new();

    /// <summary>The answer; by default it echoes the text or button.</summary>
    public Func<ChatRequest, CancellationToken, Task<OutboundMessage>> Respond { get; set; } =
        (request, _) => Task.FromResult(OutboundMessage.Plain("You said: " + (request.Text ?? request.Action?.ActionId)));

    /// <summary>Answers every request with this message.</summary>
    public OutboundMessage Reply
    {
        set => Respond = (_, _) => Task.FromResult(value);
    }

    /// <summary>How long each answer takes.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ChatRequest> Requests => [.. requests];

    public async Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        requests.Enqueue(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return await Respond(request, cancellationToken);
    }
}
