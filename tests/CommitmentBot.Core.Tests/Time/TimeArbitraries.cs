using CommitmentBot.Core.Time;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>A rep's zone, working hours, date order and the instant a command arrives.</summary>
public sealed record TimeScenario(string ZoneId, Instant Now, DateOrder Order, WorkingHours Hours)
{
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[ZoneId];

    public DueContext Context => new(Now.ToDateTimeOffset(), Zone, Order, Hours);

    public LocalDateTime LocalNow => Now.InZone(Zone).LocalDateTime;

    public override string ToString() => $"{ZoneId} now {Now} ({LocalNow:uuuu-MM-dd ddd HH:mm:ss}) {Order} {Hours}";
}

/// <summary>A due phrase drawn from the language's forms.</summary>
public sealed record DuePhrase(string Text)
{
    public override string ToString() => $"\"{Text}\"";
}

/// <summary>
/// FsCheck generators. "Now" is drawn both uniformly over 2024–2030 and within a day and a half of a
/// daylight-saving change, so the rules are tried where they are hardest.
/// </summary>
public static class TimeArbitraries
{
    public static readonly string[] ZoneIds =
    [
        "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Adelaide",
        "America/St_Johns", "Pacific/Auckland", "America/Los_Angeles", "Australia/Lord_Howe", "UTC",
    ];

    private static readonly Instant From = Instant.FromUtc(2024, 1, 1, 0, 0);
    private static readonly Instant To = Instant.FromUtc(2030, 12, 31, 0, 0);

    private static readonly Dictionary<string, Instant[]> Transitions = ZoneIds.ToDictionary(
        id => id,
        id => DateTimeZoneProviders.Tzdb[id].GetZoneIntervals(From, To).Where(i => i.HasStart && i.Start > From).Select(i => i.Start).ToArray());

    public static Arbitrary<TimeScenario> Scenario() => ScenarioGen.ToArbitrary();

    public static Arbitrary<DuePhrase> Phrase() => PhraseGen.ToArbitrary();

    public static Gen<TimeScenario> ScenarioGen =>
        from zone in Gen.Elements(ZoneIds)
        from now in NowGen(zone)
        from order in Gen.Elements(DateOrder.MDY, DateOrder.DMY)
        from hours in HoursGen
        select new TimeScenario(zone, now, order, hours);

    public static Gen<Instant> NowGen(string zoneId)
    {
        var totalMinutes = (int)(To - From).TotalMinutes;
        var uniform = from minute in Gen.Choose(0, totalMinutes)
                      from second in Gen.Choose(0, 59)
                      select From + Duration.FromMinutes(minute) + Duration.FromSeconds(second);
        var transitions = Transitions[zoneId];
        if (transitions.Length == 0)
        {
            return uniform;
        }

        var nearChange = from index in Gen.Choose(0, transitions.Length - 1)
                         from minutes in Gen.Choose(-36 * 60, 36 * 60)
                         select transitions[index] + Duration.FromMinutes(minutes);
        return Gen.Frequency((1, uniform), (1, nearChange));
    }

    public static Gen<WorkingHours> HoursGen
    {
        get
        {
            var custom = from mask in Gen.Choose(1, 127)
                         from startQuarter in Gen.Choose(0, 92)
                         from length in Gen.Choose(1, 96)
                         select Build(mask, startQuarter, length);
            return Gen.Frequency((2, Gen.Constant(WorkingHours.Default)), (1, Gen.Elements(
                Parse("Sun-Thu 09:00-17:00"), Parse("Mon-Sun 00:00-06:00"), Parse("Mon-Sat 07:30-19:30"))), (2, custom));
        }
    }

    private static WorkingHours Build(int mask, int startQuarter, int length)
    {
        var days = Enumerable.Range(0, 7).Where(d => (mask & (1 << d)) != 0).Select(d => (DayOfWeek)d);
        var start = new TimeOnly(0, 0).AddMinutes(startQuarter * 15);
        var endMinutes = Math.Min((startQuarter + length) * 15, (24 * 60) - 1);
        var end = endMinutes <= startQuarter * 15 ? start.AddMinutes(15) : new TimeOnly(0, 0).AddMinutes(endMinutes);
        return new WorkingHours(days, start, end);
    }

    private static WorkingHours Parse(string text)
        => WorkingHours.TryParse(text, out var hours, out var error) ? hours : throw new InvalidOperationException(error);

    private static readonly string[] Days =
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "fri", "Tues", "thurs", "sat"];

    private static readonly string[] Times =
    [
        "3pm", "9:30am", "15:00", "noon", "midnight", "at 5", "12am", "11:59pm", "0:00", "23:59", "2:30am", "1:30am", "3:15 p.m.", "EOD",
        "COB", "morning", "afternoon", "evening", "first thing", "at five", "three pm",
    ];

    /// <summary>Zones as people write them after a time (SPEC's table, regions, IANA names, fixed offsets).</summary>
    public static readonly string[] ZoneSpellings =
    [
        "ET", "EST", "EDT", "Eastern", "CT", "Central time", "MST", "PT", "Pacific time", "AKST", "HST", "GMT", "UTC", "Z", "BST",
        "UK", "WET", "CET", "CEST", "EET", "IST", "SGT", "HKT", "JST", "KST", "AEST", "AEDT", "ACST", "AWST", "NZDT", "BRT",
        "America/Chicago", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns", "UTC+5:30", "GMT-3", "UTC+10",
    ];

    private static readonly string[] Dates =
    [
        "today", "tomorrow", "tonight", "Dec 5", "12/5", "5/12", "2026-12-05", "Feb 29", "the 15th", "the 31st", "Jan 31",
        "March 8", "Mar 29", "Nov 1", "Oct 25", "Apr 5", "Oct 4", "Sep 27", "next business day", "the day after tomorrow",
        "day after tomorrow", "a week from Friday", "two weeks from today", "3 days from Dec 5", "a week from tomorrow",
        "Tuesday next week", "Friday of next week", "tomorrow morning", "this afternoon", "first thing Monday",
    ];

    private static readonly string[] Ends =
    [
        "EOD", "EOW", "EOM", "end of month", "end of next week", "end of next month", "end of quarter", "end of year",
        "end of December", "close of business", "this week", "next week", "the week after next", "end of the week after next",
        "EOB", "end of the day", "COB Friday", "Thursday COB",
    ];

    private static readonly string[] Units = ["minutes", "hours", "days", "weeks", "business days", "months", "h", "m", "d", "w", "bd", "min"];

    public static Gen<DuePhrase> PhraseGen
    {
        get
        {
            var weekday = from modifier in Gen.Elements("", "this ", "next ", "on ")
                          from day in Gen.Elements(Days)
                          select modifier + day;
            var date = Gen.OneOf(Gen.Elements(Dates), weekday);
            var dateTime = from d in date
                           from joiner in Gen.Elements(" ", " at ", ", ", " by ")
                           from t in Gen.Elements(Times)
                           select d + joiner + t;
            var timeDate = from t in Gen.Elements(Times)
                           from d in date
                           select t + " " + d;
            var relative = from n in Gen.Choose(0, 400)
                           from unit in Gen.Elements(Units)
                           from tail in Gen.Elements("", " at 3pm", " from now")
                           select "in " + n + " " + unit + tail;
            var zoned = from t in Gen.OneOf(Gen.Elements(Times), dateTime)
                        from zone in Gen.Elements(ZoneSpellings)
                        select t + " " + zone;
            var text = Gen.OneOf(date, Gen.Elements(Times), Gen.Elements(Ends), dateTime, timeDate, relative, zoned);
            return text.Select(t => new DuePhrase(t));
        }
    }
}
