using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// Migration 0010: the weekly digest goes through the outbox. Its claim (person and ISO week, the idempotency key) and
/// its pending delivery, marked with the week, are written together, once, on every engine.
/// </summary>
public abstract class DigestOutboxStorageTests(DatabaseFixture database)
{
    private DigestStore Digests => new(database.Connections);

    private OutboxStore Outbox => new(database.Connections);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enqueue_WritesOnePendingDigestDelivery_PerPersonAndWeek()
    {
        var ws = Samples.NewWorkspace();
        var notBefore = Samples.Now.AddMinutes(-5);

        var first = await Digests.EnqueueAsync(ws, "maria", "2026-W48", notBefore, Samples.Now, Ct);
        var again = await Digests.EnqueueAsync(ws, "maria", "2026-W48", notBefore, Samples.Now.AddMinutes(1), Ct);
        var otherInstance = await new DigestStore(database.Connections).EnqueueAsync(ws, "maria", "2026-W48", notBefore, Samples.Now.AddMinutes(2), Ct);
        var nextWeek = await Digests.EnqueueAsync(ws, "maria", "2026-W49", notBefore.AddDays(7), Samples.Now.AddDays(7), Ct);
        var rep = await Digests.EnqueueAsync(ws, "ana", "2026-W48", notBefore, Samples.Now, Ct);

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.Null(otherInstance);
        Assert.NotNull(nextWeek);
        Assert.NotNull(rep);
        var delivery = await Outbox.FindDeliveryAsync(first.Value, Ct);
        Assert.NotNull(delivery);
        Assert.Equal(
            (ws, RecipientKind.User, "maria", DeliveryStatus.Pending, 0, "2026-W48"),
            (delivery.WorkspaceId, delivery.RecipientKind, delivery.RecipientId, delivery.Status, delivery.Attempts, delivery.DigestWeek));
        Assert.Equal(Samples.Ms(notBefore), delivery.NotBefore);
        Assert.Equal("2026-W49", (await Outbox.FindDeliveryAsync(nextWeek.Value, Ct))!.DigestWeek);
    }

    [Fact]
    public async Task ADigestDelivery_IsClaimedSentAndCancelled_LikeAnyOther_AndHasNoNotifications()
    {
        var ws = Samples.NewWorkspace();
        var id = (await Digests.EnqueueAsync(ws, "maria", "2026-W48", Samples.Now, Samples.Now, Ct))!.Value;
        var empty = (await Digests.EnqueueAsync(ws, "ana", "2026-W48", Samples.Now, Samples.Now, Ct))!.Value;

        Assert.Null(await Outbox.ClaimDeliveryAsync(id, Samples.Now.AddMilliseconds(-1), TimeSpan.FromMinutes(2), Ct)); // not before its time
        var claim = await Outbox.ClaimDeliveryAsync(id, Samples.Now, TimeSpan.FromMinutes(2), Ct);
        Assert.NotNull(claim);
        Assert.Equal(("2026-W48", DeliveryStatus.Sending), (claim.Delivery.DigestWeek, claim.Delivery.Status));
        Assert.Empty(await Outbox.NotificationsAsync(ws, id, Ct));
        Assert.True(await Outbox.MarkSentAsync(id, "m-1", Samples.Now, Ct));
        Assert.Equal(DeliveryStatus.Sent, (await Outbox.FindDeliveryAsync(id, Ct))!.Status);

        // Nothing to say: the delivery path cancels it with no notification ids.
        Assert.NotNull(await Outbox.ClaimDeliveryAsync(empty, Samples.Now, TimeSpan.FromMinutes(2), Ct));
        await Outbox.CancelNotificationsAsync(empty, [], Ct);
        Assert.Equal(DeliveryStatus.Cancelled, (await Outbox.FindDeliveryAsync(empty, Ct))!.Status);
    }

    [Fact]
    public async Task Enqueue_RefusesAnOversizedKey_AndWritesNothing()
    {
        var ws = Samples.NewWorkspace();

        await Assert.ThrowsAsync<ArgumentException>(() => Digests.EnqueueAsync(ws, "maria", new string('W', 17), Samples.Now, Samples.Now, Ct));

        Assert.NotNull(await Digests.EnqueueAsync(ws, "maria", "2026-W48", Samples.Now, Samples.Now, Ct));
    }

    [Fact]
    public async Task EnqueueMany_ClaimsAManagerAndTheirRepsAtOnce_LeavingOutWhoWasClaimed_AndReadsWhoSwitchedItOff()
    {
        var ws = Samples.NewWorkspace();
        var notBefore = Samples.Now.AddMinutes(-5);
        var earlier = await Digests.EnqueueAsync(ws, "ana", "2026-W48", notBefore, Samples.Now, Ct);
        await Digests.SetEnabledAsync(ws, "ben", false, Samples.Now, Ct);
        await Digests.SetEnabledAsync(ws, "cat", true, Samples.Now, Ct);

        var off = await Digests.DisabledAsync(ws, ["maria", "ana", "ben", "cat"], Ct);
        var claims = await Digests.EnqueueAsync(ws, ["maria", "ana", "cat", "cat"], "2026-W48", notBefore, Samples.Now, Ct);
        var again = await new DigestStore(database.Connections).EnqueueAsync(ws, ["maria", "ana", "cat"], "2026-W48", notBefore, Samples.Now, Ct);

        Assert.NotNull(earlier);
        Assert.Equal(["ben"], off);
        Assert.Equal(["maria", "cat"], claims.Select(c => c.UserId));
        Assert.Empty(again);
        foreach (var claim in claims)
        {
            var delivery = await Outbox.FindDeliveryAsync(claim.DeliveryId, Ct);
            Assert.Equal((ws, claim.UserId, DeliveryStatus.Pending, "2026-W48"), (delivery!.WorkspaceId, delivery.RecipientId, delivery.Status, delivery.DigestWeek));
            Assert.Equal(Samples.Ms(notBefore), delivery.NotBefore);
        }

        Assert.Empty(await Digests.EnqueueAsync(ws, [], "2026-W48", notBefore, Samples.Now, Ct));
        Assert.Empty(await Digests.DisabledAsync(Samples.NewWorkspace(), ["ben"], Ct));
    }

    [Fact]
    public async Task Recipient_IsThePersonWithTheirSwitchAndWhetherAnyoneReportsToThem_InOneRead()
    {
        var ws = Samples.NewWorkspace();
        var people = new PeopleStore(database.Connections, TimeProvider.System);
        await people.UpsertAsync(new Person { WorkspaceId = ws, UserId = "maria", DisplayName = "Maria", TimeZone = "Europe/Berlin" }, Ct);
        await people.UpsertAsync(new Person { WorkspaceId = ws, UserId = "ana", DisplayName = "Ana", ManagerId = "maria" }, Ct);
        await people.UpsertAsync(new Person { WorkspaceId = Samples.NewWorkspace(), UserId = "zed", DisplayName = "Zed", ManagerId = "ana" }, Ct);
        await Digests.SetEnabledAsync(ws, "maria", false, Samples.Now, Ct);

        var maria = await Digests.RecipientAsync(ws, "maria", Ct);
        var ana = await Digests.RecipientAsync(ws, "ana", Ct);

        Assert.Equal(("Maria", "Europe/Berlin", false, true), (maria!.Person.DisplayName, maria.Person.TimeZone, maria.Enabled, maria.HasReports));
        Assert.Equal(("Ana", "maria", true, false), (ana!.Person.DisplayName, ana.Person.ManagerId, ana.Enabled, ana.HasReports)); // zed reports to another workspace's ana
        Assert.Null(await Digests.RecipientAsync(ws, "nobody", Ct));
    }

    [Fact]
    public async Task TwoRunsClaimingTheSamePeopleInOppositeOrders_AtOnce_ClaimEachOnce_AndNeverDeadlock()
    {
        // Two people who manage each other (nothing forbids it): each one's run claims itself first, then the other.
        var ws = Samples.NewWorkspace();
        for (var week = 10; week < 30; week++)
        {
            var key = "2027-W" + week.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = new[] { new[] { "bob", "ana", "cat" }, new[] { "cat", "ana", "bob" } }
                .Select(order => Task.Run(async () => { await start.Task; return await new DigestStore(database.Connections).EnqueueAsync(ws, order, key, Samples.Now, Samples.Now, Ct); }, Ct))
                .ToList();
            start.SetResult();
            var claims = (await Task.WhenAll(runs)).SelectMany(c => c).ToList();

            Assert.Equal(["ana", "bob", "cat"], claims.Select(c => c.UserId).Order(StringComparer.Ordinal));
            Assert.Equal(3, claims.Select(c => c.DeliveryId).Distinct().Count());
        }
    }
}
