using System.Globalization;
using CommitmentBot.Core.Time;
using NodaTime;
using static CommitmentBot.Core.Tests.Time.DueExpect;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>
/// Working-time arithmetic by example. Default hours are Mon–Fri 08:00–18:00; the week of
/// Mon 23 – Sun 29 November 2026 is used throughout, in New York (UTC−5) unless a test says otherwise.
/// </summary>
public sealed class WorkingCalendarTests
{
    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    private static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
    private static readonly WorkingHours Default = WorkingHours.Default;

    // Every day 00:00–06:00: a window that contains the 02:00 daylight-saving change.
    private static readonly WorkingHours Night = Hours("Mon-Sun 00:00-06:00");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-27T17:00:00-05:00", 120, "2026-11-30T09:00:00-05:00")] // Friday 17:00 + 2h: 1h Friday, 1h Monday
    [InlineData("2026-11-28T12:00:00-05:00", 60, "2026-11-30T09:00:00-05:00")] // Saturday counts nothing
    [InlineData("2026-11-23T07:00:00-05:00", 120, "2026-11-23T10:00:00-05:00")] // before the window opens
    [InlineData("2026-11-23T16:00:00-05:00", 120, "2026-11-23T18:00:00-05:00")] // ends exactly at the window end
    [InlineData("2026-11-23T08:00:00-05:00", 600, "2026-11-23T18:00:00-05:00")]
    [InlineData("2026-11-23T08:00:00-05:00", 601, "2026-11-24T08:01:00-05:00")]
    [InlineData("2026-11-23T08:00:00-05:00", 3000, "2026-11-27T18:00:00-05:00")] // a whole week is 50 hours
    [InlineData("2026-11-23T08:00:00-05:00", 3001, "2026-11-30T08:01:00-05:00")]
    [InlineData("2026-11-23T20:00:00-05:00", 240, "2026-11-24T12:00:00-05:00")] // after the window closes
    public void AddWorkingTime_CountsOnlyWorkingHours(string start, int minutes, string expected)
        => Assert.Equal(At(expected), WorkingCalendar.AddWorkingTime(At(start), TimeSpan.FromMinutes(minutes), NewYork, Default));

    [Fact]
    public void AddWorkingTime_ReturnsStart_WhenAmountIsZero()
    {
        var saturday = At("2026-11-28T12:00:00-05:00");
        Assert.Equal(saturday, WorkingCalendar.AddWorkingTime(saturday, TimeSpan.Zero, NewYork, Default));
    }

    [Fact]
    public void AddWorkingTime_ReturnsUtc()
        => Assert.Equal(TimeSpan.Zero, WorkingCalendar.AddWorkingTime(At("2026-11-23T09:00:00-05:00"), TimeSpan.FromHours(1), NewYork, Default).Offset);

    [Theory]
    // New York springs forward Sun 8 Mar 2026 02:00 → 03:00: that night's 00:00–06:00 holds 5 hours.
    [InlineData("America/New_York", "2026-03-08T00:00:00-05:00", 300, "2026-03-08T06:00:00-04:00")]
    [InlineData("America/New_York", "2026-03-08T00:00:00-05:00", 330, "2026-03-09T00:30:00-04:00")]
    // …and falls back Sun 1 Nov 2026 02:00 → 01:00: that night holds 7 hours.
    [InlineData("America/New_York", "2026-11-01T00:00:00-04:00", 420, "2026-11-01T06:00:00-05:00")]
    [InlineData("America/New_York", "2026-11-01T00:00:00-04:00", 360, "2026-11-01T05:00:00-05:00")]
    // Adelaide falls back Sun 5 Apr 2026 (7 hours) and springs forward Sun 4 Oct 2026 (5 hours).
    [InlineData("Australia/Adelaide", "2026-04-05T00:00:00+10:30", 420, "2026-04-05T06:00:00+09:30")]
    [InlineData("Australia/Adelaide", "2026-10-04T00:00:00+09:30", 300, "2026-10-04T06:00:00+10:30")]
    public void AddWorkingTime_CountsElapsedHours_AcrossDaylightSavingChanges(string zone, string start, int minutes, string expected)
        => Assert.Equal(At(expected), WorkingCalendar.AddWorkingTime(At(start), TimeSpan.FromMinutes(minutes), DateTimeZoneProviders.Tzdb[zone], Night));

    [Theory]
    [InlineData("Asia/Kolkata", "2026-11-23T17:30:00+05:30", 60, "2026-11-24T08:30:00+05:30")]
    [InlineData("America/St_Johns", "2026-11-27T17:00:00-03:30", 120, "2026-11-30T09:00:00-03:30")]
    [InlineData("Australia/Adelaide", "2026-11-27T17:45:00+10:30", 30, "2026-11-30T08:15:00+10:30")]
    public void AddWorkingTime_WorksInHalfHourZones(string zone, string start, int minutes, string expected)
        => Assert.Equal(At(expected), WorkingCalendar.AddWorkingTime(At(start), TimeSpan.FromMinutes(minutes), DateTimeZoneProviders.Tzdb[zone], Default));

    [Fact]
    public void AddWorkingTime_SkipsFridayAndSaturday_WhenTheWeekIsSundayToThursday()
    {
        var thursday = At("2026-11-26T16:30:00+05:30");
        var due = WorkingCalendar.AddWorkingTime(thursday, TimeSpan.FromHours(1), Kolkata, Hours("Sun-Thu 09:00-17:00"));
        Assert.Equal(At("2026-11-29T09:30:00+05:30"), due);
    }

    [Fact]
    public void AddWorkingTime_Throws_WhenAmountIsNegative()
        => Assert.Throws<ArgumentOutOfRangeException>(() => WorkingCalendar.AddWorkingTime(At("2026-11-23T09:00:00-05:00"), TimeSpan.FromMinutes(-1), NewYork, Default));

    [Fact]
    public void AddWorkingTime_Throws_WhenZoneIsMissing()
        => Assert.Throws<ArgumentNullException>(() => WorkingCalendar.AddWorkingTime(At("2026-11-23T09:00:00-05:00"), TimeSpan.FromHours(1), null!, Default));

    [Theory]
    [InlineData("2026-11-27T10:00:00-05:00", 1, "2026-11-30T10:00:00-05:00")] // Friday → Monday
    [InlineData("2026-11-28T10:00:00-05:00", 1, "2026-11-30T10:00:00-05:00")] // Saturday → Monday
    [InlineData("2026-11-23T10:00:00-05:00", 5, "2026-11-30T10:00:00-05:00")]
    [InlineData("2026-11-23T10:00:00-05:00", 10, "2026-12-07T10:00:00-05:00")]
    [InlineData("2026-11-23T22:00:00-05:00", 1, "2026-11-24T22:00:00-05:00")] // outside hours stays as it is
    [InlineData("2026-03-06T10:00:00-05:00", 1, "2026-03-09T10:00:00-04:00")] // same wall clock across the change
    public void AddWorkingDays_KeepsTheWallClockTime(string start, int days, string expected)
        => Assert.Equal(At(expected), WorkingCalendar.AddWorkingDays(At(start), days, NewYork, Default));

    [Fact]
    public void AddWorkingDays_MovesForwardByTheGap_WhenTheTimeDoesNotExist()
    {
        // Saturday 02:30 + 1 working day (Sun–Thu week) is Sunday 8 March 02:30, inside the spring-forward gap.
        var due = WorkingCalendar.AddWorkingDays(At("2026-03-07T02:30:00-05:00"), 1, NewYork, Hours("Sun-Thu 09:00-17:00"));
        Assert.Equal(At("2026-03-08T03:30:00-04:00"), due);
    }

    [Fact]
    public void AddWorkingDays_ReturnsStart_WhenDaysIsZero()
    {
        var start = At("2026-11-28T10:00:00-05:00");
        Assert.Equal(start, WorkingCalendar.AddWorkingDays(start, 0, NewYork, Default));
    }

    [Fact]
    public void AddWorkingDays_Throws_WhenDaysIsNegative()
        => Assert.Throws<ArgumentOutOfRangeException>(() => WorkingCalendar.AddWorkingDays(At("2026-11-23T10:00:00-05:00"), -1, NewYork, Default));

    [Theory]
    [InlineData("2026-11-28T12:00:00-05:00", "2026-11-30T08:00:00-05:00")] // Saturday
    [InlineData("2026-11-23T07:59:00-05:00", "2026-11-23T08:00:00-05:00")]
    [InlineData("2026-11-23T08:00:00-05:00", "2026-11-23T08:00:00-05:00")]
    [InlineData("2026-11-23T17:59:59-05:00", "2026-11-23T17:59:59-05:00")]
    [InlineData("2026-11-23T18:00:00-05:00", "2026-11-24T08:00:00-05:00")] // the window is [08:00, 18:00)
    [InlineData("2026-11-27T18:00:00-05:00", "2026-11-30T08:00:00-05:00")] // Friday evening
    public void NextWorkingInstant_IsTheInstantItself_OrTheNextWindowStart(string instant, string expected)
        => Assert.Equal(At(expected), WorkingCalendar.NextWorkingInstant(At(instant), NewYork, Default));

    [Fact]
    public void NextWorkingInstant_FollowsCustomWeeks()
        => Assert.Equal(
            At("2026-11-29T09:00:00+05:30"),
            WorkingCalendar.NextWorkingInstant(At("2026-11-27T11:30:00+05:30"), Kolkata, Hours("Sun-Thu 09:00-17:00")));

    [Fact]
    public void NextWorkingInstant_StartsAtTheShiftedTime_WhenTheWindowOpensInsideAGap()
    {
        // Window 02:30–06:00; on 8 March 02:30 does not exist and becomes 03:30 EDT.
        var hours = Hours("Mon-Sun 02:30-06:00");
        Assert.Equal(At("2026-03-08T03:30:00-04:00"), WorkingCalendar.NextWorkingInstant(At("2026-03-08T03:00:00-04:00"), NewYork, hours));
        Assert.False(WorkingCalendar.IsWorkingTime(At("2026-03-08T03:00:00-04:00"), NewYork, hours));
    }

    [Theory]
    [InlineData("2026-11-23T08:00:00-05:00", true)]
    [InlineData("2026-11-23T17:59:00-05:00", true)]
    [InlineData("2026-11-23T18:00:00-05:00", false)]
    [InlineData("2026-11-23T07:59:00-05:00", false)]
    [InlineData("2026-11-28T12:00:00-05:00", false)]
    [InlineData("2026-11-23T13:00:00Z", true)] // 08:00 EST written in UTC
    public void IsWorkingTime_IsTrueOnlyInsideTheWindow(string instant, bool expected)
        => Assert.Equal(expected, WorkingCalendar.IsWorkingTime(At(instant), NewYork, Default));
}
