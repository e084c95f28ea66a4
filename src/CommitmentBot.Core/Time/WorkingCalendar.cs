using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>
/// Working-time arithmetic in a person's zone and working hours: offsets counted only inside
/// working hours, and the next instant a message may be delivered.
/// </summary>
public static class WorkingCalendar
{
    /// <summary>
    /// The instant reached by counting <paramref name="amount"/> of working time forward from
    /// <paramref name="start"/> (time outside working hours does not count).
    /// </summary>
    public static DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount, DateTimeZone zone, WorkingHours hours)
        => throw new NotImplementedException("WorkingCalendar is being written.");

    /// <summary>
    /// The same local wall-clock time <paramref name="days"/> working days later (if that time is
    /// outside working hours it stays as it is: it is an instant, not a delivery time).
    /// </summary>
    public static DateTimeOffset AddWorkingDays(DateTimeOffset start, int days, DateTimeZone zone, WorkingHours hours)
        => throw new NotImplementedException("WorkingCalendar is being written.");

    /// <summary>
    /// <paramref name="instant"/> itself when it falls inside working hours, else the start of the
    /// next working window.
    /// </summary>
    public static DateTimeOffset NextWorkingInstant(DateTimeOffset instant, DateTimeZone zone, WorkingHours hours)
        => throw new NotImplementedException("WorkingCalendar is being written.");

    /// <summary>True when <paramref name="instant"/> falls inside working hours.</summary>
    public static bool IsWorkingTime(DateTimeOffset instant, DateTimeZone zone, WorkingHours hours)
        => throw new NotImplementedException("WorkingCalendar is being written.");
}
