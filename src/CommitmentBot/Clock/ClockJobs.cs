using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
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
    ClockTelemetry telemetry,
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

    /// <summary>Every <c>Clock:SweepInterval</c> (a minute by default): one clock tick (claim what is due, bundle), then start its deliveries (and any left over by a crash).</summary>
    /// <remarks>
    /// Deliberately no Hangfire lock (<c>DisableConcurrentExecution</c>): two sweeps at once are safe, because every
    /// claim is a row lock that skips rows another sweep holds, and a Hangfire lock outlives a killed instance. The
    /// chaos soak found it: an instance SIGKILLed mid-sweep left the PostgreSQL storage's lock row behind for its
    /// 10-minute timeout, and every later sweep sat on a worker waiting for it while nothing was sent.
    /// </remarks>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        // One reading of the clock per sweep: every decision in it agrees.
        using var activity = ClockTelemetry.Activities.StartActivity("commitmentbot.sweep");
        var outcome = await tick.RunAsync(clock.GetUtcNow(), cancellationToken);
        telemetry.Swept(outcome);
        activity?.SetTag("commitmentbot.steps", outcome.Claimed);
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
        using var activity = ClockTelemetry.Activities.StartActivity("commitmentbot.deliver");
        activity?.SetTag("commitmentbot.delivery_id", deliveryId);
        var outcome = await delivery.DeliverAsync(deliveryId, cancellationToken);
        telemetry.Delivered(outcome, clock.GetUtcNow());
        activity?.SetTag("commitmentbot.result", ClockTelemetry.ResultName(outcome.Result));
        switch (outcome.Result)
        {
            case DeliveryResult.RetryLater when outcome.RetryAt is { } retryAt:
                jobs.Schedule<ClockJobs>(j => j.DeliverAsync(deliveryId, CancellationToken.None), retryAt);
                logger.LogWarning("Delivery {DeliveryId} refused for now; retrying at {RetryAt:O}", deliveryId, retryAt);
                break;
            case DeliveryResult.Failed:
                logger.LogError("Delivery {DeliveryId} failed for good", deliveryId);
                break;
            case DeliveryResult.Released:
                logger.LogInformation("Delivery {DeliveryId} handed back: this instance is stopping", deliveryId);
                break;
        }
    }
}

/// <summary>
/// Outside the sandbox: a command's notifications are bundled and delivered by a background job. Inside a request's
/// transaction the job is enqueued once that commits: started earlier, on another instance or worker, it would find
/// the notifications not yet visible and leave them for the next sweep.
/// </summary>
public sealed class HangfireOutboxSignal(IBackgroundJobClient jobs, DbConnectionFactory connections) : IOutboxSignal
{
    public Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken) =>
        connections.AfterCommitAsync(() =>
        {
            jobs.Enqueue<ClockJobs>(j => j.BundleAsync(CancellationToken.None));
            return Task.CompletedTask;
        });
}
