using CommitmentBot.Core.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>Properties of working-time arithmetic for every zone, instant and working week.</summary>
[Properties(Arbitrary = [typeof(TimeArbitraries)], MaxTest = 300)]
public sealed class WorkingCalendarPropertyTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Property]
    public Property AddWorkingTime_NeverGoesBack_AndGrowsWithTheAmount(TimeScenario s, ushort a, ushort b)
    {
        var start = s.Context.Now;
        var (small, large) = a <= b ? (a, b) : (b, a);
        var first = WorkingCalendar.AddWorkingTime(start, TimeSpan.FromMinutes(small), s.Zone, s.Hours);
        var second = WorkingCalendar.AddWorkingTime(start, TimeSpan.FromMinutes(large), s.Zone, s.Hours);
        return (first >= start && second >= first).Label($"{first:O} {second:O}");
    }

    [Property]
    public Property AddWorkingTime_IsAdditive(TimeScenario s, ushort a, ushort b)
    {
        var start = s.Context.Now;
        var whole = WorkingCalendar.AddWorkingTime(start, TimeSpan.FromMinutes(a + b), s.Zone, s.Hours);
        var half = WorkingCalendar.AddWorkingTime(start, TimeSpan.FromMinutes(a), s.Zone, s.Hours);
        var stepwise = WorkingCalendar.AddWorkingTime(half, TimeSpan.FromMinutes(b), s.Zone, s.Hours);
        return (whole == stepwise).Label($"{a}+{b}: {whole:O} vs {stepwise:O} (via {half:O})");
    }

    [Property]
    public Property AddWorkingTime_EndsInsideAWindowOrAtItsEnd(TimeScenario s, ushort raw)
    {
        var amount = TimeSpan.FromMinutes(1 + raw);
        var due = WorkingCalendar.AddWorkingTime(s.Context.Now, amount, s.Zone, s.Hours);
        var inside = WorkingCalendar.IsWorkingTime(due, s.Zone, s.Hours);
        var atEnd = WorkingCalendar.IsWorkingTime(due - Tick, s.Zone, s.Hours) && !inside;
        return (inside || atEnd).Label($"{due:O}");
    }

    [Property(MaxTest = 100)]
    public Property AddWorkingTime_CountsOnlyWorkingMinutes(TimeScenario s, byte raw)
    {
        // Walk minute by minute from a whole minute and count the working ones: it must match the amount.
        var start = Instant.FromDateTimeOffset(s.Context.Now);
        start = Instant.FromUnixTimeSeconds(start.ToUnixTimeSeconds() / 60 * 60);
        var minutes = 1 + raw;
        var due = Instant.FromDateTimeOffset(WorkingCalendar.AddWorkingTime(start.ToDateTimeOffset(), TimeSpan.FromMinutes(minutes), s.Zone, s.Hours));
        var counted = 0;
        for (var at = start; at < due; at += Duration.FromMinutes(1))
        {
            if (WorkingCalendar.IsWorkingTime(at.ToDateTimeOffset(), s.Zone, s.Hours))
            {
                counted++;
            }
        }

        return (counted == minutes).Label($"{minutes} minutes → {due} ({counted} counted)");
    }

    [Property]
    public Property NextWorkingInstant_IsWorkingTime_AndNoEarlierWorkingTimeIsSkipped(TimeScenario s)
    {
        var instant = s.Context.Now;
        var next = WorkingCalendar.NextWorkingInstant(instant, s.Zone, s.Hours);
        var alreadyWorking = WorkingCalendar.IsWorkingTime(instant, s.Zone, s.Hours);
        var ok = next >= instant
                 && WorkingCalendar.IsWorkingTime(next, s.Zone, s.Hours)
                 && (alreadyWorking ? next == instant : !WorkingCalendar.IsWorkingTime(next - Tick, s.Zone, s.Hours));
        return ok.Label($"{next:O}");
    }

    [Property]
    public Property AddWorkingDays_LandsOnAWorkingDay_AtTheSameWallClock(TimeScenario s, byte raw)
    {
        var days = 1 + (raw % 30);
        var due = WorkingCalendar.AddWorkingDays(s.Context.Now, days, s.Zone, s.Hours);
        var local = Instant.FromDateTimeOffset(due).InZone(s.Zone).LocalDateTime;
        var target = local.Date + s.LocalNow.TimeOfDay;
        var wallClockKept = s.Zone.MapLocal(target).Count == 0 || local.TimeOfDay == s.LocalNow.TimeOfDay;
        return (s.Hours.IsWorkingDay(ZoneMath.ToDayOfWeek(local.DayOfWeek)) && wallClockKept && local.Date > s.LocalNow.Date)
            .Label($"{days} working days → {local}");
    }
}
