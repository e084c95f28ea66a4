using System.Collections.Concurrent;
using CommitmentBot.Slack.Install;

namespace CommitmentBot.Slack.Tests.Support;

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
