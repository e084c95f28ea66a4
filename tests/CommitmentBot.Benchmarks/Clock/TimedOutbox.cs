using System.Diagnostics;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Benchmarks.Clock;

/// <summary>An <see cref="IOutboxStore"/> that adds up the time spent in the sweep's two phases (claim-and-write, bundle).</summary>
internal sealed class TimedOutbox(IOutboxStore inner) : IOutboxStore
{
    private long sweepTicks;
    private long bundleTicks;
    private long decideTicks;

    public TimeSpan Sweep => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref sweepTicks));

    public TimeSpan Bundle => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref bundleTicks));

    /// <summary>Of <see cref="Sweep"/>, the time the core spent deciding (loading people, running the ladder).</summary>
    public TimeSpan Decide => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref decideTicks));

    public async Task<int> SweepAsync(DateTimeOffset now, int batchSize, SweepDecider decide, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await inner.SweepAsync(
                now,
                batchSize,
                async (claimed, ct) =>
                {
                    var decideStart = Stopwatch.GetTimestamp();
                    try
                    {
                        return await decide(claimed, ct);
                    }
                    finally
                    {
                        Interlocked.Add(ref decideTicks, Stopwatch.GetTimestamp() - decideStart);
                    }
                },
                cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref sweepTicks, Stopwatch.GetTimestamp() - start);
        }
    }

    public async Task<IReadOnlyList<long>> BundleAsync(DateTimeOffset now, int maxNotifications, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await inner.BundleAsync(now, maxNotifications, cancellationToken);
        }
        finally
        {
            Interlocked.Add(ref bundleTicks, Stopwatch.GetTimestamp() - start);
        }
    }

    public Task<DeliveryClaim?> ClaimDeliveryAsync(long deliveryId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        inner.ClaimDeliveryAsync(deliveryId, now, lease, cancellationToken);

    public Task<IReadOnlyList<OutboxNotification>> NotificationsAsync(string workspaceId, long deliveryId, CancellationToken cancellationToken) =>
        inner.NotificationsAsync(workspaceId, deliveryId, cancellationToken);

    public Task<bool> MarkSentAsync(long deliveryId, string platformMessageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.MarkSentAsync(deliveryId, platformMessageId, now, cancellationToken);

    public Task CancelNotificationsAsync(long deliveryId, IReadOnlyCollection<long> notificationIds, CancellationToken cancellationToken) =>
        inner.CancelNotificationsAsync(deliveryId, notificationIds, cancellationToken);

    public Task ReleaseAsync(long deliveryId, DateTimeOffset retryAt, string error, bool giveUp, CancellationToken cancellationToken) =>
        inner.ReleaseAsync(deliveryId, retryAt, error, giveUp, cancellationToken);

    public Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        inner.DueDeliveriesAsync(now, lease, max, cancellationToken);

    public Task<DateTimeOffset?> NextEventAtAsync(CancellationToken cancellationToken) => inner.NextEventAtAsync(cancellationToken);

    public Task<Delivery?> FindDeliveryAsync(long deliveryId, CancellationToken cancellationToken) => inner.FindDeliveryAsync(deliveryId, cancellationToken);
}
