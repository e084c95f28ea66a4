using CommitmentBot.Core.Time;
using static CommitmentBot.Core.Tests.Time.DueExpect;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>
/// Example tables for every bullet of SPEC's "More due forms" and the "next Friday" rule of "Due-time semantics".
/// Unless a test says otherwise "now" is Monday 23 November 2026, 10:00 in New York (15:00 UTC);
/// that week runs Mon 23 … Sun 29, next week Mon 30 Nov … Sun 6 Dec, the week after Mon 7 … Sun 13 Dec.
/// </summary>
public sealed class DueTimeParserMoreFormsTests
{
    private const string NewYork = "America/New_York";
    private const string MondayTenAm = "2026-11-23T15:00:00Z";
    private const string ZoneExamples = "(write one like ET, PT, CET, IST, AEST, America/Chicago or UTC+5:30)";

    private static readonly DueContext Monday = Context(NewYork, MondayTenAm);

    // ---- close of business

    [Theory]
    [InlineData("COB")]
    [InlineData("EOB")]
    [InlineData("by COB")]
    [InlineData("close of business")]
    [InlineData("end of business")]
    [InlineData("end of day")]
    [InlineData("end of the day")]
    [InlineData("by the end of the day")]
    public void Parse_ReadsCloseOfBusiness_AsEod(string phrase) => Resolves(phrase, Monday, "2026-11-23T18:00:00-05:00");

    [Theory]
    [InlineData("Friday EOD", "2026-11-27T18:00:00-05:00")]
    [InlineData("EOD tomorrow", "2026-11-24T18:00:00-05:00")]
    [InlineData("Thursday COB", "2026-11-26T18:00:00-05:00")]
    [InlineData("COB Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("EOB tomorrow", "2026-11-24T18:00:00-05:00")]
    [InlineData("end of day Thursday", "2026-11-26T18:00:00-05:00")]
    [InlineData("Thursday end of the day", "2026-11-26T18:00:00-05:00")]
    [InlineData("close of business on Dec 4", "2026-12-04T18:00:00-05:00")]
    public void Parse_ReadsCloseOfBusiness_WithADayOnEitherSide(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("COB")]
    [InlineData("end of business")]
    public void Parse_ReadsCloseOfBusiness_OnAWeekend_AsTheNextWorkingDay(string phrase)
        => Resolves(phrase, Context(NewYork, "2026-11-28T17:00:00Z"), "2026-11-30T18:00:00-05:00"); // Saturday noon

    // ---- parts of the day: the end of the part

    [Theory]
    [InlineData("this morning", "2026-11-23T12:00:00-05:00")]
    [InlineData("morning", "2026-11-23T12:00:00-05:00")]
    [InlineData("this afternoon", "2026-11-23T17:00:00-05:00")]
    [InlineData("in the afternoon", "2026-11-23T17:00:00-05:00")]
    [InlineData("this evening", "2026-11-23T20:00:00-05:00")]
    [InlineData("tonight", "2026-11-23T20:00:00-05:00")]
    [InlineData("by this afternoon", "2026-11-23T17:00:00-05:00")]
    public void Parse_ReadsAPartOfTheDayAlone_AsTodays(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("tomorrow morning", "2026-11-24T12:00:00-05:00")]
    [InlineData("tomorrow afternoon", "2026-11-24T17:00:00-05:00")]
    [InlineData("tomorrow in the morning", "2026-11-24T12:00:00-05:00")]
    [InlineData("tomorrow night", "2026-11-24T20:00:00-05:00")]
    [InlineData("Monday afternoon", "2026-11-23T17:00:00-05:00")] // today's, still ahead
    [InlineData("Monday morning", "2026-11-23T12:00:00-05:00")]
    [InlineData("wednesday evening", "2026-11-25T20:00:00-05:00")]
    [InlineData("Thursday morning", "2026-11-26T12:00:00-05:00")]
    [InlineData("Friday night", "2026-11-27T20:00:00-05:00")]
    [InlineData("first thing tomorrow", "2026-11-24T08:00:00-05:00")]
    [InlineData("first thing Monday", "2026-11-30T08:00:00-05:00")] // this Monday's 08:00 has passed
    [InlineData("Monday first thing", "2026-11-30T08:00:00-05:00")]
    [InlineData("tomorrow first thing", "2026-11-24T08:00:00-05:00")]
    [InlineData("first thing in the morning on Dec 4", "2026-12-04T08:00:00-05:00")]
    [InlineData("Dec 4 afternoon", "2026-12-04T17:00:00-05:00")]
    public void Parse_ReadsAPartOfTheDay_WithADay(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("first thing", "2026-11-23T12:00:00Z", "2026-11-23T08:00:00-05:00")] // 07:00
    [InlineData("first thing in the morning", "2026-11-23T12:00:00Z", "2026-11-23T08:00:00-05:00")]
    [InlineData("this afternoon", "2026-11-23T21:59:00Z", "2026-11-23T17:00:00-05:00")] // 16:59: a minute left
    [InlineData("Monday morning", "2026-11-23T17:30:00Z", "2026-11-30T12:00:00-05:00")] // 12:30 Monday: next Monday's
    public void Parse_ReadsAPartOfTheDay_AtItsEdges(string phrase, string nowUtc, string expected)
        => Resolves(phrase, Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("this afternoon", "2026-11-23T22:00:00Z")] // exactly 17:00: just ended
    [InlineData("this morning", "2026-11-23T17:30:00Z")] // 12:30
    [InlineData("first thing", MondayTenAm)]
    [InlineData("this evening", "2026-11-24T01:00:00Z")] // 20:00
    [InlineData("morning", "2026-11-23T17:00:00Z")] // 12:00
    public void Parse_RejectsAPartOfTheDayThatHasEnded_AsPast(string phrase, string nowUtc)
        => Fails(phrase, Context(NewYork, nowUtc), DueError.Past, "that time has already passed");

    [Fact]
    public void Parse_ReadsFirstThing_AsTheStartOfTheRepsWorkingDay()
        => Resolves("first thing tomorrow", Context("Asia/Kolkata", "2026-11-23T04:30:00Z", hours: Hours("Sun-Thu 09:00-17:00")), "2026-11-24T09:00:00+05:30");

    // ---- weeks (Monday to Sunday)

    [Theory]
    [InlineData("this week", "2026-11-27T18:00:00-05:00")]
    [InlineData("by this week", "2026-11-27T18:00:00-05:00")]
    [InlineData("next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("end of next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("the week after next", "2026-12-11T18:00:00-05:00")]
    [InlineData("week after next", "2026-12-11T18:00:00-05:00")]
    [InlineData("end of the week after next", "2026-12-11T18:00:00-05:00")]
    [InlineData("Tuesday next week", "2026-12-01T18:00:00-05:00")]
    [InlineData("Monday next week", "2026-11-30T18:00:00-05:00")]
    [InlineData("Friday next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("Sunday next week", "2026-12-06T18:00:00-05:00")]
    [InlineData("Friday of next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("next week Friday", "2026-12-04T18:00:00-05:00")]
    [InlineData("next week on Thursday", "2026-12-03T18:00:00-05:00")]
    [InlineData("Tuesday next week at 3pm", "2026-12-01T15:00:00-05:00")]
    [InlineData("Wednesday the week after next", "2026-12-09T18:00:00-05:00")]
    public void Parse_ReadsWeeks(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    // Wednesday 25 Nov: next week is Mon 30 Nov … Sun 6 Dec.
    [InlineData("next Tuesday", "2026-11-25T15:00:00Z", "2026-12-01T18:00:00-05:00")] // six days later, not thirteen
    [InlineData("Tuesday next week", "2026-11-25T15:00:00Z", "2026-12-01T18:00:00-05:00")]
    [InlineData("next Wednesday", "2026-11-25T15:00:00Z", "2026-12-02T18:00:00-05:00")]
    [InlineData("next Monday", "2026-11-25T15:00:00Z", "2026-11-30T18:00:00-05:00")]
    [InlineData("next Sunday", "2026-11-25T15:00:00Z", "2026-12-06T18:00:00-05:00")]
    [InlineData("next Friday 3pm", "2026-11-25T15:00:00Z", "2026-12-04T15:00:00-05:00")]
    // Sunday 29 Nov, the last day of its week.
    [InlineData("next Sunday", "2026-11-29T17:00:00Z", "2026-12-06T18:00:00-05:00")]
    [InlineData("next Monday", "2026-11-29T17:00:00Z", "2026-11-30T18:00:00-05:00")]
    [InlineData("Sunday", "2026-11-29T17:00:00Z", "2026-11-29T18:00:00-05:00")]
    [InlineData("next week", "2026-11-29T17:00:00Z", "2026-12-04T18:00:00-05:00")]
    [InlineData("next week", "2026-11-28T17:00:00Z", "2026-12-04T18:00:00-05:00")] // Saturday
    public void Parse_ReadsNextWeekday_AsThatDayOfNextWeek(string phrase, string nowUtc, string expected)
        => Resolves(phrase, Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("the week after next", "2026-12-22T15:00:00Z", "2027-01-08T18:00:00-05:00")] // Tuesday 22 Dec
    [InlineData("next week", "2026-12-22T15:00:00Z", "2027-01-01T18:00:00-05:00")]
    [InlineData("the week after next", "2026-12-31T15:00:00Z", "2027-01-15T18:00:00-05:00")] // Thursday 31 Dec
    [InlineData("next week", "2026-12-31T15:00:00Z", "2027-01-08T18:00:00-05:00")]
    [InlineData("next Monday", "2026-12-31T15:00:00Z", "2027-01-04T18:00:00-05:00")]
    public void Parse_ReadsWeeks_AcrossTheYearsEnd(string phrase, string nowUtc, string expected)
        => Resolves(phrase, Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("next week", "2026-12-03T17:00:00+05:30")] // the working week's last day, Thursday
    [InlineData("the week after next", "2026-12-10T17:00:00+05:30")]
    public void Parse_ReadsWeeks_ByTheRepsLastWorkingDay(string phrase, string expected)
        => Resolves(phrase, Context("Asia/Kolkata", "2026-11-23T04:30:00Z", hours: Hours("Sun-Thu 09:00-17:00")), expected);

    // ---- counting from a day

    [Theory]
    [InlineData("day after tomorrow", "2026-11-25T18:00:00-05:00")]
    [InlineData("the day after tomorrow at 9am", "2026-11-25T09:00:00-05:00")]
    [InlineData("a week from Friday", "2026-12-04T18:00:00-05:00")]
    [InlineData("two weeks from today", "2026-12-07T18:00:00-05:00")]
    [InlineData("3 days from Dec 5", "2026-12-08T18:00:00-05:00")]
    [InlineData("a week from tomorrow", "2026-12-01T18:00:00-05:00")]
    [InlineData("one week from Monday", "2026-11-30T18:00:00-05:00")] // today's Monday, still ahead, plus a week
    [InlineData("a week from Friday at 3pm", "2026-12-04T15:00:00-05:00")]
    [InlineData("3 days from Dec 5 at 9am", "2026-12-08T09:00:00-05:00")]
    [InlineData("10 days from 12/5", "2026-12-15T18:00:00-05:00")]
    [InlineData("a couple of days from Friday", "2026-11-29T18:00:00-05:00")]
    [InlineData("two weeks from next Friday", "2026-12-18T18:00:00-05:00")]
    [InlineData("a fortnight from today", "2026-12-07T18:00:00-05:00")]
    public void Parse_CountsFromADay_AsADate(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Fact]
    public void Parse_CountsFromADateThatHasPassed_WhenTheResultIsStillAhead()
        => Resolves("3 days from Dec 5", Context(NewYork, "2026-12-06T15:00:00Z"), "2026-12-08T18:00:00-05:00");

    [Fact]
    public void Parse_KeepsFromNow_AsAnOffsetFromThisInstant()
        => Resolves("2 days from now", Monday, "2026-11-25T10:00:00-05:00");

    // ---- words for numbers, compact units, vague amounts

    [Theory]
    [InlineData("in two weeks", "2026-12-07T10:00:00-05:00")]
    [InlineData("in a couple of days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in a couple days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in an hour", "2026-11-23T11:00:00-05:00")]
    [InlineData("in one hour", "2026-11-23T11:00:00-05:00")]
    [InlineData("in twelve hours", "2026-11-23T22:00:00-05:00")]
    [InlineData("in a couple of hours", "2026-11-23T12:00:00-05:00")]
    [InlineData("in half an hour", "2026-11-23T10:30:00-05:00")]
    [InlineData("half an hour from now", "2026-11-23T10:30:00-05:00")]
    [InlineData("in a half hour", "2026-11-23T10:30:00-05:00")]
    [InlineData("in three business days", "2026-11-26T10:00:00-05:00")]
    [InlineData("in eleven days", "2026-12-04T10:00:00-05:00")]
    [InlineData("at five", "2026-11-23T17:00:00-05:00")]
    [InlineData("five pm", "2026-11-23T17:00:00-05:00")]
    [InlineData("Friday at three", "2026-11-27T15:00:00-05:00")]
    [InlineData("three o'clock", "2026-11-23T15:00:00-05:00")]
    public void Parse_ReadsWordsForNumbers(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("in 48h", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 90m", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 90min", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 2d", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 1w", "2026-11-30T10:00:00-05:00")]
    [InlineData("in 3bd", "2026-11-26T10:00:00-05:00")]
    [InlineData("in 3BD", "2026-11-26T10:00:00-05:00")]
    public void Parse_ReadsCompactUnits(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("soon")]
    [InlineData("ASAP")]
    [InlineData("asap!")]
    [InlineData("whenever")]
    [InlineData("a few days")]
    [InlineData("in a few days")]
    [InlineData("in a few hours")]
    [InlineData("some time next week")]
    [InlineData("sometime")]
    [InlineData("as soon as possible")]
    public void Parse_RefusesVagueAmounts_AskingForADateOrTime(string phrase)
        => Fails(phrase, Monday, DueError.Vague, $"\"{phrase}\" is not a deadline: by when exactly? Give a date or a time");

    // ---- another time zone after a time

    [Theory]
    [InlineData("3pm ET", "2026-11-23T20:00:00Z")]
    [InlineData("3pm EST", "2026-11-23T20:00:00Z")]
    [InlineData("3pm EDT", "2026-11-23T20:00:00Z")] // the region's clock, whichever spelling
    [InlineData("3pm Eastern", "2026-11-23T20:00:00Z")]
    [InlineData("3pm Eastern time", "2026-11-23T20:00:00Z")]
    [InlineData("3pm eastern standard time", "2026-11-23T20:00:00Z")]
    [InlineData("3pm America/New_York", "2026-11-23T20:00:00Z")]
    [InlineData("3 PM et", "2026-11-23T20:00:00Z")]
    [InlineData("3pm CT", "2026-11-23T21:00:00Z")]
    [InlineData("3pm CST", "2026-11-23T21:00:00Z")]
    [InlineData("3pm CDT", "2026-11-23T21:00:00Z")]
    [InlineData("3pm Central", "2026-11-23T21:00:00Z")]
    [InlineData("3pm america/chicago", "2026-11-23T21:00:00Z")]
    [InlineData("3pm MT", "2026-11-23T22:00:00Z")]
    [InlineData("3pm MST", "2026-11-23T22:00:00Z")]
    [InlineData("3pm MDT", "2026-11-23T22:00:00Z")]
    [InlineData("3pm Mountain time", "2026-11-23T22:00:00Z")]
    [InlineData("3pm PT", "2026-11-23T23:00:00Z")]
    [InlineData("3pm PST", "2026-11-23T23:00:00Z")]
    [InlineData("3pm PDT", "2026-11-23T23:00:00Z")]
    [InlineData("3pm Pacific", "2026-11-23T23:00:00Z")]
    [InlineData("3pm Pacific Time", "2026-11-23T23:00:00Z")]
    [InlineData("3pm AKT", "2026-11-24T00:00:00Z")]
    [InlineData("3pm AKST", "2026-11-24T00:00:00Z")]
    [InlineData("3pm AKDT", "2026-11-24T00:00:00Z")]
    [InlineData("3pm HST", "2026-11-24T01:00:00Z")]
    [InlineData("4pm GMT", "2026-11-23T16:00:00Z")]
    [InlineData("4pm UTC", "2026-11-23T16:00:00Z")]
    [InlineData("4pm Z", "2026-11-23T16:00:00Z")]
    [InlineData("16:00Z", "2026-11-23T16:00:00Z")]
    [InlineData("2026-11-23T16:00Z", "2026-11-23T16:00:00Z")]
    [InlineData("4pm BST", "2026-11-23T16:00:00Z")] // London keeps GMT in November
    [InlineData("4pm UK", "2026-11-23T16:00:00Z")]
    [InlineData("4pm WET", "2026-11-23T16:00:00Z")]
    [InlineData("4pm WEST", "2026-11-23T16:00:00Z")]
    [InlineData("5pm CET", "2026-11-23T16:00:00Z")]
    [InlineData("5pm CEST", "2026-11-23T16:00:00Z")]
    [InlineData("6pm EET", "2026-11-23T16:00:00Z")]
    [InlineData("6pm EEST", "2026-11-23T16:00:00Z")]
    [InlineData("9:30pm IST", "2026-11-23T16:00:00Z")]
    [InlineData("Friday 9am SGT", "2026-11-27T01:00:00Z")]
    [InlineData("Friday 9am HKT", "2026-11-27T01:00:00Z")]
    [InlineData("Friday 9am JST", "2026-11-27T00:00:00Z")]
    [InlineData("Friday 9am KST", "2026-11-27T00:00:00Z")]
    [InlineData("Friday 9am AEST", "2026-11-26T22:00:00Z")] // Sydney keeps daylight time in November
    [InlineData("Friday 9am AEDT", "2026-11-26T22:00:00Z")]
    [InlineData("Friday 9am ACST", "2026-11-26T22:30:00Z")]
    [InlineData("Friday 9am ACDT", "2026-11-26T22:30:00Z")]
    [InlineData("Friday 9am AWST", "2026-11-27T01:00:00Z")]
    [InlineData("Friday 9am NZST", "2026-11-26T20:00:00Z")]
    [InlineData("Friday 9am NZDT", "2026-11-26T20:00:00Z")]
    [InlineData("Friday 9am BRT", "2026-11-27T12:00:00Z")]
    [InlineData("Friday 9am UTC+5:30", "2026-11-27T03:30:00Z")]
    [InlineData("Friday 9am UTC+0530", "2026-11-27T03:30:00Z")]
    [InlineData("Friday 9am GMT-3", "2026-11-27T12:00:00Z")]
    [InlineData("Friday 9am UTC+10", "2026-11-26T23:00:00Z")]
    public void Parse_ReadsTheWrittenTime_OnTheNamedZonesClock(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("3pm ET tomorrow", "2026-11-24T20:00:00Z")]
    [InlineData("3pm PT on Friday", "2026-11-27T23:00:00Z")]
    [InlineData("at 3pm CET on Dec 5", "2026-12-05T14:00:00Z")]
    [InlineData("tomorrow at noon CET", "2026-11-24T11:00:00Z")]
    [InlineData("in 2 days at 3pm CET", "2026-11-25T14:00:00Z")]
    [InlineData("tomorrow morning CET", "2026-11-24T11:00:00Z")]
    [InlineData("Friday ET", "2026-11-27T23:00:00Z")] // a date alone: 18:00 on the named clock
    [InlineData("EOD PT", "2026-11-24T02:00:00Z")]
    [InlineData("Friday EOD ET", "2026-11-27T23:00:00Z")]
    [InlineData("COB Friday CET", "2026-11-27T17:00:00Z")]
    [InlineData("9am PT", "2026-11-23T17:00:00Z")] // still ahead today
    [InlineData("8am CET", "2026-11-24T07:00:00Z")] // today's 08:00 CET has passed: tomorrow's
    [InlineData("at 5 ET", "2026-11-23T22:00:00Z")]
    [InlineData("next Tuesday 9am Pacific time", "2026-12-01T17:00:00Z")]
    public void Parse_ReadsAZone_WithDaysOnTheRepsCalendar(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    // June: New York and Los Angeles keep daylight time, Berlin summer time, whatever the spelling.
    [InlineData("3pm EST", "2026-06-01T19:00:00Z")]
    [InlineData("3pm EDT", "2026-06-01T19:00:00Z")]
    [InlineData("3pm PST", "2026-06-01T22:00:00Z")]
    [InlineData("5pm CET", "2026-06-01T15:00:00Z")]
    [InlineData("5pm CEST", "2026-06-01T15:00:00Z")]
    [InlineData("Friday 9am AEDT", "2026-06-04T23:00:00Z")] // Sydney is on standard time in June
    public void Parse_ReadsStandardAndDaylightSpellings_AsTheRegionsClock(string phrase, string expected)
        => Resolves(phrase, Context(NewYork, "2026-06-01T14:00:00Z"), expected); // Monday 1 June, 10:00 EDT

    [Theory]
    // The named zone's daylight saving, the rep in London. New York springs forward Sun 8 Mar 2026 02:00 → 03:00.
    [InlineData("2026-03-06T12:00:00Z", "Sunday 2:30am ET", "2026-03-08T07:30:00Z")] // 02:30 does not exist: 03:30 EDT
    [InlineData("2026-03-06T12:00:00Z", "Sunday 3:30am ET", "2026-03-08T07:30:00Z")]
    [InlineData("2026-03-06T12:00:00Z", "Sunday 1:30am ET", "2026-03-08T06:30:00Z")]
    // New York falls back Sun 1 Nov 2026 02:00 → 01:00: 01:30 happens twice, the first (EDT) is meant.
    [InlineData("2026-10-30T12:00:00Z", "Sunday 1:30am ET", "2026-11-01T05:30:00Z")]
    [InlineData("2026-10-30T12:00:00Z", "Sunday 2:30am ET", "2026-11-01T07:30:00Z")]
    // Sydney (southern hemisphere) springs forward Sun 4 Oct 2026 02:00 → 03:00, falls back Sun 5 Apr 2026 03:00 → 02:00.
    [InlineData("2026-10-02T11:00:00Z", "Sunday 2:30am AEST", "2026-10-03T16:30:00Z")]
    [InlineData("2026-04-03T11:00:00Z", "Sunday 2:30am AEDT", "2026-04-04T15:30:00Z")]
    // Adelaide (half-hour offsets) springs forward Sun 4 Oct 2026 02:00 → 03:00.
    [InlineData("2026-10-02T11:00:00Z", "Sunday 2:30am ACST", "2026-10-03T17:00:00Z")]
    public void Parse_AppliesTheNamedZonesDaylightSaving(string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context("Europe/London", nowUtc), expected);

    [Theory]
    // New York springs forward Sun 8 Mar 2026; now Sat 7 Mar 23:30 EST: tomorrow is Sunday on the rep's calendar.
    [InlineData(NewYork, "2026-03-08T04:30:00Z", "tomorrow 9am CET", "2026-03-08T08:00:00Z")]
    [InlineData(NewYork, "2026-03-08T04:30:00Z", "3pm CET", "2026-03-08T14:00:00Z")] // Saturday's has passed
    [InlineData(NewYork, "2026-03-08T04:30:00Z", "tomorrow 9am PT", "2026-03-08T16:00:00Z")]
    // New York falls back Sun 1 Nov 2026; now Sat 31 Oct 23:30 EDT.
    [InlineData(NewYork, "2026-11-01T03:30:00Z", "tomorrow 9am CET", "2026-11-01T08:00:00Z")]
    [InlineData(NewYork, "2026-11-01T03:30:00Z", "tomorrow 9am PT", "2026-11-01T17:00:00Z")] // Los Angeles has fallen back too
    // Sydney springs forward Sun 4 Oct 2026; now Sat 3 Oct 12:00 AEST.
    [InlineData("Australia/Sydney", "2026-10-03T02:00:00Z", "tomorrow 9am PT", "2026-10-04T16:00:00Z")]
    [InlineData("Australia/Sydney", "2026-10-03T02:00:00Z", "Monday 9am ET", "2026-10-05T13:00:00Z")]
    public void Parse_ReadsAZone_AcrossTheRepsDaylightSaving(string zone, string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context(zone, nowUtc), expected);

    [Theory]
    // The rep in Kolkata (+5:30), Monday 23 Nov 10:00.
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", "3pm ET", "2026-11-23T20:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", "tomorrow 9am ACDT", "2026-11-23T22:30:00Z")]
    // Half- and three-quarter-hour named zones, the rep in New York.
    [InlineData(NewYork, MondayTenAm, "3pm Asia/Kathmandu", "2026-11-24T09:15:00Z")] // today's 09:15 UTC has passed
    [InlineData(NewYork, MondayTenAm, "3pm UTC+5:45", "2026-11-24T09:15:00Z")]
    [InlineData(NewYork, MondayTenAm, "3pm America/St_Johns", "2026-11-23T18:30:00Z")]
    [InlineData(NewYork, MondayTenAm, "Friday 9am Australia/Adelaide", "2026-11-26T22:30:00Z")]
    public void Parse_ReadsHalfHourZones(string zone, string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context(zone, nowUtc), expected);

    [Theory]
    // The rep in Tokyo on Monday 08:00, when it is still Sunday in America: days are the rep's.
    [InlineData("tomorrow 9am CT", "2026-11-24T15:00:00Z")]
    [InlineData("5pm PT", "2026-11-24T01:00:00Z")]
    [InlineData("today 5pm PT", "2026-11-24T01:00:00Z")]
    [InlineData("Monday 9am ET", "2026-11-23T14:00:00Z")]
    public void Parse_ReadsDays_OnTheRepsCalendar_WhenTheNamedZonesDateDiffers(string phrase, string expected)
        => Resolves(phrase, Context("Asia/Tokyo", "2026-11-22T23:00:00Z"), expected);

    [Fact]
    public void Parse_RejectsANamedZoneTime_ThatHasPassedAlthoughItIsTomorrowForTheRep()
        // Sat 31 Oct 23:30 in New York; Sunday noon in Tokyo was 03:00 UTC, half an hour ago.
        => Fails("tomorrow noon JST", Context(NewYork, "2026-11-01T03:30:00Z"), DueError.Past, "that time has already passed");

    [Theory]
    [InlineData("3pm ET", "America/New_York")]
    [InlineData("3pm Pacific time", "America/Los_Angeles")]
    [InlineData("5pm CET", "Europe/Berlin")]
    [InlineData("Friday 9am UTC+5:30", "UTC+05:30")]
    [InlineData("4pm UTC", "UTC")]
    [InlineData("tomorrow 9am Asia/Tokyo", "Asia/Tokyo")]
    public void Parse_ReturnsTheNamedZone(string phrase, string zoneId)
    {
        var result = DueTimeParser.Parse(phrase, Monday);
        Assert.True(result.Success, result.Message);
        Assert.Equal(zoneId, result.Zone?.Id);
    }

    [Fact]
    public void Parse_ReturnsNoZone_WhenNoneIsNamed()
    {
        var result = DueTimeParser.Parse("Friday 3pm", Monday);
        Assert.True(result.Success);
        Assert.Null(result.Zone);
    }

    [Theory]
    [InlineData("3pm XYZ", "XYZ")]
    [InlineData("Friday 3pm Acme team", "Acme team")]
    [InlineData("3pm UTC+25", "UTC+25")]
    [InlineData("3pm Mars/Olympus_Mons", "Mars/Olympus_Mons")]
    [InlineData("tomorrow at noon Eastern-ish", "Eastern-ish")]
    public void Parse_NamesWhatFollowsATime_WhenItIsNoZone(string phrase, string named)
        => Fails(phrase, Monday, DueError.Unrecognised, $"\"{named}\" is not a time zone I know {ZoneExamples}");

    [Theory]
    [InlineData("in 3 hours ET")]
    [InlineData("in 2 days CET")]
    public void Parse_RefusesAZone_WithNoTimeOfDay(string phrase)
        => Fails(phrase, Monday, DueError.Unrecognised, "a time zone goes after a time of day, e.g. \"Friday 3pm ET\"");

    [Fact]
    public void Parse_AllocatesNothing_ForZonesAndTheNewForms()
    {
        string[] phrases =
        [
            "3pm ET", "Friday 9am Pacific time", "noon America/Chicago", "9am UTC+5:30", "5pm GMT-3", "tomorrow morning CET",
            "first thing Monday", "COB Friday", "the week after next", "a week from Friday", "in a couple of days", "in 3bd",
        ];
        foreach (var phrase in phrases)
        {
            Assert.True(DueTimeParser.Parse(phrase, Monday).Success, phrase); // the first use of a zone resolves and keeps it
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var phrase in phrases)
        {
            DueTimeParser.Parse(phrase, Monday);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // ---- a day and month that has passed this year (9.17)

    [Theory]
    [InlineData("Dec 1", "2027-12-01T18:00:00-05:00", true)]
    [InlineData("12/1", "2027-12-01T18:00:00-05:00", true)]
    [InlineData("Jan 5", "2027-01-05T18:00:00-05:00", true)]
    [InlineData("Dec 5", "2026-12-05T18:00:00-05:00", false)]
    [InlineData("Dec 1 2027", "2027-12-01T18:00:00-05:00", false)] // the year was written
    [InlineData("Friday", "2026-12-04T18:00:00-05:00", false)]
    public void Parse_SaysWhenADateWasReadAsNextYear(string phrase, string expected, bool nextYear)
    {
        var context = Context(NewYork, "2026-12-02T15:00:00Z"); // Wednesday 2 December 2026
        Resolves(phrase, context, expected);
        Assert.Equal(nextYear, DueTimeParser.Parse(phrase, context).ReadAsNextYear);
    }

    // ---- the longest leading phrase (a move's new due, then its reason)

    [Theory]
    [InlineData("next Tuesday Acme asked to push, their VP is out", "next Tuesday")]
    [InlineData("next Tuesday, Acme asked to push", "next Tuesday,")]
    [InlineData("Friday 3pm ET customer agreed", "Friday 3pm ET")]
    [InlineData("the week after next as agreed", "the week after next")]
    [InlineData("tomorrow morning - the part is late", "tomorrow morning")]
    [InlineData("Dec 5 because the part is late", "Dec 5")]
    [InlineData("Feb 30 they said", "Feb 30")] // an impossible date still reads as one: the rep hears what is wrong
    [InlineData("a week from Friday", "a week from Friday")]
    [InlineData("  in 2 business days  please", "  in 2 business days")]
    [InlineData("blah blah", "")]
    [InlineData("", "")]
    public void LeadingPhraseLength_FindsTheLongestLeadingDue(string text, string expected)
        => Assert.Equal(expected, text[..DueTimeParser.LeadingPhraseLength(text)]);

    [Fact]
    public void LeadingPhraseLength_ReadsOnlyTheStart_OfALongReason()
    {
        var text = "next Friday " + string.Join(' ', Enumerable.Repeat("because", 200));
        Assert.Equal("next Friday".Length, DueTimeParser.LeadingPhraseLength(text));
    }
}
