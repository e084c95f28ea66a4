using System.Collections.Concurrent;
using System.Threading.Channels;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Home;

namespace CommitmentBot.Hosting;

/// <summary>
/// Keeps each Slack person's App Home tab current: when the core reports that someone's promises changed,
/// their tab is republished in the background. A person already waiting for a refresh is not queued
/// again, so a burst of changes costs one views.publish, not one per change; other platforms are ignored.
/// </summary>
public sealed class SlackHomeRefresher(ISlackHomePublisher publisher, ILogger<SlackHomeRefresher> logger) : BackgroundService, ICommitmentChangeListener
{
    private const string SlackPlatform = "slack";

    /// <summary>Refreshes in flight at once: enough to keep up, few enough to stay inside Slack's rate limits.</summary>
    private const int Parallelism = 4;

    private readonly Channel<(string Workspace, string User)> queue = Channel.CreateUnbounded<(string, string)>();
    private readonly ConcurrentDictionary<(string Workspace, string User), byte> waiting = new();

    public void CommitmentsChanged(string platform, string workspaceId, string ownerId)
    {
        if (!string.Equals(platform, SlackPlatform, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (waiting.TryAdd((workspaceId, ownerId), 0))
        {
            queue.Writer.TryWrite((workspaceId, ownerId));
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            async (person, cancellationToken) =>
            {
                // Leave the waiting set before reading the promises: a change made meanwhile queues another refresh.
                waiting.TryRemove(person, out _);
                try
                {
                    await publisher.PublishAsync(person.Workspace, person.User, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The publisher logs Slack's refusals itself; this is anything else (the database, say).
                    logger.LogWarning(ex, "Refreshing the Home tab of {UserId} in {WorkspaceId} failed.", person.User, person.Workspace);
                }
            });
}
