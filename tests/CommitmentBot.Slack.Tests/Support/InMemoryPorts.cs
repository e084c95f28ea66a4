using System.Collections.Concurrent;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Install;

namespace CommitmentBot.Slack.Tests.Support;

public sealed class InMemoryDeduplicator : IRequestDeduplicator
{
    private readonly ConcurrentDictionary<(string Workspace, string Key), DateTimeOffset> _seen = new();

    public IReadOnlyCollection<(string Workspace, string Key)> Keys => _seen.Keys.ToList();

    public Task<bool> TryBeginAsync(string workspaceId, string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_seen.TryAdd((workspaceId, key), now));
}

public sealed class InMemoryInstallationStore : ISlackInstallationStore
{
    private readonly ConcurrentDictionary<string, SlackInstallation> _installations = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SlackInstallation> All => _installations;

    public Task<SlackInstallation?> FindAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.GetValueOrDefault(workspaceId));

    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken)
    {
        _installations[installation.WorkspaceId] = installation;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.TryRemove(workspaceId, out _));
}

/// <summary>Stands in for the app's command runner: records requests and answers as the test says.</summary>
public sealed class FakeChatRequestHandler : IChatRequestHandler
{
    private readonly ConcurrentQueue<ChatRequest> _requests = new();

    public Func<ChatRequest, CancellationToken, Task<OutboundMessage>> Respond { get; set; } =
        (request, _) => Task.FromResult(OutboundMessage.Plain("You said: " + (request.Text ?? request.Action?.ActionId)));

    public IReadOnlyList<ChatRequest> Requests => _requests.ToArray();

    public async Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return await Respond(request, cancellationToken);
    }
}
