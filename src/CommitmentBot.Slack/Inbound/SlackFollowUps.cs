using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Work that continues after Slack has been answered (a slow command's reply through <c>response_url</c>,
/// an App Home refresh). It runs on the thread pool, is logged when it fails and is given time to
/// finish when the app stops.
/// </summary>
internal sealed class SlackFollowUps(IHostApplicationLifetime lifetime, ILogger<SlackFollowUps> logger) : IHostedService
{
    private readonly ConcurrentDictionary<Task, string> _running = new();

    /// <summary>Signalled when the app starts to stop.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        var stopping = lifetime.ApplicationStopping;
        var task = Task.Run(() => work(stopping), CancellationToken.None);
        _running.TryAdd(task, what);
        _ = task.ContinueWith(
            finished =>
            {
                _running.TryRemove(finished, out _);
                if (finished.Exception is { } error)
                {
                    logger.LogError(error.GetBaseException(), "Slack follow-up '{What}' failed.", what);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Completes when nothing is running (tests use it to wait for background replies).</summary>
    public async Task WhenIdleAsync()
    {
        while (!_running.IsEmpty)
        {
            // Wait for each task whatever its outcome; failures were logged by the continuation above.
            var pending = _running.Keys.Select(t => t.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));
            await Task.WhenAll(pending);
            await Task.Yield();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WhenIdleAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopping with {Count} Slack follow-up(s) unfinished.", _running.Count);
        }
    }
}
