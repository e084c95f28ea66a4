using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>
/// Working-time arithmetic in a person's zone and working hours: offsets counted only inside
/// working hours, and the next instant a message may be delivered.
/// </summary>
/// <remarks>
/// A working day's window is the half-open span of instants [start, end) between the local times
/// <see cref="WorkingHours.Start"/> and <see cref="WorkingHours.End"/> on that date, each resolved the
/// way SPEC resolves wall-clock times (a time in a spring-forward gap moves forward by the gap, one that
/// happens twice takes the earlier instant). Time is counted as elapsed time, so on the night the clocks
/// change a window may hold one hour more or less than usual. Results are UTC.
/// </remarks>
public static class WorkingCalendar
{
    // A bound far beyond any escalation offset; it keeps a bad argument from spinning for minutes.
    private static readonly TimeSpan MaxAmount = TimeSpan.FromDays(366 * 50);

    /// <summary>
    /// The instant reached by counting <paramref name="amount"/> of working time forward from
    /// <paramref name="start"/> (time outside working hours does not count). A zero amount returns
    /// <paramref name="start"/>; a positive amount ends inside a working window or exactly at its end.
    /// </summary>
    public static DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amount, MaxAmount);
        var from = Instant.FromDateTimeOffset(start);
        if (amount == TimeSpan.Zero)
        {
            return from.ToDateTimeOffset();
        }

        return AddWorkingTime(from, Duration.FromTimeSpan(amount), zone, hours).ToDateTimeOffset();
    }

    /// <summary>
    /// The same local wall-clock time <paramref name="days"/> working days later (if that time is
    /// outside working hours it stays as it is: it is an instant, not a delivery time).
    /// Counting starts on the day after <paramref name="start"/>'s date, whether or not that date is a working day.
    /// </summary>
    public static DateTimeOffset AddWorkingDays(DateTimeOffset start, int days, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 366 * 50);
        var from = Instant.FromDateTimeOffset(start);
        if (days == 0)
        {
            return from.ToDateTimeOffset();
        }

        var local = ZoneMath.LocalOf(zone, from);
        var date = AddWorkingDays(local.Date, days, hours);
        return ZoneMath.At(zone, date, local.TimeOfDay).ToDateTimeOffset();
    }

    /// <summary>
    /// <paramref name="instant"/> itself when it falls inside working hours, else the start of the
    /// next working window.
    /// </summary>
    public static DateTimeOffset NextWorkingInstant(DateTimeOffset instant, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        return NextWorkingInstant(Instant.FromDateTimeOffset(instant), zone, hours).ToDateTimeOffset();
    }

    /// <summary>How much working time lies between <paramref name="from"/> and <paramref name="to"/> (zero when <paramref name="to"/> is not later).</summary>
    public static TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        if (to <= from || to - from > MaxAmount)
        {
            return TimeSpan.Zero;
        }

        var start = ZoneMath.ToLocalTime(hours.Start);
        var end = ZoneMath.ToLocalTime(hours.End);
        var mask = hours.DayMask;
        var a = Instant.FromDateTimeOffset(from);
        var b = Instant.FromDateTimeOffset(to);
        var total = Duration.Zero;
        var date = ZoneMath.LocalOf(zone, a).Date.PlusDays(-1);
        var last = ZoneMath.LocalOf(zone, b).Date.PlusDays(1);
        while (date <= last)
        {
            if ((mask & (1 << ((int)date.DayOfWeek % 7))) != 0)
            {
                var windowStart = ZoneMath.At(zone, date, start);
                var windowEnd = ZoneMath.At(zone, date, end);
                var lo = windowStart > a ? windowStart : a;
                var hi = windowEnd < b ? windowEnd : b;
                if (hi > lo)
                {
                    total += hi - lo;
                }
            }

            date = date.PlusDays(1);
        }

        return total.ToTimeSpan();
    }

    /// <summary>True when <paramref name="instant"/> falls inside working hours.</summary>
    public static bool IsWorkingTime(DateTimeOffset instant, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        var at = Instant.FromDateTimeOffset(instant);
        return NextWorkingInstant(at, zone, hours) == at;
    }

    /// <summary>The <paramref name="days"/>th working date after <paramref name="date"/> (0 gives the date itself).</summary>
    internal static LocalDate AddWorkingDays(LocalDate date, int days, WorkingHours hours)
    {
        if (days <= 0)
        {
            return date;
        }

        // Any seven consecutive days hold exactly one week's working days, so whole weeks are skipped at once.
        var perWeek = hours.WorkingDaysPerWeek;
        var weeks = (days - 1) / perWeek;
        var remaining = days - (weeks * perWeek);
        date = date.PlusDays(weeks * 7);
        var mask = hours.DayMask;
        var day = (int)date.DayOfWeek % 7;
        var step = 0;
        while (remaining > 0)
        {
            step++;
            day = day == 6 ? 0 : day + 1;
            if ((mask & (1 << day)) != 0)
            {
                remaining--;
            }
        }

        return date.PlusDays(step);
    }

    /// <summary>The first working date strictly after <paramref name="date"/>.</summary>
    internal static LocalDate NextWorkingDate(LocalDate date, WorkingHours hours) => date.PlusDays(DaysToNextWorkingDay(date, hours.DayMask));

    /// <summary>True when <paramref name="date"/> is a working day.</summary>
    internal static bool IsWorkingDate(LocalDate date, WorkingHours hours) => (hours.DayMask & (1 << ((int)date.DayOfWeek % 7))) != 0;

    internal static Instant NextWorkingInstant(Instant instant, DateTimeZone zone, WorkingHours hours)
    {
        var start = ZoneMath.ToLocalTime(hours.Start);
        var end = ZoneMath.ToLocalTime(hours.End);
        var mask = hours.DayMask;

        // Begin with the day before: a window whose end fell into a gap can reach past midnight.
        var date = ZoneMath.LocalOf(zone, instant).Date.PlusDays(-1);
        if ((mask & (1 << ((int)date.DayOfWeek % 7))) == 0)
        {
            date = date.PlusDays(DaysToNextWorkingDay(date, mask));
        }

        while (true)
        {
            var windowEnd = ZoneMath.At(zone, date, end);
            if (instant < windowEnd)
            {
                var windowStart = ZoneMath.At(zone, date, start);
                if (windowStart < windowEnd)
                {
                    return instant >= windowStart ? instant : windowStart;
                }
            }

            date = date.PlusDays(DaysToNextWorkingDay(date, mask));
        }
    }

    internal static Instant AddWorkingTime(Instant from, Duration amount, DateTimeZone zone, WorkingHours hours)
    {
        var start = ZoneMath.ToLocalTime(hours.Start);
        var end = ZoneMath.ToLocalTime(hours.End);
        var mask = hours.DayMask;
        var remaining = amount;
        var current = from;

        var date = ZoneMath.LocalOf(zone, current).Date.PlusDays(-1);
        if ((mask & (1 << ((int)date.DayOfWeek % 7))) == 0)
        {
            date = date.PlusDays(DaysToNextWorkingDay(date, mask));
        }

        while (true)
        {
            var windowEnd = ZoneMath.At(zone, date, end);
            if (current < windowEnd)
            {
                var windowStart = ZoneMath.At(zone, date, start);
                if (windowStart < windowEnd)
                {
                    if (current < windowStart)
                    {
                        current = windowStart;
                    }

                    var available = windowEnd - current;
                    if (remaining <= available)
                    {
                        return current + remaining;
                    }

                    remaining -= available;
                    current = windowEnd;
                }
            }

            date = date.PlusDays(DaysToNextWorkingDay(date, mask));
        }
    }

    private static int DaysToNextWorkingDay(LocalDate date, int mask)
    {
        var day = (int)date.DayOfWeek % 7;
        for (var k = 1; k < 7; k++)
        {
            if ((mask & (1 << ((day + k) % 7))) != 0)
            {
                return k;
            }
        }

        return 7;
    }
}
