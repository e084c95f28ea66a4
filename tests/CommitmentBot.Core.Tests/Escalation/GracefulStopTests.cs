using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Core.Tests.Escalation;

/// <summary>
/// A delivery when its instance is stopping (SIGTERM: Hangfire cancels the job's token): a send not yet started hands
/// its claim back at once, so another instance takes it on its next sweep instead of after the lease; a send already
/// started runs to its end and is recorded, so nothing is left for the lease to find.
/// </summary>
public sealed class GracefulStopTests
{
    private const string Ws = "T1";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStores stores = new();

    public GracefulStopTests()
    {
        stores.SaveAsync(WorkspaceSettings.NewFor(Ws, "test"), default).GetAwaiter().GetResult();
        stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York" }, default).GetAwaiter().GetResult();
    }

    /// <summary>A promise whose heads-up is due now, swept into one delivery; returns its id.</summary>
    private async Task<long> DueDeliveryAsync()
    {
        var runner = new CommandRunner(stores, stores, stores, stores, clock);
        await runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "ana", Text = "send revised quote by Friday 3pm" }, default);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 13, 0, 30, TimeSpan.Zero));
        var sweep = new EscalationSweep(stores, stores, stores);
        return Assert.Single((await sweep.RunAsync(clock.GetUtcNow(), default)).Deliveries);
    }

    [Fact]
    public async Task Stopping_BeforeTheSend_HandsTheClaimBack_ForTheNextSweepNotTheLease()
    {
        var id = await DueDeliveryAsync();
        var sender = new RecordingSender(clock);
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], clock);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        var outcome = await delivery.DeliverAsync(id, stopping.Token);

        Assert.Equal(DeliveryResult.Released, outcome.Result);
        Assert.Empty(sender.Sent);
        var handedBack = await stores.FindDeliveryAsync(id, default);
        Assert.Equal((DeliveryStatus.Pending, clock.GetUtcNow()), (handedBack!.Status, handedBack.NotBefore));
        Assert.Equal([id], await stores.DueDeliveriesAsync(clock.GetUtcNow(), NotificationDelivery.Lease, 10, default));

        // Another instance takes it at once and sends it, once.
        var other = await delivery.DeliverAsync(id, default);
        Assert.Equal(DeliveryResult.Sent, other.Result);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task Stopping_DuringTheSend_FinishesAndRecordsIt()
    {
        var id = await DueDeliveryAsync();
        using var stopping = new CancellationTokenSource();
        var sender = new StopsMidSend(stopping);
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [sender], clock);

        var outcome = await delivery.DeliverAsync(id, stopping.Token);

        Assert.True(stopping.IsCancellationRequested);
        Assert.Equal(DeliveryResult.Sent, outcome.Result);
        Assert.Equal(1, sender.Sends);
        Assert.Equal(DeliveryStatus.Sent, (await stores.FindDeliveryAsync(id, default))!.Status);
        Assert.Empty(await stores.DueDeliveriesAsync(clock.GetUtcNow() + NotificationDelivery.Lease + TimeSpan.FromMinutes(1), NotificationDelivery.Lease, 10, default));
    }

    [Fact]
    public async Task ASentStep_ReportsTheStepsOwnInstant_ToMeasureTheLag()
    {
        var id = await DueDeliveryAsync();
        var delivery = new NotificationDelivery(stores, stores, stores, stores, [new RecordingSender(clock)], clock);

        var outcome = await delivery.DeliverAsync(id, default);

        // The outcome carries the instant the step was due (kept on the notification), not the sweep's.
        var notification = Assert.Single(stores.Notifications);
        Assert.Equal(notification.Note.DeliverAt, outcome.StepAt);
        Assert.True(outcome.StepAt < clock.GetUtcNow());
    }

    /// <summary>A platform call during which the instance is told to stop; it still completes, as an HTTP call in flight does.</summary>
    private sealed class StopsMidSend(CancellationTokenSource stopping) : IChatSender
    {
        public int Sends { get; private set; }

        public string Platform => "test";

        public async Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            await stopping.CancelAsync();
            await Task.Delay(10, cancellationToken); // would throw were it the stopping token
            Sends++;
            return new ChatSent("msg-1");
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            Task.FromResult<SentLookup>(new SentNotFound());
    }
}
