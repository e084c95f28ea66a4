using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Dapper;
using NodaTime;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// The <see cref="IRecordStore"/> contract on every engine: the SQL's figures are exactly Core's
/// <see cref="RecordRules"/> over the same promises, customers group case-insensitively, and no figure or name from
/// another workspace ever appears.
/// </summary>
public abstract class RecordStoreTests(DatabaseFixture database)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private DbConnectionFactory Connections => database.Connections;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every kind of promise the rules tell apart, with their due spread over the last 70 days and the next 10.</summary>
    internal static IEnumerable<Commitment> Mix(string workspace, string owner, string customer, int seed)
    {
        var random = new Random(seed);
        var statuses = new[]
        {
            CommitmentStatus.Open, CommitmentStatus.AtRisk, CommitmentStatus.Renegotiated, CommitmentStatus.Kept,
            CommitmentStatus.KeptLate, CommitmentStatus.Missed, CommitmentStatus.Cancelled,
        };
        for (var i = 0; i < 60; i++)
        {
            var status = statuses[random.Next(statuses.Length)];
            var first = Now.AddHours(random.Next(-70 * 24, 10 * 24)).AddMinutes(random.Next(60));
            var moves = random.Next(3);
            var due = moves == 0 ? first : first.AddHours(random.Next(-20, 200));
            var closed = due.AddHours(random.Next(-60, 80));
            if (status == CommitmentStatus.Kept && closed > due)
            {
                status = CommitmentStatus.KeptLate;
            }
            else if (status == CommitmentStatus.KeptLate && closed <= due)
            {
                status = CommitmentStatus.Kept;
            }

            var isClosed = status is CommitmentStatus.Kept or CommitmentStatus.KeptLate or CommitmentStatus.Missed or CommitmentStatus.Cancelled;
            yield return new Commitment
            {
                WorkspaceId = workspace,
                Text = "promise " + i,
                Customer = random.Next(5) switch { 0 => null, 1 => customer.ToUpperInvariant(), 2 => " " + customer.ToLowerInvariant(), _ => customer },
                DueAt = due,
                FirstDueAt = first,
                CreatedAt = first.AddDays(-3),
                OwnerId = owner,
                CreatedById = owner,
                WindowStart = first.AddDays(-3),
                Status = status,
                ClosedAt = isClosed ? closed : null,
                MoveCount = moves,
                MovedLate = moves > 0 && random.Next(3) == 0,
                MovesTold = Math.Min(moves, random.Next(3)),
                Surprised = random.Next(4) == 0,
            };
        }
    }

    private async Task<List<Commitment>> SeedAsync(IEnumerable<Commitment> promises)
    {
        var store = new CommitmentStore(Connections);
        var stored = new List<Commitment>();
        foreach (var p in promises)
        {
            var (c, _) = await store.CreateAsync(p, new CommitmentEvent(p.WorkspaceId, 0, p.CreatedAt, p.OwnerId, CommitmentEventKinds.Created), Ct);
            stored.Add(c);
        }

        return stored;
    }

    private static RecordCounts Expected(IEnumerable<Commitment> promises, DateTimeOffset start, DateTimeOffset end) =>
        RecordRules.Tally(promises.Select(RecordFacts.Of).Where(f => RecordRules.InPeriod(f, start, end, Now)), Now);

    [Fact]
    public async Task Counts_AreCoresRules_InThePeriodAndThePreviousOne_PerRep()
    {
        var ws = Samples.NewWorkspace();
        var ana = await SeedAsync(Mix(ws, "ana", "Acme", 1));
        var ben = await SeedAsync(Mix(ws, "ben", "Globex", 2));
        var window = RecordPeriod.Default.Resolve(Now, DateTimeZone.Utc);

        var groups = (await new RecordStore(Connections).CountAsync(new RecordScope(ws, ["ana", "ben"]), window, Now, Ct)).ByOwner;

        Assert.Equal(["ana", "ben"], groups.Select(g => g.Key));
        Assert.Equal(Expected(ana, window.Start, window.End), groups[0].Current);
        Assert.Equal(Expected(ana, window.PreviousStart, window.Start), groups[0].Previous);
        Assert.Equal(Expected(ben, window.Start, window.End), groups[1].Current);
        Assert.Equal(Expected(ben, window.PreviousStart, window.Start), groups[1].Previous);
        Assert.True(groups[0].Current.Closed > 0 && groups[0].Previous.Closed > 0, "the sample should close promises in both periods");
    }

    [Fact]
    public async Task Customers_GroupCaseInsensitively_LimitedToTheReps()
    {
        var ws = Samples.NewWorkspace();
        var ana = await SeedAsync(Mix(ws, "ana", "Acme", 3));
        await SeedAsync(Mix(ws, "ben", "Acme", 4));
        var window = new RecordPeriod(RecordPeriodKind.Days, 90).Resolve(Now, DateTimeZone.Utc);
        var store = new RecordStore(Connections);

        var groups = (await store.CountAsync(new RecordScope(ws, ["ana"]), window, Now, Ct)).ByCustomer;
        var acme = (await store.CountAsync(new RecordScope(ws, ["ana"], "acme"), window, Now, Ct)).ByOwner;

        Assert.Equal([null, "acme"], groups.Select(g => g.Key));
        Assert.Equal("acme", groups[1].Label!.Trim().ToLowerInvariant());
        var anaAcme = ana.Where(c => c.Customer is not null).ToList();
        Assert.Equal(Expected(anaAcme, window.Start, window.End), groups[1].Current);
        Assert.Equal(Expected(ana.Where(c => c.Customer is null), window.Start, window.End), groups[0].Current);
        Assert.Equal(Expected(anaAcme, window.Start, window.End), Assert.Single(acme).Current);
    }

    [Fact]
    public async Task NothingFromAnotherWorkspace_EverAppears()
    {
        var ws = Samples.NewWorkspace();
        var other = Samples.NewWorkspace();
        var mine = await SeedAsync(Mix(ws, "ana", "Acme", 5));
        await SeedAsync(Mix(other, "ana", "Acme", 6));
        await SeedAsync(Mix(other, "zed", "Initech", 7));
        var window = new RecordPeriod(RecordPeriodKind.Days, 90).Resolve(Now, DateTimeZone.Utc);
        var store = new RecordStore(Connections);

        var (everyone, customers) = await store.CountAsync(new RecordScope(ws, null), window, Now, Ct);
        var initech = (await store.CountAsync(new RecordScope(ws, null, "initech"), window, Now, Ct)).ByOwner;
        var slips = await store.SlipsAsync(new RecordScope(ws, null), window.PreviousStart, window.End, Now, 500, Ct);
        var late = await store.LatenessAsync(new RecordScope(ws, ["ana", "zed"]), window, Ct);
        var weeks = await store.WeeklyAsync(new RecordScope(ws, null), RecordPeriod.WeekBoundaries(Now, DateTimeZone.Utc, 12), Now, Ct);

        Assert.Equal(["ana"], everyone.Select(g => g.Key));
        Assert.Equal(Expected(mine, window.Start, window.End), everyone[0].Current);
        Assert.DoesNotContain(customers, g => g.Key == "initech");
        Assert.Empty(initech);
        Assert.All(slips, s => Assert.Equal(ws, s.WorkspaceId));
        Assert.Equal(mine.Count(c => c.Status == CommitmentStatus.KeptLate && c.DueAt >= window.PreviousStart && c.DueAt < window.End), late.Count);
        Assert.Equal(Expected(mine, RecordPeriod.WeekBoundaries(Now, DateTimeZone.Utc, 12)[0], RecordPeriod.WeekBoundaries(Now, DateTimeZone.Utc, 12)[^1]), weeks.Aggregate(RecordCounts.Zero, (a, b) => a.Plus(b)));
    }

    [Fact]
    public async Task Slips_AreTheLatestFirst_AndOnlySlips()
    {
        var ws = Samples.NewWorkspace();
        var ana = await SeedAsync(Mix(ws, "ana", "Acme", 8));
        var window = new RecordPeriod(RecordPeriodKind.Days, 90).Resolve(Now, DateTimeZone.Utc);

        var slips = await new RecordStore(Connections).SlipsAsync(new RecordScope(ws, ["ana"]), window.Start, window.End, Now, 3, Ct);

        var expected = ana
            .Where(c => c.DueAt >= window.Start && c.DueAt < window.End)
            .Where(c => RecordRules.Classify(RecordFacts.Of(c), Now) is RecordOutcome.Late or RecordOutcome.Missed or RecordOutcome.OverdueOpen)
            .OrderByDescending(c => (c.ClosedAt ?? Now) - c.DueAt).ThenBy(c => c.Id)
            .Take(3)
            .Select(c => c.Number);
        Assert.Equal(expected, slips.Select(s => s.Number));
    }

    [Fact]
    public async Task Weekly_CountsEachWeekAsTheRulesDo()
    {
        var ws = Samples.NewWorkspace();
        var ana = await SeedAsync(Mix(ws, "ana", "Acme", 9));
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var bounds = RecordPeriod.WeekBoundaries(Now, zone, 12);

        var weeks = await new RecordStore(Connections).WeeklyAsync(new RecordScope(ws, ["ana"]), bounds, Now, Ct);

        Assert.Equal(12, weeks.Count);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(Expected(ana, bounds[i], bounds[i + 1]), weeks[i]);
        }
    }

    [Fact]
    public async Task Lateness_IsTheKeptLatePromisesOfBothPeriods()
    {
        var ws = Samples.NewWorkspace();
        var ana = await SeedAsync(Mix(ws, "ana", "Acme", 10));
        var window = RecordPeriod.Default.Resolve(Now, DateTimeZone.Utc);

        var late = await new RecordStore(Connections).LatenessAsync(new RecordScope(ws, ["ana"]), window, Ct);

        var expected = ana.Where(c => c.Status == CommitmentStatus.KeptLate && c.DueAt >= window.PreviousStart && c.DueAt < window.End)
            .Select(c => (c.DueAt, c.ClosedAt!.Value, c.DueAt < window.Start)).OrderBy(x => x.DueAt);
        Assert.Equal(expected, late.Select(l => (l.DueAt, l.ClosedAt, l.Previous)).OrderBy(x => x.DueAt));
    }

    [Fact]
    public async Task TheRecordsFields_SurviveAnUpdate()
    {
        var ws = Samples.NewWorkspace();
        var store = new CommitmentStore(Connections);
        var (made, _) = await store.CreateAsync(Samples.Draft(ws) with { FirstDueAt = Samples.Ms(Samples.Now.AddDays(2)) }, Samples.Created(ws), Ct);

        var changed = made with
        {
            DueAt = Samples.Ms(Samples.Now.AddDays(4)),
            Customer = "  ACME Corp ",
            MoveCount = 2,
            MovedLate = true,
            MovesTold = 1,
            ToldVersion = 3,
            Surprised = true,
        };
        var saved = await store.UpdateAsync(changed, [], [], Ct);
        var found = await store.FindAsync(ws, made.Id, Ct);

        Assert.NotNull(saved);
        Assert.Equal(
            (Samples.Ms(Samples.Now.AddDays(2)), 2, true, 1, 3, true),
            (found!.FirstDue, found.MoveCount, found.MovedLate, found.MovesTold, found.ToldVersion, found.Surprised));
        var byCustomer = await new RecordStore(Connections).CountAsync(
            new RecordScope(ws, null, "acme corp"), new RecordWindow(Samples.Now, Samples.Now.AddDays(5), Samples.Now.AddDays(-5)), Samples.Now.AddDays(5), Ct);
        Assert.Equal(1, Assert.Single(byCustomer.ByOwner).Current.OverdueOpen);
    }

    [Fact]
    public async Task EveryWriteStoresTheCodeCoreWorksOut_AndTheMigrationsBackfillAgrees()
    {
        var ws = Samples.NewWorkspace();
        var stored = await SeedAsync(Mix(ws, "ana", "Acme", 11).Concat(Mix(ws, "ben", "Initech", 12)));
        var store = new CommitmentStore(Connections);
        var closed = await store.UpdateAsync(stored[0] with { Status = CommitmentStatus.Missed, ClosedAt = Now }, [], [], Ct);
        Assert.NotNull(closed);
        stored[0] = closed;

        var written = await CodesAsync(ws);
        foreach (var c in stored)
        {
            Assert.Equal(RecordCode.Of(RecordFacts.Of(c)), written[c.Id]);
        }

        await using (var connection = await Connections.OpenAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE commitments SET record_code = -1 WHERE workspace_id = @ws", new { ws });
            await connection.ExecuteAsync(RecordCodeBackfill.Statement(database.Provider, "workspace_id = @ws"), new { ws });
        }

        Assert.Equal(written, await CodesAsync(ws));
        Assert.True(written.Values.Distinct().Count() >= 12, "the sample should reach most codes");
    }

    private async Task<Dictionary<long, int>> CodesAsync(string ws)
    {
        await using var connection = await Connections.OpenAsync(Ct);
        var rows = await connection.QueryAsync<(long Id, int Code)>("SELECT id, record_code FROM commitments WHERE workspace_id = @ws", new { ws });
        return rows.ToDictionary(r => r.Id, r => r.Code);
    }
}
