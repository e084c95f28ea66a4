using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The <c>IWorkspaceStore</c> contract, run against every engine.</summary>
public abstract class WorkspaceStoreTests(DatabaseFixture database)
{
    private readonly FakeTimeProvider time = new(Samples.Now);

    private WorkspaceStore Store => new(database.Connections, time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAsync_InsertsAtVersionOne_AndFindReadsEverySetting()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var settings = WorkspaceSettings.NewFor(ws, "slack") with
        {
            EscalationChannelId = "C42",
            DateOrder = DateOrder.DMY,
            Policy = EscalationPolicy.Default with
            {
                HeadsUpFraction = 0.3,
                HeadsUpMinimum = TimeSpan.FromMinutes(90),
                HeadsUpMaximum = TimeSpan.FromDays(3),
                OverdueAfter = TimeSpan.FromHours(1.5),
                ChannelWithoutManagerWorkingDays = 2,
            },
            AdminToldNoManagerAt = Samples.Now,
        };

        var saved = await store.SaveAsync(settings, Ct);
        var read = await store.FindAsync(ws, Ct);

        Assert.Equal(settings with { Version = 1, AdminToldNoManagerAt = Samples.Ms(Samples.Now) }, saved);
        Assert.Equal(saved, read);
        Assert.Null(await store.FindAsync(Samples.NewWorkspace(), Ct));
    }

    [Fact]
    public async Task SaveAsync_UpdatesAndBumpsTheVersion_WhenTheVersionMatches()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var v1 = await store.SaveAsync(WorkspaceSettings.NewFor(ws, "teams"), Ct);

        var v2 = await store.SaveAsync(v1! with { EscalationChannelId = "19:abc@thread.tacv2", AdminToldNoChannelAt = Samples.Now }, Ct);
        var stale = await store.SaveAsync(v1 with { DateOrder = DateOrder.DMY }, Ct);

        Assert.Equal(2, v2!.Version);
        Assert.Null(stale);
        Assert.Equal(v2, await store.FindAsync(ws, Ct));
    }

    [Fact]
    public async Task SaveAsync_LetsExactlyOneFirstInsertWin_WhenCallersRace()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.SaveAsync(WorkspaceSettings.NewFor(ws, "slack") with { EscalationChannelId = "C" + i }, Ct), Ct)));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, await store.FindAsync(ws, Ct));
    }

    [Fact]
    public async Task SaveAsync_ReturnsNull_WhenInsertingAWorkspaceThatExists()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        await store.SaveAsync(WorkspaceSettings.NewFor(ws, "slack") with { EscalationChannelId = "C1" }, Ct);

        var second = await store.SaveAsync(WorkspaceSettings.NewFor(ws, "slack") with { EscalationChannelId = "C2" }, Ct);

        Assert.Null(second);
        Assert.Equal("C1", (await store.FindAsync(ws, Ct))!.EscalationChannelId);
    }

    [Fact]
    public async Task SaveAsync_StoresThePolicyAsReadableJson_WithDurationsAsTimeSpanText()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        await store.SaveAsync(WorkspaceSettings.NewFor(ws, "slack") with { Policy = EscalationPolicy.Default with { ManagerAfter = TimeSpan.FromHours(6) } }, Ct);

        var json = await database.Connections.QuerySingleOrDefaultAsync<string>(
            "SELECT policy FROM workspaces WHERE workspace_id = @WorkspaceId",
            new { WorkspaceId = ws },
            Ct);

        Assert.Contains("\"managerAfter\":\"06:00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"headsUpMaximum\":\"2.00:00:00\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseAsync_RemovesOneWorkspacesData_AndLeavesEveryOtherWorkspaceAlone()
    {
        var store = Store;
        var commitments = new CommitmentStore(database.Connections);
        var people = new PeopleStore(database.Connections, time);
        var erased = Samples.NewWorkspace();
        var kept = Samples.NewWorkspace();
        foreach (var ws in (string[])[erased, kept])
        {
            await store.SaveAsync(WorkspaceSettings.NewFor(ws, "sandbox") with { EscalationChannelId = "escalations" }, Ct);
            await people.UpsertAsync(new Person { WorkspaceId = ws, UserId = "U1", DisplayName = "Ann" }, Ct);
            var (c, _) = await commitments.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
            await commitments.UpdateAsync(c with { Status = CommitmentBot.Core.Commitments.CommitmentStatus.AtRisk }, [Samples.Event(c, CommitmentBot.Core.Commitments.CommitmentEventKinds.AtRisk)], [Samples.Notification(c, LadderStepKind.HeadsUp)], Ct);
        }

        await new WorkspaceEraser(database.Connections).EraseAsync(erased, Ct);

        Assert.Null(await store.FindAsync(erased, Ct));
        Assert.Empty(await people.ListAsync(erased, 10, Ct));
        Assert.Null(await commitments.FindByNumberAsync(erased, 1, Ct));
        Assert.NotNull(await store.FindAsync(kept, Ct));
        Assert.Single(await people.ListAsync(kept, 10, Ct));
        var survivor = await commitments.FindByNumberAsync(kept, 1, Ct);
        Assert.NotNull(survivor);
        Assert.Equal(2, (await commitments.HistoryAsync(kept, survivor.Id, Ct)).Count);

        // The erased workspace starts over: its next promise is number 1 again.
        var (fresh, created) = await commitments.CreateAsync(Samples.Draft(erased), Samples.Created(erased), Ct);
        Assert.True(created);
        Assert.Equal(1, fresh.Number);
    }
}
