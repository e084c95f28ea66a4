using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The <c>IPeopleStore</c> contract, run against every engine.</summary>
public abstract class PeopleStoreTests(DatabaseFixture database)
{
    private readonly FakeTimeProvider time = new(Samples.Now);

    private PeopleStore Store => new(database.Connections, time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Person Person(string workspaceId, string userId, string? managerId = null, bool isAdmin = false) => new()
    {
        WorkspaceId = workspaceId,
        UserId = userId,
        DisplayName = "Person " + userId,
        ManagerId = managerId,
        IsAdmin = isAdmin,
    };

    [Fact]
    public async Task UpsertAsync_InsertsThenReplaces_WhenThePersonChanges()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        Assert.True(WorkingHours.TryParse("Sun-Thu 09:00-17:30", out var hours, out _));
        var first = Person(ws, "U1", managerId: "M1") with
        {
            TimeZone = "Asia/Jerusalem",
            PlatformTimeZone = "Europe/London",
            WorkingHours = hours,
            DisplayName = "Dana Ló",
        };

        await store.UpsertAsync(first, Ct);
        var inserted = await store.FindAsync(ws, "U1", Ct);
        var second = first with { ManagerId = "M2", TimeZone = null, WorkingHours = null, IsAdmin = true };
        await store.UpsertAsync(second, Ct);
        var replaced = await store.FindAsync(ws, "U1", Ct);

        Assert.Equal(first, inserted);
        Assert.Equal(hours, inserted!.WorkingHours);
        Assert.Equal(second, replaced);
    }

    [Fact]
    public async Task FindManyAsync_ReturnsTheKnownPeopleOfTheWorkspace_LeavingOutUnknownIds()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await store.UpsertAsync(Person(ws, "U1"), Ct);
        await store.UpsertAsync(Person(ws, "U2"), Ct);
        await store.UpsertAsync(Person(other, "U3"), Ct);

        var found = await store.FindManyAsync(ws, ["U2", "U1", "U3", "U9", "U1"], Ct);

        Assert.Equal(["U1", "U2"], found.Select(p => p.UserId).Order());
        Assert.All(found, p => Assert.Equal(ws, p.WorkspaceId));
        Assert.Empty(await store.FindManyAsync(ws, [], Ct));
    }

    [Fact]
    public async Task ListReportsAsync_ReturnsTheManagersReportsInThisWorkspaceOnly()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await store.UpsertAsync(Person(ws, "U1", "M1"), Ct);
        await store.UpsertAsync(Person(ws, "U2", "M1"), Ct);
        await store.UpsertAsync(Person(ws, "U3", "M2"), Ct);
        await store.UpsertAsync(Person(other, "U4", "M1"), Ct);

        var reports = await store.ListReportsAsync(ws, "M1", Ct);

        Assert.Equal(["U1", "U2"], reports.Select(p => p.UserId));
        Assert.Equal(["U4"], (await store.ListReportsAsync(other, "M1", Ct)).Select(p => p.UserId));
        Assert.Empty(await store.ListReportsAsync(ws, "U1", Ct));
    }

    [Fact]
    public async Task ListAdminsAsync_ReturnsOnlyTheWorkspacesAdmins()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await store.UpsertAsync(Person(ws, "A1", isAdmin: true), Ct);
        await store.UpsertAsync(Person(ws, "U1"), Ct);
        await store.UpsertAsync(Person(other, "A2", isAdmin: true), Ct);

        var admins = await store.ListAdminsAsync(ws, Ct);

        Assert.Equal(["A1"], admins.Select(p => p.UserId));
        Assert.True(admins[0].IsAdmin);
    }

    [Fact]
    public async Task FindAsync_ReturnsNull_WhenTheUserIsOnlyKnownInAnotherWorkspace()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        await store.UpsertAsync(Person(other, "U1"), Ct);

        Assert.Null(await store.FindAsync(ws, "U1", Ct));
        Assert.NotNull(await store.FindAsync(other, "U1", Ct));
    }

    [Fact]
    public async Task FindAsync_TellsUsersApart_WhenIdsDifferOnlyInCase()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        await store.UpsertAsync(Person(ws, "Uabc") with { DisplayName = "lower" }, Ct);
        await store.UpsertAsync(Person(ws, "UABC") with { DisplayName = "upper" }, Ct);

        Assert.Equal("lower", (await store.FindAsync(ws, "Uabc", Ct))!.DisplayName);
        Assert.Equal("upper", (await store.FindAsync(ws, "UABC", Ct))!.DisplayName);
    }
}
