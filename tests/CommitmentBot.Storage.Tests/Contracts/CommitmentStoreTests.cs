using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The <see cref="ICommitmentStore"/> contract, run against every engine.</summary>
public abstract class CommitmentStoreTests(DatabaseFixture database)
{
    private DbConnectionFactory Connections => database.Connections;

    private CommitmentStore Store => new(Connections);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_NumbersEachWorkspaceFromOne_WhenTwoWorkspacesInterleave()
    {
        var store = Store;
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();

        var a1 = await store.CreateAsync(Samples.Draft(a), Samples.Created(a), Ct);
        var b1 = await store.CreateAsync(Samples.Draft(b), Samples.Created(b), Ct);
        var a2 = await store.CreateAsync(Samples.Draft(a), Samples.Created(a), Ct);
        var a3 = await store.CreateAsync(Samples.Draft(a), Samples.Created(a), Ct);
        var b2 = await store.CreateAsync(Samples.Draft(b), Samples.Created(b), Ct);

        Assert.Equal(["P-1", "P-2", "P-3"], new[] { a1, a2, a3 }.Select(c => c.Commitment.ShortId));
        Assert.Equal(["P-1", "P-2"], new[] { b1, b2 }.Select(c => c.Commitment.ShortId));
        Assert.All(new[] { a1, a2, a3, b1, b2 }, c => Assert.True(c.Created));
        Assert.Equal(5, new[] { a1, a2, a3, b1, b2 }.Select(c => c.Commitment.Id).Distinct().Count());
    }

    [Fact]
    public async Task CreateAsync_ReturnsWhatFindReads_WhenEveryFieldIsSet()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var policy = EscalationPolicy.Default with { HeadsUpFraction = 0.4, ManagerAfter = TimeSpan.FromHours(6), SnoozeWorkingDays = 2 };
        var draft = Samples.Draft(ws, ownerId: "U7", clientRequestId: "req-1") with
        {
            CreatedById = "U8",
            Customer = "Globex",
            DueZone = "UTC+05:30",
            Status = CommitmentStatus.AtRisk,
            DueVersion = 3,
            Policy = policy,
            LastStep = LadderStepKind.Due,
            ManagerNotifiedAt = Samples.Now.AddHours(1),
            RepRespondedAt = Samples.Now.AddHours(2),
            ManagerAcknowledgedAt = Samples.Now.AddHours(3),
            RiskFlaggedAt = Samples.Now.AddHours(4),
            RiskRaisedBeforeDue = true,
        };

        var (created, wasCreated) = await store.CreateAsync(draft, Samples.Created(ws, "U8"), Ct);
        var byId = await store.FindAsync(ws, created.Id, Ct);
        var byNumber = await store.FindByNumberAsync(ws, created.Number, Ct);

        Assert.True(wasCreated);
        Assert.Equal(1, created.Version);
        Assert.Equal(created, byId);
        Assert.Equal(created, byNumber);
        var expected = draft with
        {
            Id = created.Id,
            Number = 1,
            Version = 1,
            DueAt = Samples.Ms(draft.DueAt),
            CreatedAt = Samples.Ms(draft.CreatedAt),
            WindowStart = Samples.Ms(draft.WindowStart),
            NextActionAt = Samples.Ms(draft.NextActionAt!.Value),
            ManagerNotifiedAt = Samples.Ms(draft.ManagerNotifiedAt!.Value),
            RepRespondedAt = Samples.Ms(draft.RepRespondedAt!.Value),
            ManagerAcknowledgedAt = Samples.Ms(draft.ManagerAcknowledgedAt!.Value),
            RiskFlaggedAt = Samples.Ms(draft.RiskFlaggedAt!.Value),
        };
        Assert.Equal(expected, byId);
        Assert.Equal(TimeSpan.Zero, byId!.DueAt.Offset);
    }

    [Fact]
    public async Task CreateAsync_ReturnsTheFirstCommitment_WhenTheClientRequestIdRepeats()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var first = await store.CreateAsync(Samples.Draft(ws, clientRequestId: "click-1"), Samples.Created(ws), Ct);
        var retry = await store.CreateAsync(Samples.Draft(ws, clientRequestId: "click-1", text: "different text"), Samples.Created(ws), Ct);
        var next = await store.CreateAsync(Samples.Draft(ws, clientRequestId: "click-2"), Samples.Created(ws), Ct);

        Assert.True(first.Created);
        Assert.False(retry.Created);
        Assert.Equal(first.Commitment, retry.Commitment);
        Assert.Equal(2, next.Commitment.Number);
        Assert.Single(await store.HistoryAsync(ws, first.Commitment.Id, Ct));
        Assert.Equal(2L, await CountAsync("commitments", ws));
    }

    [Fact]
    public async Task CreateAsync_StoresOneCommitment_When20RequestsWithTheSameClientIdRace()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => store.CreateAsync(Samples.Draft(ws, clientRequestId: "double-click"), Samples.Created(ws), Ct), Ct)));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Commitment.Id).Distinct());
        Assert.Equal(1L, await CountAsync("commitments", ws));
        Assert.Equal(1L, await CountAsync("commitment_events", ws));
        var next = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        Assert.Equal(2, next.Commitment.Number);
    }

    [Fact]
    public async Task CreateAsync_ReturnsTheWinner_WhenAnotherTransactionCommitsTheSameClientIdFirst()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var winnerRow = CommitmentMapping.ToRow(Samples.Draft(ws, clientRequestId: "race") with { Number = 99, Version = 1 });
        var other = await Connections.BeginWriteAsync(Ct);
        Task<(Commitment Commitment, bool Created)> racing;
        await using (other)
        {
            winnerRow.Id = (await other.ExecuteScalarAsync<long>(Connections.Dialect.InsertCommitment, winnerRow, Ct))!;

            // Ours now waits: at the unique index on PostgreSQL and SQL Server, at the write gate on SQLite.
            racing = Task.Run(() => store.CreateAsync(Samples.Draft(ws, clientRequestId: "race"), Samples.Created(ws), Ct), Ct);
            await Task.Delay(300, Ct);
            Assert.False(racing.IsCompleted);
            await other.CommitAsync();
        }

        var (commitment, created) = await racing;

        Assert.False(created);
        Assert.Equal(winnerRow.Id, commitment.Id);
        Assert.Equal(99, commitment.Number);
        Assert.Equal(0L, await CountAsync("commitment_events", ws));
        var next = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        Assert.Equal(1, next.Commitment.Number);
    }

    [Fact]
    public async Task CreateAsync_KeepsClientRequestIdsApart_WhenTwoWorkspacesUseTheSameOne()
    {
        var store = Store;
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();

        var inA = await store.CreateAsync(Samples.Draft(a, clientRequestId: "same"), Samples.Created(a), Ct);
        var inB = await store.CreateAsync(Samples.Draft(b, clientRequestId: "same"), Samples.Created(b), Ct);

        Assert.True(inA.Created);
        Assert.True(inB.Created);
        Assert.NotEqual(inA.Commitment.Id, inB.Commitment.Id);
        Assert.Equal(b, inB.Commitment.WorkspaceId);
    }

    [Fact]
    public async Task CreateAsync_RecordsTheCreatedEventWithTheNewId_WhenTheEventHasNone()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws, "U1") with { Note = "from /promise" }, Ct);
        var history = await store.HistoryAsync(ws, commitment.Id, Ct);

        var created = Assert.Single(history);
        Assert.Equal(commitment.Id, created.CommitmentId);
        Assert.Equal(CommitmentEventKinds.Created, created.Kind);
        Assert.Equal("from /promise", created.Note);
        Assert.Equal(Samples.Ms(Samples.Now), created.At);
        Assert.True(created.Id > 0);
    }

    [Fact]
    public async Task CreateAsync_LeavesNoRowAndNoNumberUsed_WhenTheTransactionFails()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var broken = Samples.Created(ws) with { ActorId = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => store.CreateAsync(Samples.Draft(ws), broken, Ct));

        Assert.Equal(0L, await CountAsync("commitments", ws));
        Assert.Equal(0L, await CountAsync("commitment_events", ws));
        var next = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        Assert.Equal(1, next.Commitment.Number);
    }

    [Fact]
    public async Task CreateAsync_RefusesWithAClearError_WhenTheTextIsTooLongForTheSchema()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync(Samples.Draft(ws, text: new string('x', 501)), Samples.Created(ws), Ct));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("commitments", ws));
    }

    [Fact]
    public async Task UpdateAsync_SavesTheChangeAndBumpsTheVersion_WhenTheVersionMatches()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        var closedAt = Samples.Now.AddDays(1);
        var change = commitment with
        {
            Status = CommitmentStatus.Kept,
            ClosedAt = closedAt,
            NextStep = null,
            NextActionAt = null,
            Text = "Send the revised quote (v2)",
            DueZone = "America/Chicago",
        };

        var saved = await store.UpdateAsync(change, [Samples.Event(commitment, CommitmentEventKinds.Kept)], [], Ct);
        var read = await store.FindAsync(ws, commitment.Id, Ct);

        Assert.NotNull(saved);
        Assert.Equal(2, saved.Version);
        Assert.Equal(change with { Version = 2, ClosedAt = Samples.Ms(closedAt) }, saved);
        Assert.Equal(saved, read);
    }

    [Fact]
    public async Task UpdateAsync_ReturnsNullAndWritesNothing_WhenTheVersionIsStale()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        var first = await store.UpdateAsync(
            commitment with { Status = CommitmentStatus.AtRisk },
            [Samples.Event(commitment, CommitmentEventKinds.AtRisk)],
            [Samples.Notification(commitment, LadderStepKind.EarlyWarning)],
            Ct);

        var stale = await store.UpdateAsync(
            commitment with { Status = CommitmentStatus.Missed, ClosedAt = Samples.Now },
            [Samples.Event(commitment, CommitmentEventKinds.Missed)],
            [Samples.Notification(commitment, LadderStepKind.Manager)],
            Ct);

        Assert.NotNull(first);
        Assert.Null(stale);
        Assert.Equal(first, await store.FindAsync(ws, commitment.Id, Ct));
        Assert.Equal(
            [CommitmentEventKinds.Created, CommitmentEventKinds.AtRisk],
            (await store.HistoryAsync(ws, commitment.Id, Ct)).Select(e => e.Kind));
        Assert.Equal(1L, await CountAsync("notifications", ws));
    }

    [Fact]
    public async Task UpdateAsync_AppendsEventsInTheOrderGiven_AcrossSeveralUpdates()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);

        var v2 = await store.UpdateAsync(
            commitment with { Status = CommitmentStatus.AtRisk },
            [Samples.Event(commitment, CommitmentEventKinds.AtRisk, "supplier late", 1), Samples.Event(commitment, CommitmentEventKinds.Playbook, null, 2)],
            [],
            Ct);
        var v3 = await store.UpdateAsync(
            v2! with { Status = CommitmentStatus.Renegotiated, DueVersion = 2 },
            [Samples.Event(commitment, CommitmentEventKinds.Moved, "to Friday", 3), Samples.Event(commitment, CommitmentEventKinds.CustomerTold, null, 4)],
            [],
            Ct);
        var history = await store.HistoryAsync(ws, commitment.Id, Ct);

        Assert.Equal(3, v3!.Version);
        Assert.Equal(
            [CommitmentEventKinds.Created, CommitmentEventKinds.AtRisk, CommitmentEventKinds.Playbook, CommitmentEventKinds.Moved, CommitmentEventKinds.CustomerTold],
            history.Select(e => e.Kind));
        Assert.Equal(history.Select(e => e.Id).Order(), history.Select(e => e.Id));
        Assert.Equal("supplier late", history[1].Note);
        Assert.All(history, e => Assert.Equal(commitment.Id, e.CommitmentId));
    }

    [Fact]
    public async Task UpdateAsync_WritesANotificationOnce_WhenTheSameStepIsWrittenTwice()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);
        var headsUp = Samples.Notification(commitment, LadderStepKind.HeadsUp, "U1");

        var v2 = await store.UpdateAsync(commitment with { LastStep = LadderStepKind.HeadsUp }, [], [headsUp], Ct);
        var v3 = await store.UpdateAsync(
            v2! with { LastStep = LadderStepKind.Due },
            [],
            [headsUp, Samples.Notification(commitment, LadderStepKind.Due, "U1")],
            Ct);

        Assert.NotNull(v3);
        Assert.Equal(3, v3.Version);
        Assert.Equal(2L, await CountAsync("notifications", ws));
        var keys = await Connections.QueryAsync<string>(
            "SELECT idempotency_key FROM notifications WHERE workspace_id = @WorkspaceId ORDER BY id",
            new { WorkspaceId = ws },
            Ct);
        Assert.Equal([headsUp.IdempotencyKey, $"{commitment.Id}:1:due:u:U1"], keys);
        Assert.Equal(
            ["pending", "pending"],
            await Connections.QueryAsync<string>("SELECT status FROM notifications WHERE workspace_id = @WorkspaceId", new { WorkspaceId = ws }, Ct));
    }

    [Fact]
    public async Task UpdateAsync_RollsEverythingBack_WhenAnEventCannotBeStored()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(ws), Samples.Created(ws), Ct);

        await Assert.ThrowsAnyAsync<Exception>(() => store.UpdateAsync(
            commitment with { Status = CommitmentStatus.Missed },
            [Samples.Event(commitment, CommitmentEventKinds.Missed), Samples.Event(commitment, CommitmentEventKinds.Playbook) with { Kind = null! }],
            [Samples.Notification(commitment, LadderStepKind.Manager)],
            Ct));

        Assert.Equal(commitment, await store.FindAsync(ws, commitment.Id, Ct));
        Assert.Single(await store.HistoryAsync(ws, commitment.Id, Ct));
        Assert.Equal(0L, await CountAsync("notifications", ws));
    }

    [Fact]
    public async Task UpdateAsync_ChangesNothing_WhenTheCommitmentBelongsToAnotherWorkspace()
    {
        var store = Store;
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();
        var (commitment, _) = await store.CreateAsync(Samples.Draft(a), Samples.Created(a), Ct);

        var foreign = await store.UpdateAsync(commitment with { WorkspaceId = b, Status = CommitmentStatus.Cancelled }, [], [], Ct);

        Assert.Null(foreign);
        Assert.Equal(commitment, await store.FindAsync(a, commitment.Id, Ct));
    }

    [Fact]
    public async Task FindAsync_SeesOnlyItsOwnWorkspace_WhenNumbersAndUsersRepeat()
    {
        var store = Store;
        var a = Samples.NewWorkspace();
        var b = Samples.NewWorkspace();
        var inA = (await store.CreateAsync(Samples.Draft(a, text: "for A"), Samples.Created(a), Ct)).Commitment;
        var inB = (await store.CreateAsync(Samples.Draft(b, text: "for B"), Samples.Created(b), Ct)).Commitment;

        Assert.Equal("for A", (await store.FindByNumberAsync(a, 1, Ct))!.Text);
        Assert.Equal("for B", (await store.FindByNumberAsync(b, 1, Ct))!.Text);
        Assert.Null(await store.FindAsync(b, inA.Id, Ct));
        Assert.Null(await store.FindAsync(a, inB.Id, Ct));
        Assert.Empty(await store.HistoryAsync(b, inA.Id, Ct));
        Assert.Null(await store.FindByNumberAsync(a, 2, Ct));
    }

    [Fact]
    public async Task ListActiveByOwnersAsync_ReturnsTheOwnersActiveCommitments_SoonestDueFirst()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        async Task<Commitment> Make(string workspace, string owner, int dueInHours) =>
            (await store.CreateAsync(Samples.Draft(workspace, owner, dueAt: Samples.Now.AddHours(dueInHours)), Samples.Created(workspace, owner), Ct)).Commitment;

        var u1Late = await Make(ws, "U1", 30);
        var u1Soon = await Make(ws, "U1", 5);
        var u2 = await Make(ws, "U2", 10);
        await Make(ws, "U3", 1);
        await Make(other, "U1", 2);
        var closed = await Make(ws, "U2", 3);
        await store.UpdateAsync(closed with { Status = CommitmentStatus.Kept, ClosedAt = Samples.Now }, [], [], Ct);
        var atRisk = await store.UpdateAsync(u2 with { Status = CommitmentStatus.AtRisk }, [], [], Ct);

        var all = await store.ListActiveByOwnersAsync(ws, ["U1", "U2"], 10, Ct);
        var limited = await store.ListActiveByOwnersAsync(ws, ["U1", "U2", "U1"], 2, Ct);

        Assert.Equal([u1Soon.Id, u2.Id, u1Late.Id], all.Select(c => c.Id));
        Assert.Equal(atRisk, all[1]);
        Assert.Equal([u1Soon.Id, u2.Id], limited.Select(c => c.Id));
        Assert.Empty(await store.ListActiveByOwnersAsync(ws, [], 10, Ct));
        Assert.Empty(await store.ListActiveByOwnersAsync(ws, ["U9"], 10, Ct));
    }

    [Fact]
    public async Task ListClosedAsync_ReturnsCommitmentsClosedInTheWindow_ForTheOwnersOrEveryone()
    {
        var store = Store;
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        var since = Samples.Now.AddDays(1);
        var until = Samples.Now.AddDays(8);
        async Task<Commitment> Closed(string workspace, string owner, CommitmentStatus status, DateTimeOffset? closedAt)
        {
            var (c, _) = await store.CreateAsync(Samples.Draft(workspace, owner), Samples.Created(workspace, owner), Ct);
            return (await store.UpdateAsync(c with { Status = status, ClosedAt = closedAt }, [], [], Ct))!;
        }

        var atStart = await Closed(ws, "U1", CommitmentStatus.Kept, since);
        var inside = await Closed(ws, "U2", CommitmentStatus.Missed, since.AddDays(2));
        var cancelled = await Closed(ws, "U1", CommitmentStatus.Cancelled, since.AddDays(3));
        await Closed(ws, "U1", CommitmentStatus.KeptLate, until);
        await Closed(ws, "U1", CommitmentStatus.Kept, since.AddMilliseconds(-1));
        await Closed(ws, "U1", CommitmentStatus.Open, null);
        await Closed(other, "U1", CommitmentStatus.Kept, since.AddDays(1));

        var everyone = await store.ListClosedAsync(ws, null, since, until, Ct);
        var u1 = await store.ListClosedAsync(ws, ["U1"], since, until, Ct);

        Assert.Equal([atStart.Id, inside.Id, cancelled.Id], everyone.Select(c => c.Id));
        Assert.Equal([atStart.Id, cancelled.Id], u1.Select(c => c.Id));
        Assert.Equal(inside, everyone[1]);
        Assert.Empty(await store.ListClosedAsync(ws, [], since, until, Ct));
    }

    private Task<long> CountAsync(string table, string workspaceId) =>
        Connections.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM {table} WHERE workspace_id = @WorkspaceId", new { WorkspaceId = workspaceId }, Ct);
}
