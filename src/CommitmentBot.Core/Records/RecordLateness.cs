using System.Globalization;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Records;

/// <summary>How late a kept-late promise was, counted in the rep's working hours, and the median of several.</summary>
public static class RecordLateness
{
    /// <summary>The working time between <paramref name="from"/> and <paramref name="to"/> in the zone and hours (zero when <paramref name="to"/> is not later).</summary>
    public static TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to, DateTimeZone zone, WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var start = Instant.FromDateTimeOffset(from);
        var end = Instant.FromDateTimeOffset(to);
        var dayStart = ZoneMath.ToLocalTime(hours.Start);
        var dayEnd = ZoneMath.ToLocalTime(hours.End);
        var total = Duration.Zero;
        var last = ZoneMath.LocalOf(zone, end).Date;

        // Bounded: a lateness longer than ten years is counted as ten years of working days.
        var date = ZoneMath.LocalOf(zone, start).Date;
        for (var guard = 0; date <= last && guard < 3700; guard++, date = date.PlusDays(1))
        {
            if (!WorkingCalendar.IsWorkingDate(date, hours))
            {
                continue;
            }

            var windowStart = ZoneMath.At(zone, date, dayStart);
            var windowEnd = ZoneMath.At(zone, date, dayEnd);
            var a = windowStart > start ? windowStart : start;
            var b = windowEnd < end ? windowEnd : end;
            if (b > a)
            {
                total += b - a;
            }
        }

        return total.ToTimeSpan();
    }

    /// <summary>The median; the mean of the middle two for an even count; null for none.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : TimeSpan.FromTicks((sorted[mid - 1].Ticks / 2) + (sorted[mid].Ticks / 2) + ((sorted[mid - 1].Ticks % 2) + (sorted[mid].Ticks % 2)) / 2);
    }

    /// <summary>The length of a working day in these hours.</summary>
    public static TimeSpan DayLength(WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var length = hours.End.ToTimeSpan() - hours.Start.ToTimeSpan();
        return length > TimeSpan.Zero ? length : TimeSpan.FromHours(10);
    }

    /// <summary>"19.5 working hours" under two working days, else "3.2 working days".</summary>
    public static string Describe(TimeSpan working, WorkingHours hours)
    {
        var day = DayLength(hours);
        if (working < day * 2)
        {
            var h = working.TotalHours;
            return h.ToString("0.#", CultureInfo.InvariantCulture) + (h == 1 ? " working hour" : " working hours");
        }

        return (working / day).ToString("0.#", CultureInfo.InvariantCulture) + " working days";
    }
}
