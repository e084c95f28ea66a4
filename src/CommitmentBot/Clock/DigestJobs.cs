using CommitmentBot.Core.Records;
using Hangfire;

namespace CommitmentBot.Clock;

/// <summary>The weekly digest's recurring job: every quarter hour, hands the digests that have come due to the outbox (each once per person and week); the clock's deliveries send them.</summary>
public sealed class DigestJobs(WeeklyDigest digest, TimeProvider clock, ILogger<DigestJobs> logger)
{
    /// <summary>The recurring job's id.</summary>
    public const string JobId = "commitmentbot-digest";

    /// <summary>Every 15 minutes: a manager's digest goes out within a quarter hour of their digest time.</summary>
    public const string Cron = "*/15 * * * *";

    /// <summary>Runs the digest.</summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await digest.RunAsync(clock.GetUtcNow(), cancellationToken);
        if (run.Sent > 0)
        {
            logger.LogInformation("Weekly digest: {Sent} handed to the outbox ({Claimed} claims, {Managers} managers looked at)", run.Sent, run.Claimed, run.Managers);
        }
    }
}
