using CommitmentBot.Core.Time;
using static CommitmentBot.Core.Tests.Time.DueExpect;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>
/// Example tables for every phrase form and every rule of SPEC's "Due-time semantics".
/// Unless a test says otherwise "now" is Monday 23 November 2026, 10:00 in New York (15:00 UTC);
/// that week runs Mon 23 … Fri 27, Sat 28, Sun 29, Mon 30; 5 December 2026 is a Saturday.
/// </summary>
public sealed class DueTimeParserTests
{
    private const string NewYork = "America/New_York";
    private const string MondayTenAm = "2026-11-23T15:00:00Z";

    private static readonly DueContext Monday = Context(NewYork, MondayTenAm);

    [Theory]
    [InlineData("2026-12-05")]
    [InlineData("2026/12/05")]
    [InlineData("Dec 5")]
    [InlineData("Dec. 5")]
    [InlineData("December 5th")]
    [InlineData("December the 5th")]
    [InlineData("Dec 5, 2026")]
    [InlineData("December 5th 2026")]
    [InlineData("5 Dec")]
    [InlineData("5th Dec")]
    [InlineData("5th of December")]
    [InlineData("the 5th of December")]
    [InlineData("5 December 2026")]
    [InlineData("12/5")]
    [InlineData("12/05")]
    [InlineData("12-5")]
    [InlineData("12/5/2026")]
    [InlineData("12/5/26")]
    public void Parse_ReadsDateAsEndOfWorkingDay_WhenNoTimeIsGiven(string phrase)
        => Resolves(phrase, Monday, "2026-12-05T18:00:00-05:00");

    [Theory]
    [InlineData("Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("Fri", "2026-11-27T18:00:00-05:00")]
    [InlineData("this Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("this coming Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("next Friday", "2026-12-04T18:00:00-05:00")]
    [InlineData("next Tuesday", "2026-12-01T18:00:00-05:00")]
    [InlineData("Tuesday", "2026-11-24T18:00:00-05:00")]
    [InlineData("Tues", "2026-11-24T18:00:00-05:00")]
    [InlineData("wed", "2026-11-25T18:00:00-05:00")]
    [InlineData("Thurs", "2026-11-26T18:00:00-05:00")]
    [InlineData("Saturday", "2026-11-28T18:00:00-05:00")]
    [InlineData("Sunday", "2026-11-29T18:00:00-05:00")]
    [InlineData("Monday", "2026-11-23T18:00:00-05:00")]
    [InlineData("Monday 9am", "2026-11-30T09:00:00-05:00")]
    [InlineData("next Monday", "2026-11-30T18:00:00-05:00")]
    [InlineData("next Monday 9am", "2026-11-30T09:00:00-05:00")] // next week's Monday, even though this Monday's 9am has passed
    [InlineData("Friday, Dec 4", "2026-12-04T18:00:00-05:00")]
    [InlineData("Fri 12/4", "2026-12-04T18:00:00-05:00")]
    public void Parse_ReadsWeekday_AsSoonestSuchDayStillAhead(string phrase, string expected)
        => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("today", "2026-11-23T18:00:00-05:00")]
    [InlineData("tomorrow", "2026-11-24T18:00:00-05:00")]
    [InlineData("tmrw", "2026-11-24T18:00:00-05:00")]
    [InlineData("tonight", "2026-11-23T20:00:00-05:00")]
    [InlineData("the day after tomorrow", "2026-11-25T18:00:00-05:00")]
    [InlineData("next business day", "2026-11-24T18:00:00-05:00")]
    [InlineData("the 15th", "2026-12-15T18:00:00-05:00")]
    [InlineData("15th", "2026-12-15T18:00:00-05:00")]
    [InlineData("the 23rd", "2026-11-23T18:00:00-05:00")]
    [InlineData("the 31st", "2026-12-31T18:00:00-05:00")]
    public void Parse_ReadsNamedDays(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("3pm", "2026-11-23T15:00:00-05:00")]
    [InlineData("3 pm", "2026-11-23T15:00:00-05:00")]
    [InlineData("3PM", "2026-11-23T15:00:00-05:00")]
    [InlineData("3 p.m.", "2026-11-23T15:00:00-05:00")]
    [InlineData("3p", "2026-11-23T15:00:00-05:00")]
    [InlineData("9:30am", "2026-11-24T09:30:00-05:00")]
    [InlineData("9:30 AM", "2026-11-24T09:30:00-05:00")]
    [InlineData("15:00", "2026-11-23T15:00:00-05:00")]
    [InlineData("17.45", "2026-11-23T17:45:00-05:00")]
    [InlineData("09:00", "2026-11-24T09:00:00-05:00")]
    [InlineData("noon", "2026-11-23T12:00:00-05:00")]
    [InlineData("midday", "2026-11-23T12:00:00-05:00")]
    [InlineData("12 noon", "2026-11-23T12:00:00-05:00")]
    [InlineData("12pm", "2026-11-23T12:00:00-05:00")]
    [InlineData("12am", "2026-11-24T00:00:00-05:00")]
    [InlineData("midnight", "2026-11-24T00:00:00-05:00")]
    [InlineData("11:59pm", "2026-11-23T23:59:00-05:00")]
    [InlineData("0:30", "2026-11-24T00:30:00-05:00")]
    [InlineData("at 5", "2026-11-23T17:00:00-05:00")]
    [InlineData("at 9", "2026-11-24T09:00:00-05:00")]
    [InlineData("at 1530", "2026-11-23T15:30:00-05:00")]
    [InlineData("at 0930", "2026-11-24T09:30:00-05:00")]
    [InlineData("930am", "2026-11-24T09:30:00-05:00")]
    [InlineData("5 o'clock", "2026-11-23T17:00:00-05:00")]
    [InlineData("3:30", "2026-11-23T15:30:00-05:00")]
    public void Parse_ReadsTimeWithoutDate_AsTodayIfAheadElseTomorrow(string phrase, string expected)
        => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("Friday 3pm", "2026-11-27T15:00:00-05:00")]
    [InlineData("Friday at 3pm", "2026-11-27T15:00:00-05:00")]
    [InlineData("Friday @ 3pm", "2026-11-27T15:00:00-05:00")]
    [InlineData("Friday, 3pm", "2026-11-27T15:00:00-05:00")]
    [InlineData("Friday by 3pm", "2026-11-27T15:00:00-05:00")]
    [InlineData("Friday at 3", "2026-11-27T15:00:00-05:00")]
    [InlineData("tomorrow at noon", "2026-11-24T12:00:00-05:00")]
    [InlineData("tomorrow noon", "2026-11-24T12:00:00-05:00")]
    [InlineData("tomorrow 9", "2026-11-24T09:00:00-05:00")]
    [InlineData("Dec 5 at 9am", "2026-12-05T09:00:00-05:00")]
    [InlineData("December 5th at 9:30am", "2026-12-05T09:30:00-05:00")]
    [InlineData("Dec. 5, 2026 3:30 p.m.", "2026-12-05T15:30:00-05:00")]
    [InlineData("next Friday 10:00", "2026-12-04T10:00:00-05:00")]
    [InlineData("12/5 3pm", "2026-12-05T15:00:00-05:00")]
    [InlineData("2026-12-05 15:00", "2026-12-05T15:00:00-05:00")]
    [InlineData("2026-12-05T15:00", "2026-12-05T15:00:00-05:00")]
    [InlineData("Friday midnight", "2026-11-28T00:00:00-05:00")]
    [InlineData("tonight at 9", "2026-11-23T21:00:00-05:00")]
    [InlineData("tonight 11:30", "2026-11-23T23:30:00-05:00")]
    [InlineData("tonight at 12", "2026-11-24T00:00:00-05:00")]
    [InlineData("3pm tomorrow", "2026-11-24T15:00:00-05:00")]
    [InlineData("at 3pm tomorrow", "2026-11-24T15:00:00-05:00")]
    [InlineData("noon on Friday", "2026-11-27T12:00:00-05:00")]
    [InlineData("9am on Dec 5", "2026-12-05T09:00:00-05:00")]
    [InlineData("5pm on the 15th", "2026-12-15T17:00:00-05:00")]
    public void Parse_ReadsDateFollowedByTime(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("EOD", "2026-11-23T18:00:00-05:00")]
    [InlineData("eod", "2026-11-23T18:00:00-05:00")]
    [InlineData("COB", "2026-11-23T18:00:00-05:00")]
    [InlineData("end of day", "2026-11-23T18:00:00-05:00")]
    [InlineData("by end of the day", "2026-11-23T18:00:00-05:00")]
    [InlineData("end of the working day", "2026-11-23T18:00:00-05:00")]
    [InlineData("end of business", "2026-11-23T18:00:00-05:00")]
    [InlineData("close of business", "2026-11-23T18:00:00-05:00")]
    [InlineData("EOD Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of day Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("Friday EOD", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of Friday", "2026-11-27T18:00:00-05:00")]
    [InlineData("EOD tomorrow", "2026-11-24T18:00:00-05:00")]
    [InlineData("EOW", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of week", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of the week", "2026-11-27T18:00:00-05:00")]
    [InlineData("by the end of this week", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of the working week", "2026-11-27T18:00:00-05:00")]
    [InlineData("end of next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("by the end of the next week", "2026-12-04T18:00:00-05:00")]
    [InlineData("end of month", "2026-11-30T18:00:00-05:00")]
    [InlineData("end of the month", "2026-11-30T18:00:00-05:00")]
    [InlineData("EOM", "2026-11-30T18:00:00-05:00")]
    [InlineData("end of next month", "2026-12-31T18:00:00-05:00")]
    [InlineData("end of December", "2026-12-31T18:00:00-05:00")]
    [InlineData("end of quarter", "2026-12-31T18:00:00-05:00")]
    [InlineData("end of year", "2026-12-31T18:00:00-05:00")]
    public void Parse_ReadsEndOfPeriodShorthands(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("in 3 hours", "2026-11-23T13:00:00-05:00")]
    [InlineData("in 3 hrs", "2026-11-23T13:00:00-05:00")]
    [InlineData("in 3h", "2026-11-23T13:00:00-05:00")]
    [InlineData("in three hours", "2026-11-23T13:00:00-05:00")]
    [InlineData("3 hours from now", "2026-11-23T13:00:00-05:00")]
    [InlineData("in 90 minutes", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 90 mins", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 90m", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 1.5 hours", "2026-11-23T11:30:00-05:00")]
    [InlineData("in an hour and a half", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 1 hour 30 minutes", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 1 hour and 30 minutes", "2026-11-23T11:30:00-05:00")]
    [InlineData("in 1h30m", "2026-11-23T11:30:00-05:00")]
    [InlineData("in an hour", "2026-11-23T11:00:00-05:00")]
    [InlineData("in 1 hour", "2026-11-23T11:00:00-05:00")]
    [InlineData("in half an hour", "2026-11-23T10:30:00-05:00")]
    [InlineData("in 2 days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in two days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 2 days' time", "2026-11-25T10:00:00-05:00")]
    [InlineData("2 days from now", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 1 day", "2026-11-24T10:00:00-05:00")]
    [InlineData("in 1 week", "2026-11-30T10:00:00-05:00")]
    [InlineData("in a week", "2026-11-30T10:00:00-05:00")]
    [InlineData("in 2 weeks", "2026-12-07T10:00:00-05:00")]
    [InlineData("in a fortnight", "2026-12-07T10:00:00-05:00")]
    [InlineData("in 1 month", "2026-12-23T10:00:00-05:00")]
    [InlineData("in 2 business days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 2 working days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 2 work days", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 2 workdays", "2026-11-25T10:00:00-05:00")]
    [InlineData("in 1 business day", "2026-11-24T10:00:00-05:00")]
    [InlineData("in 4 business days", "2026-11-27T10:00:00-05:00")]
    [InlineData("in 5 business days", "2026-11-30T10:00:00-05:00")]
    [InlineData("in 2 days at 3pm", "2026-11-25T15:00:00-05:00")]
    [InlineData("in 2 business days at noon", "2026-11-25T12:00:00-05:00")]
    [InlineData("in 2 days EOD", "2026-11-25T18:00:00-05:00")]
    public void Parse_ReadsRelativeOffsets(string phrase, string expected) => Resolves(phrase, Monday, expected);

    [Theory]
    [InlineData("  FRIDAY  ")]
    [InlineData("friday.")]
    [InlineData("Friday!")]
    [InlineData("Friday?")]
    [InlineData("on Friday")]
    [InlineData("by Friday")]
    [InlineData("due Friday")]
    [InlineData("due by Friday")]
    [InlineData("ON   friday")]
    [InlineData("Friday\t")]
    public void Parse_ToleratesCaseSpacesLeadingWordsAndTrailingPunctuation(string phrase)
        => Resolves(phrase, Monday, "2026-11-27T18:00:00-05:00");

    [Theory]
    [InlineData("fri   3   PM")]
    [InlineData("FRIDAY AT 3PM.")]
    [InlineData("on Friday at 3 p.m.")]
    [InlineData("Friday\u00a03pm")]
    public void Parse_ToleratesSpacingAndCaseAroundTimes(string phrase)
        => Resolves(phrase, Monday, "2026-11-27T15:00:00-05:00");

    // ---- the rules, each at a "now" that exercises it

    [Theory]
    [InlineData("2026-11-28T17:00:00Z", "2026-11-30T18:00:00-05:00")] // Saturday noon: not a working day
    [InlineData("2026-11-28T00:00:00Z", "2026-11-30T18:00:00-05:00")] // Friday 19:00: today's has passed
    [InlineData("2026-11-23T22:59:00Z", "2026-11-23T18:00:00-05:00")] // Monday 17:59: still ahead
    [InlineData("2026-11-23T23:00:00Z", "2026-11-24T18:00:00-05:00")] // Monday 18:00: not after now
    public void Parse_ReadsEod_AsEndOfNextWorkingDay_WhenTodaysHasPassedOrIsNotWorking(string nowUtc, string expected)
        => Resolves("EOD", Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("2026-11-27T22:00:00Z", "2026-11-27T18:00:00-05:00")] // Friday 17:00
    [InlineData("2026-11-27T23:30:00Z", "2026-12-04T18:00:00-05:00")] // Friday 18:30
    [InlineData("2026-11-28T17:00:00Z", "2026-12-04T18:00:00-05:00")] // Saturday
    [InlineData("2026-11-29T17:00:00Z", "2026-12-04T18:00:00-05:00")] // Sunday
    public void Parse_ReadsEow_AsNextWeeksLastWorkingDay_OnceThisWeeksHasPassed(string nowUtc, string expected)
        => Resolves("EOW", Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("2026-11-28T17:00:00Z", "2026-12-04T18:00:00-05:00")] // Saturday: next week is the coming one
    [InlineData("2026-11-25T15:00:00Z", "2026-12-04T18:00:00-05:00")] // Wednesday
    public void Parse_ReadsEndOfNextWeek_AsLastWorkingDayOfTheFollowingWeek(string nowUtc, string expected)
        => Resolves("end of next week", Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("2026-12-01T00:00:00Z", "2026-12-31T18:00:00-05:00")] // Mon 30 Nov 19:00: November's has passed
    [InlineData("2026-10-05T14:00:00Z", "2026-10-30T18:00:00-04:00")] // 31 Oct is a Saturday: Friday 30th
    [InlineData("2027-01-10T15:00:00Z", "2027-01-29T18:00:00-05:00")] // 31 Jan 2027 is a Sunday: Friday 29th
    public void Parse_ReadsEndOfMonth_AsEndOfMonthsLastWorkingDay(string nowUtc, string expected)
        => Resolves("end of month", Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("Friday", "2026-11-27T22:00:00Z", "2026-11-27T18:00:00-05:00")] // Friday 17:00: today still ahead
    [InlineData("Friday", "2026-11-27T23:30:00Z", "2026-12-04T18:00:00-05:00")] // Friday 18:30: a week on
    [InlineData("Friday 3pm", "2026-11-27T19:00:00Z", "2026-11-27T15:00:00-05:00")] // Friday 14:00: today 3pm is ahead
    [InlineData("Friday 1pm", "2026-11-27T19:00:00Z", "2026-12-04T13:00:00-05:00")]
    [InlineData("next Friday", "2026-11-27T22:00:00Z", "2026-12-04T18:00:00-05:00")]
    [InlineData("next Friday", "2026-11-27T23:30:00Z", "2026-12-04T18:00:00-05:00")] // Friday 18:30: next week's Friday
    [InlineData("next Friday", "2026-11-26T15:00:00Z", "2026-12-04T18:00:00-05:00")] // Thursday: eight days
    public void Parse_ReadsWeekday_IncludingTodayOnlyWhileTheTimeIsAhead(string phrase, string nowUtc, string expected)
        => Resolves(phrase, Context(NewYork, nowUtc), expected);

    [Theory]
    [InlineData("Dec 5", "2027-12-05T18:00:00-05:00")]
    [InlineData("12/5", "2027-12-05T18:00:00-05:00")]
    [InlineData("Dec 6", "2026-12-06T18:00:00-05:00")]
    [InlineData("Dec 6 9am", "2027-12-06T09:00:00-05:00")]
    [InlineData("Jan 2", "2027-01-02T18:00:00-05:00")]
    [InlineData("Feb 29", "2028-02-29T18:00:00-05:00")]
    public void Parse_ReadsDayAndMonthWithoutYear_AsNextSuchDateStillAhead(string phrase, string expected)
        => Resolves(phrase, Context(NewYork, "2026-12-06T15:00:00Z"), expected); // Sunday 6 Dec 2026, 10:00

    [Theory]
    [InlineData("12/5", DateOrder.MDY, "2026-12-05T18:00:00-05:00")]
    [InlineData("12/5", DateOrder.DMY, "2027-05-12T18:00:00-04:00")]
    [InlineData("5/12", DateOrder.MDY, "2027-05-12T18:00:00-04:00")]
    [InlineData("5/12", DateOrder.DMY, "2026-12-05T18:00:00-05:00")]
    [InlineData("13/5", DateOrder.DMY, "2027-05-13T18:00:00-04:00")]
    [InlineData("25/12/2026", DateOrder.DMY, "2026-12-25T18:00:00-05:00")]
    [InlineData("12/25/2026", DateOrder.MDY, "2026-12-25T18:00:00-05:00")]
    [InlineData("5.12.2026", DateOrder.DMY, "2026-12-05T18:00:00-05:00")]
    [InlineData("2026-12-05", DateOrder.DMY, "2026-12-05T18:00:00-05:00")]
    [InlineData("Dec 5", DateOrder.DMY, "2026-12-05T18:00:00-05:00")]
    [InlineData("5/12 at 3pm", DateOrder.DMY, "2026-12-05T15:00:00-05:00")]
    public void Parse_ReadsNumericDates_ByDateOrder_AndIsoAlways(string phrase, DateOrder order, string expected)
        => Resolves(phrase, Context(NewYork, MondayTenAm, order), expected);

    // ---- zones with half-hour offsets and the southern hemisphere

    [Theory]
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", "Friday 3pm", "2026-11-27T15:00:00+05:30")]
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", "EOD", "2026-11-23T18:00:00+05:30")]
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", "in 2 days", "2026-11-25T10:00:00+05:30")]
    [InlineData("America/St_Johns", "2026-11-23T13:30:00Z", "tomorrow 9am", "2026-11-24T09:00:00-03:30")]
    [InlineData("America/St_Johns", "2026-11-23T13:30:00Z", "EOW", "2026-11-27T18:00:00-03:30")]
    [InlineData("Australia/Adelaide", "2026-11-23T00:00:00Z", "EOD", "2026-11-23T18:00:00+10:30")]
    [InlineData("Australia/Adelaide", "2026-11-23T00:00:00Z", "Dec 5", "2026-12-05T18:00:00+10:30")]
    [InlineData("Pacific/Auckland", "2026-11-22T21:00:00Z", "tomorrow at noon", "2026-11-24T12:00:00+13:00")]
    [InlineData("Europe/London", "2026-11-23T10:00:00Z", "Friday 3pm", "2026-11-27T15:00:00+00:00")]
    [InlineData("UTC", "2026-11-23T10:00:00Z", "Friday 3pm", "2026-11-27T15:00:00+00:00")]
    public void Parse_ReadsPhrasesInTheRepsZone(string zone, string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context(zone, nowUtc), expected);

    // ---- custom working hours: Sun–Thu 09:00–17:00

    [Theory]
    [InlineData("2026-11-23T04:30:00Z", "EOD", "2026-11-23T17:00:00+05:30")]
    [InlineData("2026-11-23T04:30:00Z", "EOW", "2026-11-26T17:00:00+05:30")]
    [InlineData("2026-11-23T04:30:00Z", "Friday", "2026-11-27T17:00:00+05:30")]
    [InlineData("2026-11-23T04:30:00Z", "at 5", "2026-11-23T17:00:00+05:30")]
    [InlineData("2026-11-26T12:00:00Z", "EOD", "2026-11-29T17:00:00+05:30")] // Thursday 17:30
    [InlineData("2026-11-26T12:00:00Z", "in 1 business day", "2026-11-29T17:30:00+05:30")]
    [InlineData("2026-11-26T12:00:00Z", "EOW", "2026-12-03T17:00:00+05:30")]
    [InlineData("2026-10-05T04:30:00Z", "end of month", "2026-10-29T17:00:00+05:30")] // 30 Oct Fri, 31 Sat
    public void Parse_FollowsTheRepsWorkingHours(string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context("Asia/Kolkata", nowUtc, hours: Hours("Sun-Thu 09:00-17:00")), expected);

    [Theory]
    [InlineData("2026-11-27T15:00:00Z", "in 1 business day", "2026-11-30T10:00:00-05:00")] // Friday
    [InlineData("2026-11-27T15:00:00Z", "in 6 business days", "2026-12-07T10:00:00-05:00")]
    [InlineData("2026-11-28T15:00:00Z", "in 1 business day", "2026-11-30T10:00:00-05:00")] // Saturday
    [InlineData("2026-11-29T15:00:00Z", "next business day", "2026-11-30T18:00:00-05:00")] // Sunday
    public void Parse_ReadsBusinessDays_SkippingNonWorkingDays(string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context(NewYork, nowUtc), expected);

    // ---- daylight saving

    [Theory]
    // New York springs forward Sun 8 Mar 2026 02:00 → 03:00. Now: Sat 7 Mar 12:00 EST.
    [InlineData(NewYork, "2026-03-07T17:00:00Z", "tomorrow 2:30am", "2026-03-08T03:30:00-04:00")]
    [InlineData(NewYork, "2026-03-07T17:00:00Z", "tomorrow 2am", "2026-03-08T03:00:00-04:00")]
    [InlineData(NewYork, "2026-03-07T17:00:00Z", "in 1 day", "2026-03-08T12:00:00-04:00")]
    [InlineData(NewYork, "2026-03-07T17:00:00Z", "in 24 hours", "2026-03-08T13:00:00-04:00")]
    [InlineData(NewYork, "2026-03-07T07:30:00Z", "in 1 day", "2026-03-08T03:30:00-04:00")] // from 02:30: lands in the gap
    // New York falls back Sun 1 Nov 2026 02:00 → 01:00. Now: Sat 31 Oct 12:00 EDT.
    [InlineData(NewYork, "2026-10-31T16:00:00Z", "tomorrow 1:30am", "2026-11-01T01:30:00-04:00")]
    [InlineData(NewYork, "2026-10-31T16:00:00Z", "in 1 day", "2026-11-01T12:00:00-05:00")]
    [InlineData(NewYork, "2026-10-31T16:00:00Z", "in 24 hours", "2026-11-01T11:00:00-05:00")]
    [InlineData(NewYork, "2026-10-31T16:00:00Z", "Sunday", "2026-11-01T18:00:00-05:00")]
    // London: 29 Mar 01:00 → 02:00; 25 Oct 02:00 → 01:00.
    [InlineData("Europe/London", "2026-03-28T12:00:00Z", "tomorrow 1:30am", "2026-03-29T02:30:00+01:00")]
    [InlineData("Europe/London", "2026-10-24T11:00:00Z", "tomorrow 1:30am", "2026-10-25T01:30:00+01:00")]
    // Adelaide (+9:30/+10:30): falls back 5 Apr 03:00 → 02:00, springs forward 4 Oct 02:00 → 03:00.
    [InlineData("Australia/Adelaide", "2026-04-04T02:30:00Z", "tomorrow 2:30am", "2026-04-05T02:30:00+10:30")]
    [InlineData("Australia/Adelaide", "2026-10-03T02:30:00Z", "tomorrow 2:30am", "2026-10-04T03:30:00+10:30")]
    // St John's (-3:30/-2:30): springs forward 8 Mar 02:00 → 03:00.
    [InlineData("America/St_Johns", "2026-03-07T15:30:00Z", "tomorrow 2:15am", "2026-03-08T03:15:00-02:30")]
    [InlineData("America/St_Johns", "2026-10-31T14:30:00Z", "tomorrow 1:15am", "2026-11-01T01:15:00-02:30")]
    // Auckland: springs forward 27 Sep 02:00 → 03:00, falls back 5 Apr 03:00 → 02:00.
    [InlineData("Pacific/Auckland", "2026-09-26T00:00:00Z", "tomorrow 2:30am", "2026-09-27T03:30:00+13:00")]
    [InlineData("Pacific/Auckland", "2026-04-03T23:00:00Z", "tomorrow 2:30am", "2026-04-05T02:30:00+13:00")]
    [InlineData("Pacific/Auckland", "2026-04-03T23:00:00Z", "in 2 days", "2026-04-06T12:00:00+12:00")]
    public void Parse_AppliesDaylightSavingRules(string zone, string nowUtc, string phrase, string expected)
        => Resolves(phrase, Context(zone, nowUtc), expected);

    // ---- errors

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Parse_ReportsMissing_WhenEmpty(string phrase)
        => Fails(phrase, Monday, DueError.Missing, "no due date or time was given");

    [Fact]
    public void Parse_ReportsMissing_WhenSpanIsEmpty()
    {
        var result = DueTimeParser.Parse(ReadOnlySpan<char>.Empty, Monday);
        Assert.Equal(DueError.Missing, result.Error);
    }

    [Theory]
    [InlineData("blah")]
    [InlineData("Friday blah")]
    [InlineData("5")]
    [InlineData("at")]
    [InlineData("by")]
    [InlineData("in days")]
    [InlineData("in 1.5 days")]
    [InlineData("3pm 4pm")]
    [InlineData("...")]
    [InlineData("2026-12-05T15:00+")]
    [InlineData("Freitag")]
    public void Parse_ReportsUnrecognised_WithThePhraseEchoed(string phrase)
        => Fails(phrase, Monday, DueError.Unrecognised, $"I couldn't read \"{phrase.Trim()}\" as a date or time");

    [Fact]
    public void Parse_ShortensTheEcho_WhenPhraseIsLong()
    {
        var phrase = new string('x', 300);
        var result = DueTimeParser.Parse(phrase, Monday);
        Assert.Equal(DueError.Unrecognised, result.Error);
        Assert.Equal($"I couldn't read \"{new string('x', 60)}…\" as a date or time", result.Message);
    }

    [Fact]
    public void Parse_ReportsUnrecognised_WhenThereAreTooManyWords()
    {
        var phrase = string.Join(' ', Enumerable.Repeat("a", 60));
        Assert.Equal(DueError.Unrecognised, DueTimeParser.Parse(phrase, Monday).Error);
    }

    [Theory]
    [InlineData("Feb 30", "there is no 30 February")]
    [InlineData("February 30th", "there is no 30 February")]
    [InlineData("30 Feb", "there is no 30 February")]
    [InlineData("2026-02-30", "there is no 30 February")]
    [InlineData("Apr 31", "there is no 31 April")]
    [InlineData("Dec 0", "there is no 0 December")]
    [InlineData("2/30", "there is no 30 February")]
    [InlineData("Feb 29 2027", "there is no 29 February in 2027")]
    [InlineData("2027-02-29", "there is no 29 February in 2027")]
    [InlineData("2026-13-01", "there is no month 13")]
    [InlineData("13/5", "there is no month 13 (dates are read month/day here)")]
    [InlineData("0/5", "there is no month 0 (dates are read month/day here)")]
    [InlineData("the 32nd", "no month has a 32nd day")]
    [InlineData("Friday, Dec 5", "5 December 2026 is a Saturday, not a Friday")]
    [InlineData("Monday 12/1", "1 December 2026 is a Tuesday, not a Monday")]
    public void Parse_ReportsImpossibleDate_NamingIt(string phrase, string message)
        => Fails(phrase, Monday, DueError.ImpossibleDate, message);

    /// <summary>Issue 9.2: a due more than five years away is refused, naming the latest one taken, past the calendar's end too.</summary>
    [Theory]
    [InlineData("in 99999 days")]
    [InlineData("in 9999999999 hours")]
    [InlineData("12/31/9999")]
    [InlineData("Dec 31 9999 11:59pm")]
    [InlineData("2031-11-24 at 10:01am")]
    [InlineData("in 61 months")]
    public void Parse_RefusesADueMoreThanFiveYearsAway(string phrase)
        => Fails(phrase, Monday, DueError.BeyondHorizon, "that is more than five years away; the latest due I take is 23 Nov 2031");

    [Theory]
    [InlineData("2031-11-23 at 10am")]
    [InlineData("in 60 months")]
    public void Parse_TakesADueExactlyFiveYearsAway(string phrase)
        => Resolves(phrase, Monday, "2031-11-23T10:00:00-05:00");

    [Fact]
    public void Parse_ReportsImpossibleMonth_InDayMonthOrder()
        => Fails("5/13", Context(NewYork, MondayTenAm, DateOrder.DMY), DueError.ImpossibleDate, "there is no month 13 (dates are read day/month here)");

    [Theory]
    [InlineData("25:00", "there is no 25:00")]
    [InlineData("24:30", "there is no 24:30")]
    [InlineData("9:75", "there is no 9:75")]
    [InlineData("13pm", "there is no 13pm")]
    [InlineData("0am", "there is no 0am")]
    [InlineData("12:60pm", "there is no 12:60pm")]
    [InlineData("Friday 25:00", "there is no 25:00")]
    [InlineData("tomorrow at 99", "there is no 99:00")]
    [InlineData("Dec 5 at 13pm", "there is no 13pm")]
    [InlineData("in 2 days at 25:00", "there is no 25:00")]
    public void Parse_ReportsImpossibleTime_NamingIt(string phrase, string message)
        => Fails(phrase, Monday, DueError.ImpossibleTime, message);

    [Theory]
    [InlineData("Friday at 7", "\"7\" could be 7am or 7pm; please add am or pm")]
    [InlineData("at 7:30", "\"7:30\" could be 7:30am or 7:30pm; please add am or pm")]
    public void Parse_AsksForAmOrPm_WhenNeitherHalfOfTheDayIsWorkingTime(string phrase, string message)
        => Fails(phrase, Monday, DueError.Unrecognised, message);

    [Theory]
    [InlineData("2025-12-05", MondayTenAm)]
    [InlineData("Dec 5 2025", MondayTenAm)]
    [InlineData("2026-05-12", MondayTenAm)] // a written year is never moved on
    [InlineData("today 9am", MondayTenAm)]
    [InlineData("in 0 days", MondayTenAm)]
    [InlineData("in 0 minutes", MondayTenAm)]
    [InlineData("today", "2026-11-24T00:00:00Z")] // Monday 19:00
    [InlineData("tonight", "2026-11-24T02:00:00Z")] // Monday 21:00
    [InlineData("today", "2026-11-23T23:00:00Z")] // exactly 18:00: not after now
    [InlineData("yesterday", MondayTenAm)]
    [InlineData("yesterday at 3pm", MondayTenAm)]
    [InlineData("last Friday", MondayTenAm)]
    public void Parse_ReportsPast_WhenTheInstantIsNotAfterNow(string phrase, string nowUtc)
        => Fails(phrase, Context(NewYork, nowUtc), DueError.Past, "that time has already passed");

    [Fact]
    public void Parse_ReturnsUtc_WhenNowHasAnOffset()
    {
        // Same instant as MondayTenAm, written with New York's offset.
        var context = Monday with { Now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(-5)) };
        Resolves("in 3 hours", context, "2026-11-23T18:00:00Z");
    }

    [Fact]
    public void Parse_UsesDefaultWorkingHours_WhenContextHasNone()
    {
        var context = new DueContext(Monday.Now, Monday.Zone, DateOrder.MDY, null!);
        Resolves("EOD", context, "2026-11-23T18:00:00-05:00");
    }

    [Theory]
    [InlineData("in 5 days")]
    [InlineData("next Friday")]
    [InlineData("end of next month")]
    [InlineData("Feb 29")]
    public void Parse_ReportsTooFar_AtTheEndOfTheCalendar(string phrase)
        => Fails(phrase, Context("UTC", "9999-12-30T12:00:00Z"), DueError.ImpossibleDate, "that is too far ahead");

    [Fact]
    public void Parse_ResolvesAtTheStartOfTheCalendar()
        => Resolves("in 5 days", Context("UTC", "0001-01-01T00:00:00Z"), "0001-01-06T00:00:00Z");
}
