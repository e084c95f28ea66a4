using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Records;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Tests.Records;

/// <summary>SPEC "Delivery record", sentence by sentence: which promises count and in which outcome.</summary>
public sealed class RecordRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 17, 0, 0, TimeSpan.Zero);

    private static RecordFacts Kept(DateTimeOffset closed, CommitmentStatus status = CommitmentStatus.Kept) =>
        new(status, Due, Due, closed, 0, false, 0, false);

    [Fact]
    public void KeptAtOrBeforeTheFirstDue_IsOnTime()
    {
        Assert.Equal(RecordOutcome.OnTime, RecordRules.Classify(Kept(Due), Now));
        Assert.Equal(RecordOutcome.OnTime, RecordRules.Classify(Kept(Due.AddHours(-3)), Now));
    }

    [Fact]
    public void KeptLate_IsLate()
    {
        Assert.Equal(RecordOutcome.Late, RecordRules.Classify(Kept(Due.AddHours(2), CommitmentStatus.KeptLate), Now));
    }

    [Fact]
    public void MovedBeforeDue_CustomerTold_KeptByTheNewDue_IsRenegotiatedInTime()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(3), Due.AddDays(2), 1, false, 1, false);
        Assert.Equal(RecordOutcome.RenegotiatedInTime, RecordRules.Classify(moved, Now));
    }

    [Fact]
    public void MovedBeforeDue_ButCustomerNotTold_IsLate()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(3), Due.AddDays(2), 1, false, 0, false);
        Assert.Equal(RecordOutcome.Late, RecordRules.Classify(moved, Now));
        Assert.Equal(0, RecordRules.Tally([moved], Now).CustomerTold);
        Assert.Equal(1, RecordRules.Tally([moved], Now).RenegotiatedBeforeDue);
    }

    [Fact]
    public void MovedAfterTheDue_IsLateEvenWhenToldAndKeptByTheNewDue()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(3), Due.AddDays(2), 1, true, 1, false);
        Assert.Equal(RecordOutcome.Late, RecordRules.Classify(moved, Now));
        Assert.Equal(0, RecordRules.Tally([moved], Now).RenegotiatedBeforeDue);
    }

    [Fact]
    public void TwoMoves_OnlyOneTold_IsLate()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(5), Due.AddDays(4), 2, false, 1, false);
        Assert.Equal(RecordOutcome.Late, RecordRules.Classify(moved, Now));
    }

    [Fact]
    public void MovedButKeptBeforeTheFirstDue_IsOnTime()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(3), Due.AddHours(-1), 1, false, 0, false);
        Assert.Equal(RecordOutcome.OnTime, RecordRules.Classify(moved, Now));
    }

    [Fact]
    public void Missed_Cancelled_OverdueOpen_AndNotYetDue()
    {
        Assert.Equal(RecordOutcome.Missed, RecordRules.Classify(Kept(Due, CommitmentStatus.Missed), Now));
        Assert.Equal(RecordOutcome.Cancelled, RecordRules.Classify(Kept(Due, CommitmentStatus.Cancelled), Now));
        Assert.Equal(RecordOutcome.OverdueOpen, RecordRules.Classify(new RecordFacts(CommitmentStatus.Open, Due, Due, null, 0, false, 0, false), Now));
        Assert.Equal(RecordOutcome.OverdueOpen, RecordRules.Classify(new RecordFacts(CommitmentStatus.AtRisk, Due, Due, null, 0, false, 0, false), Now));
        Assert.Equal(RecordOutcome.NotCounted, RecordRules.Classify(new RecordFacts(CommitmentStatus.Open, Now.AddDays(1), Now.AddDays(1), null, 0, false, 0, false), Now));
    }

    [Fact]
    public void CancelledCountsInNoRate_AndIsNoSurprise()
    {
        var counts = RecordRules.Tally([Kept(Due), Kept(Due, CommitmentStatus.Cancelled) with { Surprised = true }], Now);
        Assert.Equal((1, 1, 100.0, 0), (counts.Closed, counts.Cancelled, counts.OnTimeRate!.Value, counts.Surprises));
    }

    [Fact]
    public void Rates_AreOnTimeAndKeptItsWord_OverTheFourOutcomes()
    {
        var counts = RecordRules.Tally(
        [
            Kept(Due),
            new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(3), Due.AddDays(2), 1, false, 1, false),
            Kept(Due.AddHours(5), CommitmentStatus.KeptLate) with { Surprised = true },
            Kept(Due, CommitmentStatus.Missed),
            new RecordFacts(CommitmentStatus.Open, Due, Due, null, 0, false, 0, false),
        ], Now);
        Assert.Equal((1, 1, 1, 1, 1, 1), (counts.OnTime, counts.RenegotiatedInTime, counts.Late, counts.Missed, counts.OverdueOpen, counts.Surprises));
        Assert.Equal(25.0, counts.OnTimeRate);
        Assert.Equal(50.0, counts.KeptWordRate);
    }

    [Fact]
    public void NoBase_NoRate()
    {
        Assert.Null(RecordCounts.Zero.OnTimeRate);
        Assert.Null(RecordCounts.Zero.KeptWordRate);
    }

    [Fact]
    public void MedianOf38hAnd1h_Is19AndAHalfHours()
    {
        Assert.Equal(TimeSpan.FromHours(19.5), RecordLateness.Median([TimeSpan.FromHours(38), TimeSpan.FromHours(1)]));
        Assert.Equal("19.5 working hours", RecordLateness.Describe(TimeSpan.FromHours(19.5), WorkingHours.Default));
        Assert.Equal("3 working days", RecordLateness.Describe(TimeSpan.FromHours(30), WorkingHours.Default));
        Assert.Null(RecordLateness.Median([]));
    }

    [Fact]
    public void Lateness_CountsOnlyWorkingHours()
    {
        // Friday 17:00 to Monday 10:00 in New York: one hour on Friday, two on Monday.
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var friday = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(3), RecordLateness.WorkingTimeBetween(friday, monday, zone, WorkingHours.Default));
    }

    [Theory]
    [InlineData("7d", RecordPeriodKind.Days, 7)]
    [InlineData("30d", RecordPeriodKind.Days, 30)]
    [InlineData("90d", RecordPeriodKind.Days, 90)]
    [InlineData("week", RecordPeriodKind.Week, 0)]
    [InlineData("Month", RecordPeriodKind.Month, 0)]
    [InlineData("quarter", RecordPeriodKind.Quarter, 0)]
    [InlineData("year", RecordPeriodKind.Year, 0)]
    [InlineData("last week", RecordPeriodKind.LastWeek, 0)]
    [InlineData("last  month", RecordPeriodKind.LastMonth, 0)]
    [InlineData("last quarter", RecordPeriodKind.LastQuarter, 0)]
    public void Periods_AreRead(string text, RecordPeriodKind kind, int days)
    {
        Assert.True(RecordPeriod.TryParse(text, out var period));
        Assert.Equal(new RecordPeriod(kind, days), period);
        Assert.True(RecordPeriod.TryParse(period.Token, out var again));
        Assert.Equal(period, again);
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("367d")]
    [InlineData("fortnight")]
    [InlineData("last year2")]
    [InlineData("-7d")]
    public void UnknownPeriods_AreRefused(string text) => Assert.False(RecordPeriod.TryParse(text, out _));

    [Fact]
    public void LastWeek_IsMondayToSundayInTheViewersZone_AndThePreviousIsTheWeekBefore()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var now = new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero); // Monday 09:30 in Berlin
        var window = new RecordPeriod(RecordPeriodKind.LastWeek).Resolve(now, zone);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero), window.End);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), window.PreviousStart);
    }

    [Fact]
    public void DaysPeriod_EndsNow_AndThePreviousHasEqualLength()
    {
        var window = RecordPeriod.Default.Resolve(Now, DateTimeZone.Utc);
        Assert.Equal((Now.AddDays(-30), Now, Now.AddDays(-60)), (window.Start, window.End, window.PreviousStart));
    }

    [Fact]
    public void InPeriod_TakesTheFinalDue()
    {
        var moved = new RecordFacts(CommitmentStatus.Kept, Due, Due.AddDays(10), Due.AddDays(9), 1, false, 1, false);
        Assert.False(RecordRules.InPeriod(moved, Due.AddDays(-1), Due.AddDays(1), Now.AddDays(30)));
        Assert.True(RecordRules.InPeriod(moved, Due.AddDays(9), Due.AddDays(11), Now.AddDays(30)));
    }
}
