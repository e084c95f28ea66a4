using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using CommitmentBot.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Home;

/// <summary>
/// Keeps each Slack person's App Home tab current: when the core reports that someone's promises changed,
/// their tab is republished in the background a moment later. Changes made in that moment (a burst of
/// commands, an import, a sweep) cost one views.publish, not one each; other platforms are ignored.
/// </summary>
internal sealed class SlackHomeRefresher(ISlackHomePublisher publisher, ILogger<SlackHomeRefresher> logger) : BackgroundService, ICommitmentChangeListener
{
    private const string SlackPlatform = SlackWorkspaces.Platform;

    /// <summary>Refreshes in flight at once: enough to keep up, few enough to leave the database to requests.</summary>
    private const int Parallelism = 4;

    /// <summary>
    /// How long a refresh waits for more changes. A real-time delay on purpose (not the app's clock): it only
    /// spreads work out, and the tab is also published afresh whenever its owner opens it.
    /// </summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(1);

    private readonly Channel<(string Workspace, string User, long QueuedAt)> queue = Channel.CreateUnbounded<(string, string, long)>();
    private readonly ConcurrentDictionary<(string Workspace, string User), byte> waiting = new();

    public void CommitmentsChanged(string platform, string workspaceId, string ownerId)
    {
        if (!string.Equals(platform, SlackPlatform, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (waiting.TryAdd((workspaceId, ownerId), 0))
        {
            queue.Writer.TryWrite((workspaceId, ownerId, Stopwatch.GetTimestamp()));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        try
        {
            // The queue is in arrival order, so waiting for its head's moment keeps every later one waiting at least as long.
            await foreach (var (workspace, user, queuedAt) in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var wait = Coalesce - Stopwatch.GetElapsedTime(queuedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stoppingToken);
                }

                await slots.WaitAsync(stoppingToken);

                // Leave the waiting set before reading the promises: a change made meanwhile queues another refresh.
                waiting.TryRemove((workspace, user), out _);
                _ = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await publisher.PublishAsync(workspace, user, stoppingToken);
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            // The publisher logs Slack's refusals itself; this is anything else (the database, say).
                            logger.LogWarning(ex, "Refreshing the Home tab of {UserId} in {WorkspaceId} failed.", user, workspace);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }

        // Let refreshes in flight finish (or see the stop) before the semaphore goes.
        for (var i = 0; i < Parallelism; i++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }
    }
}
