using System.Collections.Concurrent;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The <see cref="IOutboxStore"/> contract, run against every engine (a fresh database per test).</summary>
public abstract class OutboxStoreTests(DatabaseFixture database)
{
    private static readonly DateTimeOffset Now = Samples.Ms(Samples.Now);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<ClockDatabase> NewDatabaseAsync() => ClockDatabase.CreateAsync(database);

    /// <summary>A decider that moves each claimed ladder on by a day, records one event and notifies the owner.</summary>
    private static SweepDecider Advancing(ConcurrentBag<long>? seen = null, string step = "heads_up") => (claimed, _) =>
    {
        IReadOnlyList<SweepDecision> decisions = claimed.Select(c =>
        {
            seen?.Add(c.Id);
            var updated = c with { LastStep = LadderStepKind.HeadsUp, NextStep = LadderStepKind.Due, NextActionAt = c.NextActionAt!.Value.AddDays(1) };
            var sent = new CommitmentEvent(c.WorkspaceId, c.Id, Now, CommitmentEventKinds.Bot, CommitmentEventKinds.StepSent, step);
            var note = new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.HeadsUp, RecipientKind.User, c.OwnerId, Now, Now);
            return new SweepDecision(updated, [sent], [note]);
        }).ToList();
        return ValueTask.FromResult(decisions);
    };

    private static Task<IReadOnlyList<string>> KeysAsync(ClockDatabase db) =>
        db.QueryAsync<string>("SELECT idempotency_key FROM notifications ORDER BY idempotency_key");

    [Fact]
    public async Task SweepAsync_ClaimsOnlyDueRows_AcrossWorkspaces()
    {
        await using var db = await NewDatabaseAsync();
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();
        var dueEarlier = await db.AddAsync(a, Now.AddHours(-3));
        var dueExactlyNow = await db.AddAsync(b, Now);
        var dueInOtherWorkspace = await db.AddAsync(b, Now.AddMinutes(-1));
        await db.AddAsync(a, Now.AddMilliseconds(1));
        await db.AddAsync(b, Now.AddDays(1));
        await db.AddAsync(a, nextActionAt: null);
        var seen = new ConcurrentBag<long>();

        var claimed = await db.Outbox.SweepAsync(Now, 100, Advancing(seen), Ct);

        Assert.Equal(3, claimed);
        Assert.Equal(
            new[] { dueEarlier.Id, dueExactlyNow.Id, dueInOtherWorkspace.Id }.Order(),
            seen.Order());
    }

    [Fact]
    public async Task SweepAsync_ReturnsZero_AndCallsNoDecider_WhenNothingIsDue()
    {
        await using var db = await NewDatabaseAsync();
        await db.AddAsync(Samples.NewWorkspace(), Now.AddMinutes(5));
        var called = false;

        var claimed = await db.Outbox.SweepAsync(Now, 100, (_, _) => { called = true; return ValueTask.FromResult<IReadOnlyList<SweepDecision>>([]); }, Ct);

        Assert.Equal(0, claimed);
        Assert.False(called);
    }

    [Fact]
    public async Task SweepAsync_WritesRowEventsAndNotifications_WhenTheDeciderSucceeds()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var due = await db.AddAsync(ws, Now.AddMinutes(-1), ownerId: "U7");

        await db.Outbox.SweepAsync(Now, 10, Advancing(), Ct);

        var saved = await db.Commitments.FindAsync(ws, due.Id, Ct);
        Assert.NotNull(saved);
        Assert.Equal(due.Version + 1, saved.Version);
        Assert.Equal(LadderStepKind.HeadsUp, saved.LastStep);
        Assert.Equal(LadderStepKind.Due, saved.NextStep);
        Assert.Equal(due.NextActionAt!.Value.AddDays(1), saved.NextActionAt);
        var history = await db.Commitments.HistoryAsync(ws, due.Id, Ct);
        Assert.Equal([CommitmentEventKinds.Created, CommitmentEventKinds.StepSent], history.Select(e => e.Kind));
        Assert.Equal([$"{due.Id}:1:heads_up:u:U7"], await KeysAsync(db));
        Assert.Equal(0, await db.Outbox.SweepAsync(Now, 10, Advancing(), Ct));
    }

    [Fact]
    public async Task SweepAsync_SavesEveryFieldTheDecisionChanged_EachToItsOwnRow()
    {
        // Every mutable column gets a distinct value per row, so a column or row mix-up in a batched write shows.
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var first = await db.AddAsync(ws, Now.AddMinutes(-2), ownerId: "U1");
        var second = await db.AddAsync(ws, Now.AddMinutes(-1), ownerId: "U2");
        static Commitment Changed(Commitment c, int k) => c with
        {
            Text = $"Revised text {k}",
            Customer = k == 1 ? null : $"Customer {k}",
            DueAt = Now.AddDays(10 + k),
            OwnerId = $"U{10 + k}",
            Status = k == 1 ? CommitmentStatus.AtRisk : CommitmentStatus.Renegotiated,
            DueVersion = c.DueVersion + k,
            WindowStart = Now.AddMinutes(k),
            Policy = EscalationPolicy.Default with { OverdueAfter = TimeSpan.FromHours(k) },
            NextStep = k == 1 ? LadderStepKind.Manager : null,
            NextActionAt = k == 1 ? Now.AddHours(k) : null,
            LastStep = k == 1 ? LadderStepKind.Overdue : LadderStepKind.Channel,
            ManagerNotifiedAt = Now.AddMinutes(100 + k),
            RepRespondedAt = Now.AddMinutes(200 + k),
            ManagerAcknowledgedAt = k == 1 ? null : Now.AddMinutes(300 + k),
            RiskFlaggedAt = Now.AddMinutes(400 + k),
            RiskRaisedBeforeDue = k == 1,
            ClosedAt = k == 1 ? null : Now.AddMinutes(500 + k),
            SnoozedUntil = Now.AddMinutes(600 + k),
            DueZone = k == 1 ? null : "Europe/Berlin",
            RepSnoozedUntil = k == 1 ? Now.AddMinutes(700) : null,
            SnoozeReason = k == 1 ? null : "on a call",
        };
        SweepDecider changeAll = (claimed, _) => ValueTask.FromResult<IReadOnlyList<SweepDecision>>(
            claimed.Select(c => new SweepDecision(Changed(c, c.Id == first.Id ? 1 : 2), [], [])).ToList());

        await db.Outbox.SweepAsync(Now, 10, changeAll, Ct);

        Assert.Equal(Changed(first, 1) with { Version = first.Version + 1 }, await db.Commitments.FindAsync(ws, first.Id, Ct));
        Assert.Equal(Changed(second, 2) with { Version = second.Version + 1 }, await db.Commitments.FindAsync(ws, second.Id, Ct));
    }

    [Fact]
    public async Task SweepAsync_WritesNothing_AndLeavesTheRowsDue_WhenTheDeciderThrows()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var first = await db.AddAsync(ws, Now.AddMinutes(-2));
        var second = await db.AddAsync(ws, Now.AddMinutes(-1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Outbox.SweepAsync(Now, 10, (_, _) => throw new InvalidOperationException("decider failed"), Ct));

        Assert.Equal("decider failed", error.Message);
        Assert.Equal(first, await db.Commitments.FindAsync(ws, first.Id, Ct));
        Assert.Equal(second, await db.Commitments.FindAsync(ws, second.Id, Ct));
        Assert.Empty(await KeysAsync(db));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM commitment_events")); // the two creation events only
        var seen = new ConcurrentBag<long>();
        Assert.Equal(2, await db.Outbox.SweepAsync(Now, 10, Advancing(seen), Ct));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), seen.Order());
    }

    [Fact]
    public async Task SweepAsync_RollsBackEveryDecision_WhenOneUpdateMissesItsVersion()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var first = await db.AddAsync(ws, Now.AddMinutes(-2));
        var second = await db.AddAsync(ws, Now.AddMinutes(-1));
        var advancing = Advancing();
        SweepDecider staleSecond = async (claimed, ct) =>
        {
            var decisions = await advancing(claimed, ct);
            return decisions.Select(d => d.Updated.Id == second.Id ? d with { Updated = d.Updated with { Version = d.Updated.Version + 5 } } : d).ToList();
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Outbox.SweepAsync(Now, 10, staleSecond, Ct));

        Assert.Equal(first, await db.Commitments.FindAsync(ws, first.Id, Ct));
        Assert.Equal(second, await db.Commitments.FindAsync(ws, second.Id, Ct));
        Assert.Empty(await KeysAsync(db));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM commitment_events"));
    }

    [Fact]
    public async Task SweepAsync_Refuses_WhenTheDeciderLeavesAClaimedRowUndecided()
    {
        // A claimed row left undecided would stay due and be claimed again on every batch, forever.
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var first = await db.AddAsync(ws, Now.AddMinutes(-2));
        await db.AddAsync(ws, Now.AddMinutes(-1));
        var advancing = Advancing();
        SweepDecider firstOnly = async (claimed, ct) => (await advancing(claimed, ct)).Where(d => d.Updated.Id == first.Id).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Outbox.SweepAsync(Now, 10, firstOnly, Ct));

        Assert.Equal(first, await db.Commitments.FindAsync(ws, first.Id, Ct));
        Assert.Empty(await KeysAsync(db));
    }

    [Fact]
    public async Task SweepAsync_Refuses_WhenADecisionNamesACommitmentItDidNotClaim()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var due = await db.AddAsync(ws, Now.AddMinutes(-1));
        var notDue = await db.AddAsync(ws, Now.AddDays(3));
        SweepDecider wrongRow = (claimed, _) => ValueTask.FromResult<IReadOnlyList<SweepDecision>>(
            [new SweepDecision(claimed[0], [], []), new SweepDecision(notDue with { NextActionAt = null }, [], [])]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Outbox.SweepAsync(Now, 10, wrongRow, Ct));

        Assert.Equal(notDue, await db.Commitments.FindAsync(ws, notDue.Id, Ct));
        Assert.Equal(due, await db.Commitments.FindAsync(ws, due.Id, Ct));
    }

    [Fact]
    public async Task SweepAsync_TakesAtMostTheBatchSize_EarliestFirst()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var added = new List<Commitment>();
        foreach (var minutesAgo in new[] { 1, 5, 3, 4, 2 })
        {
            added.Add(await db.AddAsync(ws, Now.AddMinutes(-minutesAgo)));
        }

        var batches = new List<long[]>();
        SweepDecider recording = async (claimed, ct) =>
        {
            batches.Add([.. claimed.Select(c => c.Id)]);
            return await Advancing()(claimed, ct);
        };

        var counts = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(await db.Outbox.SweepAsync(Now, 2, recording, Ct));
        }

        Assert.Equal([2, 2, 1, 0], counts);
        var byAge = added.OrderBy(c => c.NextActionAt).Select(c => c.Id).ToArray();
        Assert.Equal([byAge[..2], byAge[2..4], byAge[4..]], batches);
    }

    [Fact]
    public async Task SweepAsync_WritesANotificationOnce_WhenItsKeyRepeats()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var due = await db.AddAsync(ws, Now.AddMinutes(-1), ownerId: "U1");
        var again = Samples.Notification(due, LadderStepKind.HeadsUp, "U1");
        var advancing = Advancing();
        SweepDecider twice = async (claimed, ct) =>
            (await advancing(claimed, ct)).Select(d => d with { Notifications = [.. d.Notifications, again, again] }).ToList();

        await db.Outbox.SweepAsync(Now, 10, twice, Ct);
        var current = (await db.Commitments.FindAsync(ws, due.Id, Ct))!;
        await db.NotifyAsync(current, [again]); // the same step written again later, e.g. by a retried command

        Assert.Equal([$"{due.Id}:1:heads_up:u:U1"], await KeysAsync(db));
    }

    [Fact]
    public async Task SweepAsync_Refuses_WhenTheBatchSizeIsNotPositive()
    {
        await using var db = await NewDatabaseAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Outbox.SweepAsync(Now, 0, Advancing(), Ct));
    }

    [Fact]
    public async Task BundleAsync_MakesOneDeliveryPerRecipient_AcrossWorkspacesAndKinds()
    {
        await using var db = await NewDatabaseAsync();
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();
        var c1 = await db.AddAsync(a, null);
        var c2 = await db.AddAsync(a, null);
        var c3 = await db.AddAsync(b, null);
        await db.NotifyAsync(c1, [Note(c1, LadderStepKind.HeadsUp, "U1"), Note(c1, LadderStepKind.Manager, "M1"), Note(c1, LadderStepKind.Channel, "U1", RecipientKind.Channel)]);
        await db.NotifyAsync(c2, [Note(c2, LadderStepKind.Due, "U1")]);
        await db.NotifyAsync(c3, [Note(c3, LadderStepKind.Due, "U1")]);

        var deliveries = await db.Outbox.BundleAsync(Now, 100, Ct);

        Assert.Equal(4, deliveries.Count);
        var found = new List<(string, RecipientKind, string, string)>();
        foreach (var id in deliveries)
        {
            var d = (await db.Outbox.FindDeliveryAsync(id, Ct))!;
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Equal(0, d.Attempts);
            var notes = await db.Outbox.NotificationsAsync(d.WorkspaceId, id, Ct);
            found.Add((d.WorkspaceId == a ? "a" : "b", d.RecipientKind, d.RecipientId, string.Join(",", notes.Select(n => $"{n.CommitmentId}:{n.Step.ToName()}"))));
        }

        Assert.Equal(
            new[]
            {
                ("a", RecipientKind.User, "U1", $"{c1.Id}:heads_up,{c2.Id}:due"),
                ("a", RecipientKind.User, "M1", $"{c1.Id}:manager"),
                ("a", RecipientKind.Channel, "U1", $"{c1.Id}:channel"),
                ("b", RecipientKind.User, "U1", $"{c3.Id}:due"),
            }.Order(),
            found.Order());
        Assert.Empty(await db.Outbox.BundleAsync(Now, 100, Ct));
    }

    [Fact]
    public async Task BundleAsync_TakesOnlyNotificationsWhoseDeliverAtHasCome()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var c = await db.AddAsync(ws, null);
        var monday = Now.AddDays(5);
        await db.NotifyAsync(c, [Note(c, LadderStepKind.HeadsUp, "U1"), Note(c, LadderStepKind.Due, "U1", deliverAt: monday)]);

        var now = Assert.Single(await db.Outbox.BundleAsync(Now, 100, Ct));
        var early = await db.Outbox.BundleAsync(monday.AddMilliseconds(-1), 100, Ct);
        var later = Assert.Single(await db.Outbox.BundleAsync(monday, 100, Ct));

        Assert.Empty(early);
        Assert.Equal([LadderStepKind.HeadsUp], (await db.Outbox.NotificationsAsync(ws, now, Ct)).Select(n => n.Step));
        Assert.Equal([LadderStepKind.Due], (await db.Outbox.NotificationsAsync(ws, later, Ct)).Select(n => n.Step));
    }

    [Fact]
    public async Task BundleAsync_TakesAtMostMaxNotifications_PerCall()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var c = await db.AddAsync(ws, null);
        await db.NotifyAsync(c, [Note(c, LadderStepKind.HeadsUp, "U1"), Note(c, LadderStepKind.Due, "U2"), Note(c, LadderStepKind.Overdue, "U3")]);

        var first = await db.Outbox.BundleAsync(Now, 2, Ct);
        var second = await db.Outbox.BundleAsync(Now, 2, Ct);

        Assert.Equal(2, first.Count);
        Assert.Single(second);
    }

    [Fact]
    public async Task NotificationsAsync_ReturnsNothing_ForAnotherWorkspace()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (id, c) = await db.PendingDeliveryAsync(ws, Now);

        var notes = await db.Outbox.NotificationsAsync(ws, id, Ct);

        var note = Assert.Single(notes);
        Assert.Equal((c.Id, c.DueVersion, LadderStepKind.HeadsUp, Now), (note.CommitmentId, note.DueVersion, note.Step, note.CreatedAt));
        Assert.Empty(await db.Outbox.NotificationsAsync(Samples.NewWorkspace(), id, Ct));
    }

    [Fact]
    public async Task ClaimDeliveryAsync_MovesAPendingDeliveryToSending()
    {
        await using var db = await NewDatabaseAsync();
        var (id, _) = await db.PendingDeliveryAsync(Samples.NewWorkspace(), Now);
        var at = Now.AddSeconds(7);

        var claim = await db.Outbox.ClaimDeliveryAsync(id, at, Lease, Ct);

        Assert.NotNull(claim);
        Assert.False(claim.Recovering);
        Assert.Null(claim.PreviousSendStartedAt);
        Assert.Equal((DeliveryStatus.Sending, 1, at), (claim.Delivery.Status, claim.Delivery.Attempts, claim.Delivery.SendingSince));
        Assert.Equal(claim.Delivery, await db.Outbox.FindDeliveryAsync(id, Ct));
    }

    [Fact]
    public async Task ClaimDeliveryAsync_WaitsForNotBefore_AfterARelease()
    {
        await using var db = await NewDatabaseAsync();
        var (id, _) = await db.PendingDeliveryAsync(Samples.NewWorkspace(), Now);
        await db.Outbox.ClaimDeliveryAsync(id, Now, Lease, Ct);
        var retryAt = Now.AddSeconds(30);
        await db.Outbox.ReleaseAsync(id, retryAt, "rate limited", giveUp: false, Ct);

        var early = await db.Outbox.ClaimDeliveryAsync(id, retryAt.AddMilliseconds(-1), Lease, Ct);
        var onTime = await db.Outbox.ClaimDeliveryAsync(id, retryAt, Lease, Ct);

        Assert.Null(early);
        Assert.NotNull(onTime);
        Assert.False(onTime.Recovering);
        Assert.Equal(2, onTime.Delivery.Attempts);
    }

    [Fact]
    public async Task ClaimDeliveryAsync_LeavesAFreshSendAlone_AndRecoversAStaleOne()
    {
        await using var db = await NewDatabaseAsync();
        var (id, _) = await db.PendingDeliveryAsync(Samples.NewWorkspace(), Now);
        var started = Now.AddSeconds(1);
        await db.Outbox.ClaimDeliveryAsync(id, started, Lease, Ct);

        var whileSending = await db.Outbox.ClaimDeliveryAsync(id, started + Lease - TimeSpan.FromMilliseconds(1), Lease, Ct);
        var afterLease = await db.Outbox.ClaimDeliveryAsync(id, started + Lease, Lease, Ct);

        Assert.Null(whileSending);
        Assert.NotNull(afterLease);
        Assert.True(afterLease.Recovering);
        Assert.Equal(started, afterLease.PreviousSendStartedAt);
        Assert.Equal((DeliveryStatus.Sending, 2, started + Lease), (afterLease.Delivery.Status, afterLease.Delivery.Attempts, afterLease.Delivery.SendingSince));
        Assert.Null(await db.Outbox.ClaimDeliveryAsync(id, started + Lease + TimeSpan.FromSeconds(1), Lease, Ct)); // the recovery's own send is fresh
    }

    [Fact]
    public async Task ClaimDeliveryAsync_LetsExactlyOneWorkerWin_WhenManyClaimAtOnce()
    {
        await using var db = await NewDatabaseAsync();
        var (id, _) = await db.PendingDeliveryAsync(Samples.NewWorkspace(), Now);
        var other = new OutboxStore(new DbConnectionFactory(db.Options)); // another instance of the app

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => (i % 2 == 0 ? db.Outbox : other).ClaimDeliveryAsync(id, Now, Lease, Ct), Ct)));

        Assert.Single(claims, c => c is not null);
        Assert.Equal(1, (await db.Outbox.FindDeliveryAsync(id, Ct))!.Attempts);
    }

    [Fact]
    public async Task ClaimDeliveryAsync_ReturnsNull_ForUnknownSentCancelledAndFailedDeliveries()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (sent, _) = await db.PendingDeliveryAsync(ws, Now, "U1");
        var (cancelled, _) = await db.PendingDeliveryAsync(ws, Now, "U2");
        var (failed, _) = await db.PendingDeliveryAsync(ws, Now, "U3");
        await db.Outbox.ClaimDeliveryAsync(sent, Now, Lease, Ct);
        await db.Outbox.MarkSentAsync(sent, "ts-1", Now, Ct);
        var cancelledNotes = await db.Outbox.NotificationsAsync(ws, cancelled, Ct);
        await db.Outbox.CancelNotificationsAsync(cancelled, [.. cancelledNotes.Select(n => n.Id)], Ct);
        await db.Outbox.ClaimDeliveryAsync(failed, Now, Lease, Ct);
        await db.Outbox.ReleaseAsync(failed, Now, "channel_not_found", giveUp: true, Ct);
        var later = Now.AddDays(1);

        Assert.Null(await db.Outbox.ClaimDeliveryAsync(987_654, later, Lease, Ct));
        Assert.Null(await db.Outbox.ClaimDeliveryAsync(sent, later, Lease, Ct));
        Assert.Null(await db.Outbox.ClaimDeliveryAsync(cancelled, later, Lease, Ct));
        Assert.Null(await db.Outbox.ClaimDeliveryAsync(failed, later, Lease, Ct));
        Assert.Equal(
            [DeliveryStatus.Sent, DeliveryStatus.Cancelled, DeliveryStatus.Failed],
            [(await db.Outbox.FindDeliveryAsync(sent, Ct))!.Status, (await db.Outbox.FindDeliveryAsync(cancelled, Ct))!.Status, (await db.Outbox.FindDeliveryAsync(failed, Ct))!.Status]);
    }

    [Fact]
    public async Task MarkSentAsync_RecordsTheSend_OnlyFromSending()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (id, _) = await db.PendingDeliveryAsync(ws, Now, "U1", LadderStepKind.HeadsUp, LadderStepKind.Due);

        var whilePending = await db.Outbox.MarkSentAsync(id, "ts-0", Now, Ct);
        await db.Outbox.ClaimDeliveryAsync(id, Now, Lease, Ct);
        var whileSending = await db.Outbox.MarkSentAsync(id, "ts-1", Now.AddSeconds(1), Ct);
        var again = await db.Outbox.MarkSentAsync(id, "ts-2", Now.AddSeconds(2), Ct);

        Assert.Equal((false, true, false), (whilePending, whileSending, again));
        var delivery = (await db.Outbox.FindDeliveryAsync(id, Ct))!;
        Assert.Equal((DeliveryStatus.Sent, "ts-1", (DateTimeOffset?)null), (delivery.Status, delivery.PlatformMessageId, delivery.SendingSince));
        Assert.Empty(await db.Outbox.NotificationsAsync(ws, id, Ct));
        Assert.Equal(["sent", "sent"], await db.QueryAsync<string>("SELECT status FROM notifications WHERE delivery_id = @Id", new { Id = id }));
        Assert.Empty(await db.Outbox.DueDeliveriesAsync(Now.AddDays(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task MarkSentAsync_Refuses_AnEmptyPlatformId()
    {
        await using var db = await NewDatabaseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => db.Outbox.MarkSentAsync(1, "", Now, Ct));
    }

    [Fact]
    public async Task CancelNotificationsAsync_CancelsTheDelivery_OnlyWhenNoneAreLeft()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (id, _) = await db.PendingDeliveryAsync(ws, Now, "U1", LadderStepKind.HeadsUp, LadderStepKind.Due);
        await db.Outbox.ClaimDeliveryAsync(id, Now, Lease, Ct);
        var notes = await db.Outbox.NotificationsAsync(ws, id, Ct);

        await db.Outbox.CancelNotificationsAsync(id, [notes[0].Id], Ct);
        var afterOne = (await db.Outbox.FindDeliveryAsync(id, Ct))!;
        var left = await db.Outbox.NotificationsAsync(ws, id, Ct);
        await db.Outbox.CancelNotificationsAsync(id, [notes[1].Id], Ct);
        var afterBoth = (await db.Outbox.FindDeliveryAsync(id, Ct))!;

        Assert.Equal(DeliveryStatus.Sending, afterOne.Status);
        Assert.Equal([notes[1].Id], left.Select(n => n.Id));
        Assert.Equal(DeliveryStatus.Cancelled, afterBoth.Status);
        Assert.Null(afterBoth.SendingSince);
        Assert.Equal(["cancelled", "cancelled"], await db.QueryAsync<string>("SELECT status FROM notifications WHERE delivery_id = @Id", new { Id = id }));
        Assert.False(await db.Outbox.MarkSentAsync(id, "ts-late", Now, Ct));
    }

    [Fact]
    public async Task CancelNotificationsAsync_LeavesOtherDeliveriesNotifications_Alone()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (mine, _) = await db.PendingDeliveryAsync(ws, Now, "U1");
        var (theirs, _) = await db.PendingDeliveryAsync(ws, Now, "U2");
        var theirNotes = await db.Outbox.NotificationsAsync(ws, theirs, Ct);

        await db.Outbox.CancelNotificationsAsync(mine, [.. theirNotes.Select(n => n.Id)], Ct);

        Assert.Equal(theirNotes, await db.Outbox.NotificationsAsync(ws, theirs, Ct));
        Assert.Equal(DeliveryStatus.Pending, (await db.Outbox.FindDeliveryAsync(mine, Ct))!.Status);
        Assert.Equal(DeliveryStatus.Pending, (await db.Outbox.FindDeliveryAsync(theirs, Ct))!.Status);
    }

    [Fact]
    public async Task ReleaseAsync_ReturnsToPending_OrFailsForGood_OnlyFromSending()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (retry, _) = await db.PendingDeliveryAsync(ws, Now, "U1");
        var (giveUp, _) = await db.PendingDeliveryAsync(ws, Now, "U2");
        await db.Outbox.ClaimDeliveryAsync(retry, Now, Lease, Ct);
        await db.Outbox.ClaimDeliveryAsync(giveUp, Now, Lease, Ct);
        var retryAt = Now.AddMinutes(5);

        await db.Outbox.ReleaseAsync(retry, retryAt, new string('x', 5000), giveUp: false, Ct);
        await db.Outbox.ReleaseAsync(giveUp, Now, "channel_not_found", giveUp: true, Ct);
        await db.Outbox.ReleaseAsync(giveUp, retryAt, "late release", giveUp: false, Ct); // not sending any more: no effect

        var pending = (await db.Outbox.FindDeliveryAsync(retry, Ct))!;
        var failed = (await db.Outbox.FindDeliveryAsync(giveUp, Ct))!;
        Assert.Equal((DeliveryStatus.Pending, retryAt, (DateTimeOffset?)null, 1), (pending.Status, pending.NotBefore, pending.SendingSince, pending.Attempts));
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(500, (await db.ScalarAsync<string>("SELECT last_error FROM deliveries WHERE id = @Id", new { Id = retry }))!.Length);
        Assert.Equal("channel_not_found", await db.ScalarAsync<string>("SELECT last_error FROM deliveries WHERE id = @Id", new { Id = giveUp }));
    }

    [Fact]
    public async Task DueDeliveriesAsync_ListsDuePendingAndStaleSending_Only()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (due, _) = await db.PendingDeliveryAsync(ws, Now, "U1");
        var (later, _) = await db.PendingDeliveryAsync(ws, Now, "U2");
        var (fresh, _) = await db.PendingDeliveryAsync(ws, Now, "U3");
        var (stale, _) = await db.PendingDeliveryAsync(ws, Now, "U4");
        var (sent, _) = await db.PendingDeliveryAsync(ws, Now, "U5");
        var at = Now.AddMinutes(10);
        await db.Outbox.ClaimDeliveryAsync(later, Now, Lease, Ct);
        await db.Outbox.ReleaseAsync(later, at.AddSeconds(1), "retry", giveUp: false, Ct);
        await db.Outbox.ClaimDeliveryAsync(fresh, at - Lease + TimeSpan.FromMilliseconds(1), Lease, Ct);
        await db.Outbox.ClaimDeliveryAsync(stale, at - Lease, Lease, Ct);
        await db.Outbox.ClaimDeliveryAsync(sent, Now, Lease, Ct);
        await db.Outbox.MarkSentAsync(sent, "ts", Now, Ct);

        var listed = await db.Outbox.DueDeliveriesAsync(at, Lease, 10, Ct);
        var limited = await db.Outbox.DueDeliveriesAsync(at, Lease, 1, Ct);

        Assert.Equal(new[] { due, stale }.Order(), listed.Order());
        Assert.Single(limited);
    }

    [Fact]
    public async Task NextEventAtAsync_ReturnsTheEarliestScheduledInstant()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();

        var empty = await db.Outbox.NextEventAtAsync(Ct);
        var c = await db.AddAsync(ws, Now.AddHours(5));
        var ladder = await db.Outbox.NextEventAtAsync(Ct);
        await db.NotifyAsync(c, [Note(c, LadderStepKind.HeadsUp, "U1", deliverAt: Now.AddHours(3))]);
        var notification = await db.Outbox.NextEventAtAsync(Ct);
        var id = Assert.Single(await db.Outbox.BundleAsync(Now.AddHours(3), 10, Ct));
        await db.Outbox.ClaimDeliveryAsync(id, Now.AddHours(3), Lease, Ct);
        await db.Outbox.ReleaseAsync(id, Now.AddHours(1), "retry", giveUp: false, Ct);
        var retry = await db.Outbox.NextEventAtAsync(Ct);

        Assert.Null(empty);
        Assert.Equal(Now.AddHours(5), ladder);
        Assert.Equal(Now.AddHours(3), notification);
        Assert.Equal(Now.AddHours(1), retry);
    }

    [Fact]
    public async Task FindDeliveryAsync_ReadsWhatBundleWrote_AndNullForAnUnknownId()
    {
        await using var db = await NewDatabaseAsync();
        var ws = Samples.NewWorkspace();
        var (id, _) = await db.PendingDeliveryAsync(ws, Now, "U9");

        var found = await db.Outbox.FindDeliveryAsync(id, Ct);

        Assert.Equal(new Delivery(id, ws, RecipientKind.User, "U9", DeliveryStatus.Pending, 0, Now, null, null), found);
        Assert.Null(await db.Outbox.FindDeliveryAsync(id + 1000, Ct));
    }

    private static NewNotification Note(Commitment c, LadderStepKind step, string recipient, RecipientKind kind = RecipientKind.User, DateTimeOffset? deliverAt = null) =>
        new(c.WorkspaceId, c.Id, c.DueVersion, step, kind, recipient, Now, deliverAt ?? Now);
}
