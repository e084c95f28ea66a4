using CommitmentBot.Core.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.TimeZones;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>Properties of the due-time language that must hold for every zone, instant and working week.</summary>
[Properties(Arbitrary = [typeof(TimeArbitraries)], MaxTest = 300)]
public sealed class DueTimeParserPropertyTests
{
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    [Property]
    public Property Parse_ResolvesAfterNow_OrExplainsWhyNot(TimeScenario scenario, DuePhrase phrase)
    {
        var result = DueTimeParser.Parse(phrase.Text, scenario.Context);
        var consistent = result.Success
            ? result.Due > scenario.Context.Now && result.Message is null && result.Due.Offset == TimeSpan.Zero
            : result.Error != DueError.None && !string.IsNullOrWhiteSpace(result.Message) && result.Due == default;
        return consistent.Label($"{phrase} → {result}");
    }

    [Property]
    public Property Parse_NeverThrows_OnArbitraryText(TimeScenario scenario, string? text)
    {
        var result = DueTimeParser.Parse(text, scenario.Context);
        return (result.Success ? result.Due > scenario.Context.Now : result.Message is not null).Label(result.ToString());
    }

    [Property]
    public Property Parse_KeepsTheWallClock_ForCalendarDays(TimeScenario scenario, ushort raw)
    {
        var days = 1 + (raw % 800);
        var result = DueTimeParser.Parse($"in {days} days", scenario.Context);
        var target = scenario.LocalNow.Date.PlusDays(days) + scenario.LocalNow.TimeOfDay;
        return (result.Success && SameWallClockUnlessInGap(scenario.Zone, target, result.Due)).Label($"in {days} days → {result}");
    }

    [Property]
    public Property Parse_ReadsWeekday_OnThatDayWithinAWeek(TimeScenario scenario, byte rawDay, bool next, bool withTime)
    {
        var day = rawDay % 7;
        var phrase = (next ? "next " : "") + DayNames[day] + (withTime ? " 3pm" : "");
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        if (!result.Success)
        {
            return false.Label($"{phrase} → {result}");
        }

        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        var ahead = Period.Between(scenario.LocalNow.Date, local.Date, PeriodUnits.Days).Days;

        // "next Friday" is the Friday of next week (Monday to Sunday): one to thirteen days on.
        var inRange = next
            ? local.Date >= NextMonday(scenario.LocalNow.Date) && local.Date < NextMonday(scenario.LocalNow.Date).PlusDays(7)
            : ahead is >= 0 and <= 7;
        return ((int)local.DayOfWeek == day + 1 && inRange).Label($"{phrase} → {local} ({ahead} days ahead)");
    }

    [Property]
    public Property Parse_LandsOnTheNthWorkingDay_ForBusinessDays(TimeScenario scenario, byte raw)
    {
        var n = 1 + (raw % 40);
        var result = DueTimeParser.Parse($"in {n} business days", scenario.Context);
        if (!result.Success)
        {
            return false.Label(result.ToString());
        }

        var today = scenario.LocalNow.Date;
        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        var workingDaysBetween = 0;
        for (var date = today.PlusDays(1); date <= local.Date; date = date.PlusDays(1))
        {
            if (scenario.Hours.IsWorkingDay(ZoneMath.ToDayOfWeek(date.DayOfWeek)))
            {
                workingDaysBetween++;
            }
        }

        var target = local.Date + scenario.LocalNow.TimeOfDay;
        return (scenario.Hours.IsWorkingDay(ZoneMath.ToDayOfWeek(local.DayOfWeek))
                && workingDaysBetween == n
                && SameWallClockUnlessInGap(scenario.Zone, target, result.Due))
            .Label($"in {n} business days → {local} ({workingDaysBetween} working days)");
    }

    [Property]
    public Property Parse_ReadsTimeWithoutDate_WithinTheNextDay(TimeScenario scenario, byte rawHour, byte rawMinute, bool twelveHour)
    {
        var hour = rawHour % 24;
        var minute = rawMinute % 60;
        // "10:30" could be either half of the day; a leading zero or an hour past 12 is a 24-hour clock.
        var phrase = twelveHour || hour is >= 10 and <= 12
            ? $"{(hour % 12 == 0 ? 12 : hour % 12)}:{minute:00}{(hour < 12 ? "am" : "pm")}"
            : $"{hour:00}:{minute:00}";
        var result = DueTimeParser.Parse(phrase, scenario.Context);
        var span = result.Due - scenario.Context.Now;

        // Today's or tomorrow's, so never more than a day (plus a daylight-saving hour) ahead.
        return (result.Success && span > TimeSpan.Zero && span <= TimeSpan.FromHours(26)).Label($"{phrase} → {result}");
    }

    [Property]
    public Property Parse_ReadsExactDurations_AsElapsedTime(TimeScenario scenario, ushort raw)
    {
        var minutes = 1 + raw;
        var result = DueTimeParser.Parse($"in {minutes} minutes", scenario.Context);
        return (result.Success && result.Due - scenario.Context.Now == TimeSpan.FromMinutes(minutes)).Label(result.ToString());
    }

    [Property]
    public Property Parse_ReadsEod_AsTheEndOfAWorkingDay(TimeScenario scenario)
    {
        var result = DueTimeParser.Parse("EOD", scenario.Context);
        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        var end = ZoneMath.ToLocalTime(scenario.Hours.End);
        var endExists = scenario.Zone.MapLocal(local.Date + end).Count > 0;
        return (result.Success
                && scenario.Hours.IsWorkingDay(ZoneMath.ToDayOfWeek(local.DayOfWeek))
                && (!endExists || local.TimeOfDay == end)
                && result.Due - scenario.Context.Now <= TimeSpan.FromDays(8))
            .Label($"EOD → {local}");
    }

    [Property]
    public Property Parse_ReadsEow_AsTheEndOfTheLastWorkingDayWithinAWeek(TimeScenario scenario)
    {
        var result = DueTimeParser.Parse("EOW", scenario.Context);
        var local = Instant.FromDateTimeOffset(result.Due).InZone(scenario.Zone).LocalDateTime;
        return (result.Success
                && ZoneMath.ToDayOfWeek(local.DayOfWeek) == scenario.Hours.LastWorkingDayOfWeek
                && result.Due - scenario.Context.Now <= TimeSpan.FromDays(7) + TimeSpan.FromHours(1))
            .Label($"EOW → {local}");
    }

    /// <summary>The Monday that starts the week after <paramref name="date"/>'s (weeks run Monday to Sunday).</summary>
    internal static LocalDate NextMonday(LocalDate date) => date.PlusDays(8 - (int)date.DayOfWeek);

    /// <summary>
    /// The result shows <paramref name="target"/> on the wall clock, unless that time does not exist,
    /// in which case it is the time moved forward by the gap (NodaTime's lenient reading).
    /// </summary>
    internal static bool SameWallClockUnlessInGap(DateTimeZone zone, LocalDateTime target, DateTimeOffset due)
    {
        var instant = Instant.FromDateTimeOffset(due);
        return zone.MapLocal(target).Count == 0
            ? instant == zone.ResolveLocal(target, Resolvers.LenientResolver).ToInstant()
            : instant.InZone(zone).LocalDateTime == target && instant == zone.ResolveLocal(target, Resolvers.LenientResolver).ToInstant();
    }
}
