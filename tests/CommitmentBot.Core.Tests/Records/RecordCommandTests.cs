using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Records;

/// <summary><c>/promise record</c> through the command runner: figures with trend, tables, slips, permissions, refusals.</summary>
public sealed class RecordCommandTests
{
    private const string Ws = "T1";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static CommandHarness Team()
    {
        var h = new CommandHarness(
            Monday,
            new Person { WorkspaceId = Ws, UserId = "maria", DisplayName = "Maria", TimeZone = "UTC" },
            new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "UTC", ManagerId = "maria" },
            new Person { WorkspaceId = Ws, UserId = "ben", DisplayName = "Ben", TimeZone = "UTC", ManagerId = "maria" },
            new Person { WorkspaceId = Ws, UserId = "zoe", DisplayName = "Zoe", TimeZone = "UTC" },
            new Person { WorkspaceId = Ws, UserId = "root", DisplayName = "Root", TimeZone = "UTC", IsAdmin = true });
        return h;
    }

    private static async Task<CommandHarness> AnasWeekAsync()
    {
        var h = Team();
        await h.SayAsync(Ws, "ana", "send the quote for Acme by Tuesday 10am");        // P-1: kept on time
        await h.SayAsync(Ws, "ana", "book the demo for acme by Tuesday 11am");         // P-2: moved before due, told, kept by the new due
        await h.SayAsync(Ws, "ana", "send the contract for Globex by Wednesday 9am");  // P-3: kept an hour late
        await h.SayAsync(Ws, "ana", "ship the loaner for Initech by Wednesday 10am");  // P-4: missed
        await h.SayAsync(Ws, "ana", "call back for ACME by Wednesday 8am");            // P-5: kept 38 working hours late
        await h.SayAsync(Ws, "ana", "check the invoice by Monday 5pm");                // P-6: cancelled
        await h.SayAsync(Ws, "ben", "send the price list for Umbrella by Tuesday 9am"); // ben P-7: overdue, still open

        h.Clock.SetUtcNow(Monday.AddHours(4));
        Assert.Contains("P-2", (await h.SayAsync(Ws, "ana", "move P-2 to Thursday 11am customer asked")).Text, StringComparison.Ordinal);
        await h.ClickAsync(Ws, "ana", ActionIds.For(ActionIds.CustomerTold, "P-2"));
        await h.SayAsync(Ws, "ana", "cancel P-6");
        h.Clock.SetUtcNow(Monday.AddDays(1).AddHours(1));                 // Tue 09:00
        await h.SayAsync(Ws, "ana", "done P-1");
        h.Clock.SetUtcNow(Monday.AddDays(2).AddHours(2));                 // Wed 10:00
        await h.SayAsync(Ws, "ana", "done P-3");
        h.Clock.SetUtcNow(Monday.AddDays(3).AddHours(2));                 // Thu 10:00
        await h.SayAsync(Ws, "ana", "done P-2");
        await h.SayAsync(Ws, "ana", "missed P-4 supplier");
        h.Clock.SetUtcNow(Monday.AddDays(7).AddHours(8));                 // the next Monday 16:00: 38 working hours after Wed 08:00
        await h.SayAsync(Ws, "ana", "done P-5");
        h.Clock.SetUtcNow(Monday.AddDays(10));                            // Thu 3 Dec
        return h;
    }

    [Fact]
    public async Task ABatchBuild_IsTheSameRecord_AsOneReadSideBySide_AndSkipsTheReadsTheCountsShowEmpty()
    {
        var h = await AnasWeekAsync();
        var reads = new CountingRecordStore(h.Stores);
        var reporter = new RecordReporter(reads, h.Stores, NoRecordLinks.Instance);
        var maria = (await ((IPeopleStore)h.Stores).FindAsync(Ws, "maria", default))!;
        var team = new RecordSubject.Team();
        var access = await reporter.AccessAsync(maria, team, default);
        var now = h.Clock.GetUtcNow();

        var together = await reporter.BuildAsync(maria, team, access, RecordPeriod.Default, now, 3, default);
        var batch = await reporter.BuildAsync(maria, team, access, RecordPeriod.Default, now, 3, default, readsSideBySide: false);
        var quiet = await reporter.BuildAsync(maria, team, access, new RecordPeriod(RecordPeriodKind.Days, 7), Monday.AddDays(-30), 3, default, charts: false, readsSideBySide: false);

        Assert.Equal(together.Totals, batch.Totals);
        Assert.Equal(together.Reps, batch.Reps);
        Assert.Equal(together.Customers, batch.Customers);
        Assert.Equal(together.Slips.Select(x => x.Promise.Number), batch.Slips.Select(x => x.Promise.Number));
        Assert.Equal((together.MedianLateness, together.Charts.Count), (batch.MedianLateness, batch.Charts.Count));
        Assert.NotEmpty(batch.Slips);
        Assert.Equal(0, quiet.Totals.Current.Listed + quiet.Totals.Previous.Listed);
        Assert.Equal(["count", "lateness", "slips", "weekly", "count", "lateness", "slips", "weekly", "count"], reads.Calls);
    }

    /// <summary>Passes every read to the stores and notes which it was.</summary>
    private sealed class CountingRecordStore(IRecordStore inner) : IRecordStore
    {
        public List<string> Calls { get; } = [];

        public Task<RecordGroups> CountAsync(RecordScope scope, RecordWindow window, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Calls.Add("count");
            return inner.CountAsync(scope, window, now, cancellationToken);
        }

        public Task<IReadOnlyList<LatenessSample>> LatenessAsync(RecordScope scope, RecordWindow window, CancellationToken cancellationToken)
        {
            Calls.Add("lateness");
            return inner.LatenessAsync(scope, window, cancellationToken);
        }

        public Task<IReadOnlyList<Commitment>> SlipsAsync(RecordScope scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, int limit, CancellationToken cancellationToken)
        {
            Calls.Add("slips");
            return inner.SlipsAsync(scope, start, end, now, limit, cancellationToken);
        }

        public Task<IReadOnlyList<RecordCounts>> WeeklyAsync(RecordScope scope, IReadOnlyList<DateTimeOffset> boundaries, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Calls.Add("weekly");
            return inner.WeeklyAsync(scope, boundaries, now, cancellationToken);
        }
    }

    private static string Fact(OutboundMessage m, string label) =>
        m.Sections.SelectMany(s => s.Facts).Single(f => f.Label == label).Value;

    [Fact]
    public async Task MyRecord_CountsEachOutcome_WithBaseAndTrend()
    {
        var h = await AnasWeekAsync();

        var mine = await h.SayAsync(Ws, "ana", "record");

        Assert.StartsWith("Your record, last 30 days", mine.Text, StringComparison.Ordinal);
        Assert.StartsWith("40% (2 of 5) ", Fact(mine, "Kept its word"), StringComparison.Ordinal);
        Assert.StartsWith("20% (1 of 5) ", Fact(mine, "On time"), StringComparison.Ordinal);
        Assert.StartsWith("1 ↑ 1 (was 0)", Fact(mine, "Renegotiated in time"), StringComparison.Ordinal);
        Assert.Equal("2 ↑ 2 (was 0); median lateness 19.5 working hours (of 2 kept late)", Fact(mine, "Kept late"));
        Assert.StartsWith("1 ", Fact(mine, "Missed"), StringComparison.Ordinal);
        Assert.Equal("1 ↑ 1 (was 0); customer told: 1 of 1", Fact(mine, "Renegotiated before due"));
        Assert.StartsWith("1 ", Fact(mine, "Cancelled (in no rate)"), StringComparison.Ordinal);
        Assert.StartsWith("0 ", Fact(mine, "Surprises (the manager heard from the bot)"), StringComparison.Ordinal);
        var slips = mine.Sections.Single(s => s.Text?.StartsWith("*Worst slips*", StringComparison.Ordinal) == true).Text!;
        Assert.Equal(4, slips.Split('\n').Length); // the heading and the worst three
        Assert.Contains("P-5 for ACME, call back (Ana): kept", slips.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal(2, mine.Images.Count);
        Assert.Contains("Kept its word", mine.Images[0].Alt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARep_SeesTheirOwnRecord_ExactlyAsTheirManagerDoes()
    {
        var h = await AnasWeekAsync();

        var mine = await h.SayAsync(Ws, "ana", "record 30d");
        var hers = await h.SayAsync(Ws, "maria", "record <@ana> 30d");

        Assert.StartsWith("Ana's record, last 30 days", hers.Text, StringComparison.Ordinal);
        Assert.Equal(mine.Sections.SelectMany(s => s.Facts), hers.Sections.SelectMany(s => s.Facts));
        Assert.Equal(mine.Sections.Skip(1).Select(s => s.Text), hers.Sections.Skip(1).Select(s => s.Text));
    }

    [Fact]
    public async Task Team_HasOneLinePerRep_AndPerCustomer_CaseInsensitive()
    {
        var h = await AnasWeekAsync();

        var team = await h.SayAsync(Ws, "maria", "record team");

        Assert.StartsWith("Your team's record, last 30 days", team.Text, StringComparison.Ordinal);
        var reps = team.Sections.Single(s => s.Text?.StartsWith("*Per rep*", StringComparison.Ordinal) == true).Text!.Split('\n');
        Assert.Equal(3, reps.Length);
        Assert.StartsWith("• Ana: kept its word 40% (2 of 5)", reps[1], StringComparison.Ordinal);
        Assert.StartsWith("• Ben: kept its word — (nothing closed)", reps[2], StringComparison.Ordinal);
        Assert.Contains("overdue 1", reps[2], StringComparison.Ordinal);
        var customers = team.Sections.Single(s => s.Text?.StartsWith("*Per customer*", StringComparison.Ordinal) == true).Text!;
        Assert.Single(customers.Split('\n'), l => l.Contains("cme:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("kept its word 67% (2 of 3)", customers, StringComparison.Ordinal);
        Assert.StartsWith("1 ", Fact(team, "Overdue, still open"), StringComparison.Ordinal);
        Assert.Contains("Ana", team.Images[1].Alt, StringComparison.Ordinal);
        Assert.Contains("Ben", team.Images[1].Alt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_IsReadWhateverItsCase_AndLimitedToWhatTheViewerMaySee()
    {
        var h = await AnasWeekAsync();

        var acme = await h.SayAsync(Ws, "maria", "record customer aCmE");
        var zoes = await h.SayAsync(Ws, "zoe", "record customer Acme");

        Assert.StartsWith("aCmE (customer), last 30 days", acme.Text, StringComparison.Ordinal);
        Assert.StartsWith("67% (2 of 3)", Fact(acme, "Kept its word"), StringComparison.Ordinal);
        Assert.StartsWith("No promises to Acme fell due", zoes.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permissions_AreRefusedWithAClearMessage()
    {
        var h = await AnasWeekAsync();

        var ben = await h.SayAsync(Ws, "ben", "record <@ana>");
        var zoeTeam = await h.SayAsync(Ws, "zoe", "record team");
        var all = await h.SayAsync(Ws, "maria", "record all");
        var unknown = await h.SayAsync(Ws, "maria", "record <@nobody>");
        var admin = await h.SayAsync(Ws, "root", "record all");
        var adminAna = await h.SayAsync(Ws, "root", "record <@ana>");

        Assert.Equal(MessageKind.Error, ben.Kind);
        Assert.Contains("does not report to you", ben.Text, StringComparison.Ordinal);
        Assert.Contains("Nobody reports to you", zoeTeam.Text, StringComparison.Ordinal);
        Assert.Contains("Only admins", all.Text, StringComparison.Ordinal);
        Assert.Contains("I don't know <@nobody>", unknown.Text, StringComparison.Ordinal);
        Assert.StartsWith("The workspace's record", admin.Text, StringComparison.Ordinal);
        Assert.StartsWith("Ana's record", adminAna.Text, StringComparison.Ordinal);
        Assert.Empty(ben.Sections);
    }

    [Fact]
    public async Task AnotherWorkspace_NeverShows()
    {
        var h = await AnasWeekAsync();
        await h.Stores.UpsertAsync(new Person { WorkspaceId = "T2", UserId = "maria", TimeZone = "UTC" }, default);
        await h.Stores.UpsertAsync(new Person { WorkspaceId = "T2", UserId = "ana", TimeZone = "UTC", ManagerId = "maria" }, default);

        var other = await h.SayAsync("T2", "maria", "record team");

        Assert.StartsWith("— (nothing closed)", Fact(other, "Kept its word"), StringComparison.Ordinal);
        Assert.Contains("• ana: nothing due in the period", other.ToPlainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("cme", other.ToPlainText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.Images, i => i.Alt.Contains("Ana", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DigestSwitch_IsStored()
    {
        var h = Team();

        var off = await h.SayAsync(Ws, "maria", "settings digest off");
        Assert.False(await ((IDigestStore)h.Stores).IsEnabledAsync(Ws, "maria", default));
        await h.SayAsync(Ws, "maria", "settings digest on");

        Assert.Contains("digest is off", off.Text, StringComparison.Ordinal);
        Assert.True(await ((IDigestStore)h.Stores).IsEnabledAsync(Ws, "maria", default));
    }

    [Fact]
    public async Task MovesAndAnswers_AreKeptOnThePromise()
    {
        var h = Team();
        await h.SayAsync(Ws, "ana", "send the quote for Acme by Wednesday 10am");
        h.Clock.SetUtcNow(Monday.AddDays(3)); // after the due: a late move
        await h.SayAsync(Ws, "ana", "move P-1 to Friday 10am");
        await h.ClickAsync(Ws, "ana", ActionIds.For(ActionIds.CustomerTold, "P-1"));
        await h.ClickAsync(Ws, "ana", ActionIds.For(ActionIds.CustomerTold, "P-1"));

        var p1 = (await h.Stores.FindByNumberAsync(Ws, 1, default))!;

        Assert.Equal((1, true, 1, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)), (p1.MoveCount, p1.MovedLate, p1.MovesTold, p1.FirstDue));
    }
}
