using CommitmentBot.Core.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.TimeZones;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>Properties of SPEC's "More due forms" for every zone, instant and working week.</summary>
[Properties(Arbitrary = [typeof(TimeArbitraries)], MaxTest = 300)]
public sealed class DueTimeParserMoreFormsPropertyTests
{
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] NumberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private static readonly string[] CountUnits = ["minutes", "hours", "days", "weeks", "business days"];

    [Property]
    public Property Parse_ShowsTheWrittenTime_OnTheNamedZonesClock(TimeScenario scenario, byte rawZone, byte rawHour, byte rawMinute, bool withDay)
    {
        var spelling = TimeArbitraries.ZoneSpellings[rawZone % TimeArbitraries.ZoneSpellings.Length];
        Assert.True(ZoneNames.TryRead(spelling, out var zone), spelling);
        var hour = rawHour % 24;
        var minute = rawMinute % 60;
        var written = new LocalTime(hour, minute);
        var phrase = $"{(withDay ? "tomorrow " : "")}{(hour % 12 == 0 ? 12 : hour % 12)}:{minute:00}{(hour < 12 ? "am" : "pm")} {spelling}";
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        if (!result.Success)
        {
            // Only when the named zone is so far east that the rep's day there has already gone by.
            return (result.Error == DueError.Past).Label($"{phrase} → {result}");
        }

        // Read on the named clock: the written time on that date, or the time moved on by a daylight-saving gap.
        var local = Instant.FromDateTimeOffset(result.Due).InZone(zone).LocalDateTime;
        var onDate = local.Date + written;
        var dayBefore = local.Date.PlusDays(-1) + written;
        var shows = DueTimeParserPropertyTests.SameWallClockUnlessInGap(zone, onDate, result.Due)
            || (zone.MapLocal(dayBefore).Count == 0 && Instant.FromDateTimeOffset(result.Due) == zone.ResolveLocal(dayBefore, Resolvers.LenientResolver).ToInstant());
        return (shows && result.Zone?.Id == zone.Id && result.Due > scenario.Context.Now).Label($"{phrase} → {result} ({local} in {zone.Id})");
    }

    [Property]
    public Property Parse_ReadsNumberWords_LikeDigits(TimeScenario scenario, byte rawNumber, byte rawUnit, byte rawSpelling)
    {
        var n = 1 + (rawNumber % 12);
        var unit = CountUnits[rawUnit % CountUnits.Length];
        var singular = unit.TrimEnd('s');
        var words = (n, rawSpelling % 2) switch
        {
            (1, 0) => (singular == "hour" ? "an " : "a ") + singular,
            (2, 0) => "a couple of " + unit,
            (1, _) => "one " + singular,
            _ => NumberWords[n - 1] + " " + unit,
        };
        var inWords = DueTimeParser.Parse("in " + words, scenario.Context);
        var inDigits = DueTimeParser.Parse($"in {n} {unit}", scenario.Context);
        return (inWords.Success && inWords == inDigits).Label($"in {words} → {inWords}; in {n} {unit} → {inDigits}");
    }

    [Property]
    public Property Parse_ReadsCompactUnits_LikeWords(TimeScenario scenario, byte rawNumber, byte rawUnit)
    {
        var n = 1 + (rawNumber % 99);
        var (compact, spelled) = (rawUnit % 6) switch
        {
            0 => ($"{n}h", $"{n} hours"),
            1 => ($"{n}m", $"{n} minutes"),
            2 => ($"{n}min", $"{n} minutes"),
            3 => ($"{n}d", $"{n} days"),
            4 => ($"{n}w", $"{n} weeks"),
            _ => ($"{n}bd", $"{n} business days"),
        };
        var compactResult = DueTimeParser.Parse("in " + compact, scenario.Context);
        var spelledResult = DueTimeParser.Parse("in " + spelled, scenario.Context);
        return (compactResult.Success && compactResult == spelledResult).Label($"in {compact} → {compactResult}; in {spelled} → {spelledResult}");
    }

    [Property]
    public Property Parse_ReadsADayOfNextWeek_InsideNextWeeksMondayToSunday(TimeScenario scenario, byte rawDay, byte rawForm, bool withTime)
    {
        var day = DayNames[rawDay % 7];
        var phrase = (rawForm % 3) switch
        {
            0 => $"{day} next week",
            1 => $"next {day}",
            _ => $"next week {day}",
        } + (withTime ? " at 3pm" : "");
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        if (!result.Success)
        {
            return false.Label($"{phrase} → {result}");
        }

        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        var monday = DueTimeParserPropertyTests.NextMonday(scenario.LocalNow.Date);
        return (local.Date >= monday && local.Date < monday.PlusDays(7) && (int)local.DayOfWeek == (rawDay % 7) + 1)
            .Label($"{phrase} → {local} (next week starts {monday})");
    }

    [Property]
    public Property Parse_ReadsNextWeek_AsTheEndOfItsLastWorkingDay(TimeScenario scenario, bool afterNext)
    {
        var phrase = afterNext ? "the week after next" : "next week";
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        if (!result.Success)
        {
            return false.Label($"{phrase} → {result}");
        }

        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        var monday = DueTimeParserPropertyTests.NextMonday(scenario.LocalNow.Date).PlusDays(afterNext ? 7 : 0);
        var end = ZoneMath.ToLocalTime(scenario.Hours.End);
        var endExists = scenario.Zone.MapLocal(local.Date + end).Count > 0;
        return (local.Date >= monday && local.Date < monday.PlusDays(7)
                && ZoneMath.ToDayOfWeek(local.DayOfWeek) == scenario.Hours.LastWorkingDayOfWeek
                && (!endExists || local.TimeOfDay == end))
            .Label($"{phrase} → {local}");
    }

    [Property]
    public Property Parse_CountsFromADay_AsThatDayPlusTheCount(TimeScenario scenario, byte rawDays)
    {
        var days = 1 + (rawDays % 30);
        var counted = DueTimeParser.Parse($"{days} days from tomorrow at 3pm", scenario.Context);
        var direct = DueTimeParser.Parse($"in {days + 1} days at 3pm", scenario.Context);
        return (counted.Success && counted == direct).Label($"{days} days from tomorrow → {counted}; in {days + 1} days → {direct}");
    }

    [Property]
    public Property Parse_ReadsAPartOfTheDayAlone_AsTodaysOrPast(TimeScenario scenario, byte rawPart)
    {
        var (phrase, hour) = (rawPart % 3) switch
        {
            0 => ("this morning", 12),
            1 => ("this afternoon", 17),
            _ => ("this evening", 20),
        };
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        var today = scenario.LocalNow.Date;
        var end = scenario.Zone.ResolveLocal(today + new LocalTime(hour, 0), Resolvers.LenientResolver).ToInstant();
        var expected = end > scenario.Now;
        return (expected
                ? result.Success && Instant.FromDateTimeOffset(result.Due) == end
                : result.Error == DueError.Past)
            .Label($"{phrase} → {result}");
    }
}
