using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// Issue 9.19 in storage: a change of manager and its notices are written together or not at all, the notices are
/// about no promise (no commitment) yet go through the same outbox, and the same change made twice is told once.
/// </summary>
public abstract class ManagerChangeStorageTests(DatabaseFixture database)
{
    private static readonly DateTimeOffset Now = Samples.Ms(Samples.Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ManagerChangeNotice[] Notices(params string[] ids) => [.. ids.Select(id => new ManagerChangeNotice(id, Now))];

    [Fact]
    public async Task ChangeManagerAsync_SetsTheManager_AndItsNoticesAreDeliveredThroughTheOutbox()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var ws = Samples.NewWorkspace();
        await db.People.UpsertAsync(new Person { WorkspaceId = ws, UserId = "U1", ManagerId = "M1" }, Ct);
        var change = new ManagerChange(ws, "U1", "M1", "M2", "U1", Now);

        Assert.True(await db.People.ChangeManagerAsync(change, Notices("M1", "M2", "A1"), Ct));

        Assert.Equal("M2", (await db.People.FindAsync(ws, "U1", Ct))!.ManagerId);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE commitment_id IS NULL AND manager_change_id IS NOT NULL"));
        var deliveries = await db.Outbox.BundleAsync(Now, 100, Ct);
        var told = new Dictionary<string, OutboxNotification>();
        foreach (var id in deliveries)
        {
            var delivery = (await db.Outbox.FindDeliveryAsync(id, Ct))!;
            told[delivery.RecipientId] = Assert.Single(await db.Outbox.NotificationsAsync(ws, id, Ct));
        }

        Assert.Equal(["A1", "M1", "M2"], told.Keys.Order(StringComparer.Ordinal));
        Assert.All(told.Values, n =>
        {
            Assert.Equal(LadderStepKind.ManagerChangeNotice, n.Step);
            Assert.Equal(0, n.CommitmentId);
            Assert.Equal(change, n.ManagerChange);
        });
    }

    [Fact]
    public async Task ChangeManagerAsync_WritesNothing_WhenTheManagerIsNoLongerTheOneItWasDecidedOn()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var ws = Samples.NewWorkspace();
        await db.People.UpsertAsync(new Person { WorkspaceId = ws, UserId = "U1" }, Ct);
        Assert.True(await db.People.ChangeManagerAsync(new ManagerChange(ws, "U1", null, "M1", "U1", Now), Notices("M1"), Ct));

        // A retry of the same request, and a change decided on what is now stale: both find the manager moved on.
        var retried = await db.People.ChangeManagerAsync(new ManagerChange(ws, "U1", null, "M1", "U1", Now), Notices("M1"), Ct);
        var stale = await db.People.ChangeManagerAsync(new ManagerChange(ws, "U1", "M9", null, "A1", Now), Notices("M9"), Ct);
        var dropped = await db.People.ChangeManagerAsync(new ManagerChange(ws, "U1", "M1", null, "U1", Now), Notices("M1", "A1"), Ct);

        Assert.False(retried);
        Assert.False(stale);
        Assert.True(dropped);
        Assert.Null((await db.People.FindAsync(ws, "U1", Ct))!.ManagerId);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM manager_changes"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications"));
    }

    [Fact]
    public async Task ChangeManagerAsync_IsScopedToItsWorkspace()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await db.People.UpsertAsync(new Person { WorkspaceId = other, UserId = "U1", ManagerId = "M1" }, Ct);

        Assert.False(await db.People.ChangeManagerAsync(new ManagerChange(ws, "U1", "M1", "M2", "U1", Now), Notices("M1"), Ct));

        Assert.Equal("M1", (await db.People.FindAsync(other, "U1", Ct))!.ManagerId);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications"));
    }
}
