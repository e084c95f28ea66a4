using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Platform;
using CommitmentBot.Storage.Stores;
using Hangfire;

namespace CommitmentBot.Clock;

/// <summary>
/// The Hangfire jobs that run the clock. Jobs take ids, not objects, and are safe to run twice:
/// every claim is made in SQL, so several app instances can run them side by side.
/// </summary>
public sealed class ClockJobs(
    ClockTick tick,
    NotificationDelivery delivery,
    IOutboxStore outbox,
    RequestDeduplicator requestKeys,
    IOAuthStateStore oauthStates,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    ILogger<ClockJobs> logger)
{
    /// <summary>The recurring job id of the sweep.</summary>
    public const string SweepJobId = "commitmentbot-sweep";

    /// <summary>The recurring job id of the daily clean-up.</summary>
    public const string CleanUpJobId = "commitmentbot-cleanup";

    /// <summary>How long inbound request keys are remembered (platform retries come within minutes).</summary>
    public static TimeSpan RequestKeyRetention { get; } = TimeSpan.FromDays(7);

    /// <summary>Daily: forget old request keys and expired OAuth states.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = await requestKeys.DeleteReceivedBeforeAsync(now - RequestKeyRetention, cancellationToken);
        var states = await oauthStates.DeleteExpiredAsync(now, cancellationToken);
        logger.LogInformation("Clean-up: {Keys} request key(s) and {States} OAuth state(s) removed", keys, states);
    }

    /// <summary>Every minute: one clock tick (claim what is due, bundle), then start its deliveries (and any left over by a crash).</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 50)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        // One reading of the clock per sweep: every decision in it agrees.
        var outcome = await tick.RunAsync(clock.GetUtcNow(), cancellationToken);
        foreach (var id in outcome.Deliveries)
        {
            jobs.Enqueue<ClockJobs>(j => j.DeliverAsync(id, CancellationToken.None));
        }

        if (outcome.Claimed > 0 || outcome.Deliveries.Count > 0)
        {
            logger.LogInformation("Sweep at {Now:O}: {Claimed} step(s) due, {Deliveries} delivery(ies) started; next at {Next:O}", outcome.Now, outcome.Claimed, outcome.Deliveries.Count, outcome.NextAt);
        }
    }

    /// <summary>After a command wrote notifications: bundle those due now and deliver them.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task BundleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var bundled = await outbox.BundleAsync(now, 5000, cancellationToken);
        foreach (var id in bundled)
        {
            jobs.Enqueue<ClockJobs>(j => j.DeliverAsync(id, CancellationToken.None));
        }
    }

    /// <summary>Sends one delivery; a refusal for now is rescheduled for when the platform said (Retry-After) or by back-off.</summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var outcome = await delivery.DeliverAsync(deliveryId, cancellationToken);
        switch (outcome.Result)
        {
            case DeliveryResult.RetryLater when outcome.RetryAt is { } retryAt:
                jobs.Schedule<ClockJobs>(j => j.DeliverAsync(deliveryId, CancellationToken.None), retryAt);
                logger.LogWarning("Delivery {DeliveryId} refused for now; retrying at {RetryAt:O}", deliveryId, retryAt);
                break;
            case DeliveryResult.Failed:
                logger.LogError("Delivery {DeliveryId} failed for good", deliveryId);
                break;
        }
    }
}

/// <summary>Outside the sandbox: a command's notifications are bundled and delivered by a background job.</summary>
public sealed class HangfireOutboxSignal(IBackgroundJobClient jobs) : IOutboxSignal
{
    public Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken)
    {
        jobs.Enqueue<ClockJobs>(j => j.BundleAsync(CancellationToken.None));
        return Task.CompletedTask;
    }
}
