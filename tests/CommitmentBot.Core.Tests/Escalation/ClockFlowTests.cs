using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;
using Moq;

namespace CommitmentBot.Core.Tests.Escalation;

/// <summary>The sweep and delivery use cases together, driven by a fake clock over in-memory stores.</summary>
public sealed class ClockFlowTests
{
    private const string Ws = SampleTeam.Workspace;
    private readonly ClockHarness harness = new(SampleTeam.Wednesday, SampleTeam.With(SampleTeam.Sam)); // Wed 09:00 EST

    private Task<OutboundMessage> Say(string user, string text) => harness.SayAsync(user, text);

    /// <summary>Runs every scheduled instant up to <paramref name="until"/> through the clock's one loop, as the sandbox does.</summary>
    private Task RunUntilAsync(DateTimeOffset until, IChatSender? platform = null) =>
        harness.RunUntilAsync(until, platform is null ? null : harness.DeliveryThrough(platform));

    private List<(string To, MessageKind Kind, DateTimeOffset At)> Log() =>
        harness.Sender.Sent.Select(s => (s.Delivery.RecipientId, s.Delivery.Message.Kind, s.At)).ToList();

    [Fact]
    public async Task Sweep_ReadsEachWorkspaceAndPersonOncePerRun_WhateverTheBatches()
    {
        foreach (var what in new[] { "quote", "deck", "pricing", "contract", "samples" })
        {
            await Say("ana", $"send the {what} for Acme by Friday 3pm");
        }

        await Say("maria", "send the renewal for Initech by Friday 3pm");
        var batched = new EscalationSweep(harness.Stores, harness.Stores, harness.Stores) { BatchSize = 2 };
        var (peopleBefore, workspacesBefore) = (harness.Stores.PeopleLookups, harness.Stores.WorkspaceLookups);

        var outcome = await batched.RunAsync(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero), default); // both heads-ups are due by then

        // Six heads-ups in four batches (2 + 2 + 2 + an empty one), one bundled delivery per rep.
        Assert.Equal(6, outcome.Claimed);
        Assert.Equal(2, outcome.Deliveries.Count);

        // Owners read once each (ana, maria), then managers (maria, already known, is not read again).
        Assert.Equal(2, harness.Stores.PeopleLookups.Ids - peopleBefore.Ids);
        Assert.Equal(1, harness.Stores.WorkspaceLookups - workspacesBefore);
    }

    [Fact]
    public async Task SilentSlip_ClimbsTheWholeLadder_OnceEach()
    {
        await Say("ana", "send revised quote for Acme by Friday 3pm");

        await RunUntilAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            [
                ("ana", MessageKind.HeadsUp, new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero)),
                ("ana", MessageKind.Due, new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero)),
                ("ana", MessageKind.Overdue, new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.Zero)),
                ("maria", MessageKind.ManagerEscalation, new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero)),
                ("ana", MessageKind.Overdue, new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero)),  // told what Maria heard
                ("C-esc", MessageKind.ChannelEscalation, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero)),
                ("ana", MessageKind.Overdue, new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero)),  // and what the channel heard
            ],
            Log());
        var overdue = harness.Sender.Sent.First(s => s.Delivery.Message.Kind == MessageKind.Overdue).Delivery.Message;
        Assert.Contains(overdue.AllButtons, b => b.ActionId == "pb-customer:P-1");
        Assert.All(harness.Stores.Notifications, n => Assert.Equal("sent", n.Status));
    }

    [Fact]
    public async Task RepAction_StopsTheLadder_AndDropsQueuedEscalations()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        await RunUntilAsync(new DateTimeOffset(2026, 11, 27, 21, 0, 0, TimeSpan.Zero)); // after the due step
        await Say("ana", "move P-1 to next Wednesday");
        var sentBefore = harness.Sender.Sent.Count;

        await RunUntilAsync(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));

        // The old due's overdue/manager/channel steps never go; the new date gets its own heads-up later.
        Assert.Equal(sentBefore, harness.Sender.Sent.Count);
        Assert.DoesNotContain(harness.Sender.Sent, s => s.Delivery.RecipientId == "maria");
    }

    [Fact]
    public async Task ManagerAcknowledgement_StopsTheChannelStep()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        await RunUntilAsync(new DateTimeOffset(2026, 11, 30, 14, 30, 0, TimeSpan.Zero)); // manager told at 14:00
        await harness.Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "maria", Action = new ChatAction("ack:P-1", new Dictionary<string, string>()) }, default);

        await RunUntilAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        Assert.DoesNotContain(harness.Sender.Sent, s => s.Delivery.RecipientKind == RecipientKind.Channel);
    }

    [Fact]
    public async Task ManagerSnooze_RemindsThemAWorkingDayLater_ThenTheChannelFollows()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        await RunUntilAsync(new DateTimeOffset(2026, 11, 30, 14, 30, 0, TimeSpan.Zero)); // manager told Mon 14:00Z
        var snoozed = await harness.Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "maria", Action = new ChatAction("snooze:P-1", new Dictionary<string, string>()) }, default);
        Assert.NotEqual(MessageKind.Error, snoozed.Kind);
        var again = await harness.Runner.HandleAsync(new ChatRequest { Platform = "test", WorkspaceId = Ws, UserId = "maria", Action = new ChatAction("snooze:P-1", new Dictionary<string, string>()) }, default);
        Assert.Equal(MessageKind.Error, again.Kind); // once per due date

        await RunUntilAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        var manager = harness.Sender.Sent.Where(s => s.Delivery.RecipientId == "maria").Select(s => (s.At, s.Delivery.Message.Text.StartsWith("Reminder", StringComparison.Ordinal))).ToList();
        Assert.Equal(
            [(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), false), (new DateTimeOffset(2026, 12, 1, 14, 30, 0, TimeSpan.Zero), true)],
            manager);
        var channel = Assert.Single(harness.Sender.Sent, s => s.Delivery.RecipientKind == RecipientKind.Channel);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 18, 30, 0, TimeSpan.Zero), channel.At);
    }

    [Fact]
    public async Task NotificationsForOnePerson_ArriveBundled()
    {
        // Three promises due over the weekend: their due steps all wait for Monday 08:00.
        await Say("ana", "one by Saturday");
        await Say("ana", "two by Saturday 2pm");
        await Say("ana", "three by Sunday noon");
        await Say("ana", "done P-1"); // the rep's own action means no nudge for this one
        await RunUntilAsync(new DateTimeOffset(2026, 11, 30, 13, 30, 0, TimeSpan.Zero));

        var monday = harness.Sender.Sent.Where(s => s.At == new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero)).ToList();
        var bundle = Assert.Single(monday);
        Assert.Equal(MessageKind.Bundle, bundle.Delivery.Message.Kind);
        Assert.Contains(bundle.Delivery.Message.AllButtons, b => b.ActionId == "done:P-2");
        Assert.Contains(bundle.Delivery.Message.AllButtons, b => b.ActionId == "done:P-3");
        // Each commitment's step is still recorded once.
        Assert.Single(harness.Stores.Notifications, n => n.Note.CommitmentId == harness.Stores.Get(Ws, 2).Id && n.Note.Step == LadderStepKind.Due);
        Assert.Single(harness.Stores.Notifications, n => n.Note.CommitmentId == harness.Stores.Get(Ws, 3).Id && n.Note.Step == LadderStepKind.Due);
    }

    [Fact]
    public async Task NoManagerAndNoChannel_TellsTheAdminOnce()
    {
        await harness.Stores.SaveAsync((await ((IWorkspaceStore)harness.Stores).FindAsync(Ws, default))! with { EscalationChannelId = null }, default);
        await harness.Stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "lee", DisplayName = "Lee", TimeZone = "America/New_York" }, default);
        await Say("lee", "first by Friday 3pm");
        await Say("lee", "second by Friday 4pm");

        await RunUntilAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        var notices = harness.Sender.Sent.Where(s => s.Delivery.RecipientId == "sam").SelectMany(s => s.Delivery.Message.Kind == MessageKind.Bundle ? s.Delivery.Message.Sections.Select(x => x.Title ?? "") : [s.Delivery.Message.Text]).ToList();
        Assert.Single(notices, t => t.Contains("no manager", StringComparison.Ordinal));
        Assert.Single(notices, t => t.Contains("no escalation channel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransientFailure_IsRetriedAtRetryAfter_AndSentOnce()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        var sentAt = new List<DateTimeOffset>();
        var platform = new Mock<IChatSender>();
        platform.SetupGet(s => s.Platform).Returns("test");
        platform.SetupSequence(s => s.SendAsync(It.IsAny<ChatDelivery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ChatSendDeferred("rate limited", TimeSpan.FromSeconds(30)))
            .Returns(() =>
            {
                sentAt.Add(harness.Clock.GetUtcNow());
                return Task.FromResult<SendResult>(new ChatSent("msg-1"));
            });

        await RunUntilAsync(new DateTimeOffset(2026, 11, 27, 13, 5, 0, TimeSpan.Zero), platform.Object);

        Assert.Equal([new DateTimeOffset(2026, 11, 27, 13, 0, 30, TimeSpan.Zero)], sentAt);
        platform.Verify(s => s.SendAsync(It.IsAny<ChatDelivery>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task PermanentFailure_IsRecordedAsFailed_WithoutRetrying()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        var platform = new Mock<IChatSender>();
        platform.SetupGet(s => s.Platform).Returns("test");
        platform.Setup(s => s.SendAsync(It.IsAny<ChatDelivery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ChatSendRefused("channel_not_found"));

        await RunUntilAsync(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero), platform.Object);

        platform.Verify(s => s.SendAsync(It.IsAny<ChatDelivery>(), It.IsAny<CancellationToken>()), Times.Once);
        var deliveryId = harness.Stores.Notifications.Single().DeliveryId!.Value;
        Assert.Equal(DeliveryStatus.Failed, (await harness.Stores.FindDeliveryAsync(deliveryId, default))!.Status);
        Assert.Empty(await harness.Stores.DueDeliveriesAsync(harness.Clock.GetUtcNow(), NotificationDelivery.Lease, 10, default));
    }

    [Fact]
    public async Task CrashAfterSend_IsRecoveredWithoutSendingTwice()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero));
        var outcome = await harness.Sweep.RunAsync(harness.Clock.GetUtcNow(), default);
        var id = Assert.Single(outcome.Deliveries);

        // A worker claims and sends, then dies before recording the send.
        var claim = await harness.Stores.ClaimDeliveryAsync(id, harness.Clock.GetUtcNow(), NotificationDelivery.Lease, default);
        await harness.Sender.SendAsync(new ChatDelivery(id, Ws, RecipientKind.User, "ana", OutboundMessage.Plain("heads-up")), default);

        // Within the lease nobody else touches it; after it, recovery finds the message instead of resending.
        Assert.Equal(DeliveryResult.NotClaimable, (await harness.Delivery.DeliverAsync(id, default)).Result);
        harness.Clock.Advance(NotificationDelivery.Lease + TimeSpan.FromSeconds(1));
        var recovered = await harness.Delivery.DeliverAsync(id, default);

        Assert.NotNull(claim);
        Assert.Equal(DeliveryResult.Sent, recovered.Result);
        Assert.Single(harness.Sender.Sent);
        Assert.Equal(DeliveryStatus.Sent, (await harness.Stores.FindDeliveryAsync(id, default))!.Status);
    }

    [Fact]
    public async Task DeliveringTwice_SendsOnce()
    {
        await Say("ana", "send revised quote by Friday 3pm");
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero));
        var id = Assert.Single((await harness.Sweep.RunAsync(harness.Clock.GetUtcNow(), default)).Deliveries);

        await harness.Delivery.DeliverAsync(id, default);
        var second = await harness.Delivery.DeliverAsync(id, default);

        Assert.Equal(DeliveryResult.NotClaimable, second.Result);
        Assert.Single(harness.Sender.Sent);
    }
}
