using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Tests.Databases;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The stores a port-level contract test works on (each test gets empty ones: the sweep spans workspaces).</summary>
public sealed record PortStores(ICommitmentStore Commitments, IOutboxStore Outbox, IAsyncDisposable? Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// What Core's use cases and clock tests rely on, asked only through the ports, so the same suite holds the SQL
/// stores on every engine and the in-memory stores (TestSupport) that Core's tests stand in with: numbering, request
/// keys, optimistic versions, notification keys, the claim, bundling, the delivery lease, the next instant, and
/// instants kept in whole milliseconds.
/// </summary>
public abstract class PortContractTests
{
    private static readonly DateTimeOffset Now = Samples.Ms(Samples.Now);
    private static readonly TimeSpan Lease = NotificationDelivery.Lease;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<PortStores> OpenAsync();

    private static async Task<Commitment> AddAsync(PortStores stores, string workspace, DateTimeOffset? nextActionAt, string owner = "U1")
    {
        var draft = Samples.Draft(workspace, owner) with { NextActionAt = nextActionAt, NextStep = nextActionAt is null ? null : LadderStepKind.HeadsUp };
        return (await stores.Commitments.CreateAsync(draft, Samples.Created(workspace, owner), Ct)).Commitment;
    }

    private static SweepDecider Notifying(string recipient) => (claimed, _) => ValueTask.FromResult<IReadOnlyList<SweepDecision>>(
        [.. claimed.Select(c => new SweepDecision(
            c with { LastStep = LadderStepKind.HeadsUp, NextStep = LadderStepKind.Due, NextActionAt = c.DueAt },
            [new CommitmentEvent(c.WorkspaceId, c.Id, Now, CommitmentEventKinds.Bot, CommitmentEventKinds.StepSent, "heads_up")],
            [new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.HeadsUp, RecipientKind.User, recipient, Now, Now)]))]);

    [Fact]
    public async Task Create_NumbersEachWorkspaceFromOne_AndKeepsOneRowPerRequestKey()
    {
        await using var stores = await OpenAsync();
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();

        var a1 = await stores.Commitments.CreateAsync(Samples.Draft(a, clientRequestId: "req-1"), Samples.Created(a), Ct);
        var again = await stores.Commitments.CreateAsync(Samples.Draft(a, clientRequestId: "req-1"), Samples.Created(a), Ct);
        var b1 = await stores.Commitments.CreateAsync(Samples.Draft(b), Samples.Created(b), Ct);
        var a2 = await stores.Commitments.CreateAsync(Samples.Draft(a), Samples.Created(a), Ct);

        Assert.Equal((1, true), (a1.Commitment.Number, a1.Created));
        Assert.Equal((1, false, a1.Commitment.Id), (again.Commitment.Number, again.Created, again.Commitment.Id));
        Assert.Equal(1, b1.Commitment.Number);
        Assert.Equal(2, a2.Commitment.Number);
        Assert.Null(await stores.Commitments.FindByNumberAsync(b, 2, Ct));
    }

    [Fact]
    public async Task Instants_AreKeptInWholeMilliseconds()
    {
        await using var stores = await OpenAsync();
        var ws = Samples.NewWorkspace();
        var draft = Samples.Draft(ws) with { DueAt = Samples.Now.AddDays(2), NextActionAt = Samples.Now.AddDays(1) };

        var saved = (await stores.Commitments.CreateAsync(draft, Samples.Created(ws), Ct)).Commitment;
        var read = await stores.Commitments.FindAsync(ws, saved.Id, Ct);

        Assert.Equal(Samples.Ms(Samples.Now.AddDays(2)), read!.DueAt);
        Assert.Equal(Samples.Ms(Samples.Now), read.WindowStart);
        Assert.Equal(Samples.Ms(Samples.Now.AddDays(1)), read.NextActionAt);
    }

    [Fact]
    public async Task Update_RefusesAStaleVersion_AndWritesEachNotificationKeyOnce()
    {
        await using var stores = await OpenAsync();
        var c = await AddAsync(stores, Samples.NewWorkspace(), Now.AddDays(1));
        var note = Samples.Notification(c, LadderStepKind.EarlyWarning);

        var first = await stores.Commitments.UpdateAsync(c with { Text = "first" }, [], [note], Ct);
        var stale = await stores.Commitments.UpdateAsync(c with { Text = "stale" }, [], [note], Ct);
        var second = await stores.Commitments.UpdateAsync(first! with { Text = "second" }, [], [note], Ct);

        Assert.NotNull(first);
        Assert.Null(stale);
        Assert.Equal("second", (await stores.Commitments.FindAsync(c.WorkspaceId, c.Id, Ct))!.Text);
        Assert.Equal(c.Version + 2, second!.Version);
        var bundled = await stores.Outbox.BundleAsync(Now, 100, Ct);
        var delivery = Assert.Single(bundled);
        Assert.Single(await stores.Outbox.NotificationsAsync(c.WorkspaceId, delivery, Ct));
    }

    [Fact]
    public async Task Sweep_ClaimsOnlyDueRows_AndSavesTheDecisions()
    {
        await using var stores = await OpenAsync();
        var a = Samples.NewWorkspace();
        var due = await AddAsync(stores, a, Now.AddMinutes(-5));
        var dueNow = await AddAsync(stores, Samples.NewWorkspace(), Now);
        var later = await AddAsync(stores, a, Now.AddMilliseconds(1));
        await AddAsync(stores, a, nextActionAt: null);
        var seen = new List<long>();

        var claimed = await stores.Outbox.SweepAsync(Now, 100, async (rows, ct) =>
        {
            seen.AddRange(rows.Select(r => r.Id));
            return await Notifying("U1")(rows, ct);
        }, Ct);

        Assert.Equal(2, claimed);
        Assert.Equal(new[] { due.Id, dueNow.Id }.Order(), seen.Order());
        Assert.Equal(due.DueAt, (await stores.Commitments.FindAsync(a, due.Id, Ct))!.NextActionAt);
        Assert.Equal(Now.AddMilliseconds(1), (await stores.Commitments.FindAsync(a, later.Id, Ct))!.NextActionAt);
        Assert.Equal(0, await stores.Outbox.SweepAsync(Now, 100, Notifying("U1"), Ct));
    }

    [Fact]
    public async Task Bundle_MakesOneDeliveryPerRecipient_AndTheLeaseLetsOneWorkerSendIt()
    {
        await using var stores = await OpenAsync();
        var ws = Samples.NewWorkspace();
        await AddAsync(stores, ws, Now.AddMinutes(-1));
        await AddAsync(stores, ws, Now.AddMinutes(-2));
        await stores.Outbox.SweepAsync(Now, 100, Notifying("M1"), Ct);

        var delivery = Assert.Single(await stores.Outbox.BundleAsync(Now, 100, Ct));
        Assert.Equal(2, (await stores.Outbox.NotificationsAsync(ws, delivery, Ct)).Count);
        var claim = await stores.Outbox.ClaimDeliveryAsync(delivery, Now, Lease, Ct);
        var second = await stores.Outbox.ClaimDeliveryAsync(delivery, Now.AddSeconds(30), Lease, Ct);
        var stale = await stores.Outbox.DueDeliveriesAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10, Ct);
        var recovered = await stores.Outbox.ClaimDeliveryAsync(delivery, Now + Lease + TimeSpan.FromSeconds(1), Lease, Ct);

        Assert.NotNull(claim);
        Assert.False(claim.Recovering);
        Assert.Null(second);
        Assert.Equal([delivery], stale);
        Assert.True(recovered!.Recovering);
        Assert.Equal(Now, recovered.PreviousSendStartedAt);
        Assert.True(await stores.Outbox.MarkSentAsync(delivery, "msg-1", Now + Lease, Ct));
        Assert.Equal(DeliveryStatus.Sent, (await stores.Outbox.FindDeliveryAsync(delivery, Ct))!.Status);
        Assert.Empty(await stores.Outbox.DueDeliveriesAsync(Now.AddHours(1), Lease, 10, Ct));
    }

    [Fact]
    public async Task Release_PutsADeliveryBackUntilItsRetryInstant_WhichIsTheNextEvent()
    {
        await using var stores = await OpenAsync();
        var ws = Samples.NewWorkspace();
        await AddAsync(stores, ws, Now.AddMinutes(-1));
        await stores.Outbox.SweepAsync(Now, 100, Notifying("U1"), Ct);
        var delivery = Assert.Single(await stores.Outbox.BundleAsync(Now, 100, Ct));
        await stores.Outbox.ClaimDeliveryAsync(delivery, Now, Lease, Ct);

        await stores.Outbox.ReleaseAsync(delivery, Now.AddSeconds(30), "rate limited", giveUp: false, Ct);

        Assert.Null(await stores.Outbox.ClaimDeliveryAsync(delivery, Now.AddSeconds(29), Lease, Ct));
        Assert.Equal(Now.AddSeconds(30), await stores.Outbox.NextEventAtAsync(Ct));
        Assert.NotNull(await stores.Outbox.ClaimDeliveryAsync(delivery, Now.AddSeconds(30), Lease, Ct));
    }
}

/// <summary>The in-memory stores of TestSupport, held to the same contract as the SQL stores.</summary>
public sealed class InMemoryPortContractTests : PortContractTests
{
    protected override Task<PortStores> OpenAsync()
    {
        var stores = new InMemoryStores();
        return Task.FromResult(new PortStores(stores, stores, null));
    }
}

/// <summary>The port contract on a real engine: a fresh migrated database per test.</summary>
public abstract class SqlPortContractTests(DatabaseFixture database) : PortContractTests
{
    protected override async Task<PortStores> OpenAsync()
    {
        var db = await ClockDatabase.CreateAsync(database);
        return new PortStores(db.Commitments, db.Outbox, db);
    }
}
