using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>
/// Turning wall-clock times into instants the way SPEC asks: a time that does not exist (spring forward)
/// moves forward by the length of the gap, one that happens twice (fall back) takes the earlier instant.
/// That is NodaTime's <see cref="NodaTime.TimeZones.Resolvers.LenientResolver"/>; this type answers the
/// common case (no transition within two days) without the mapping object that resolver allocates.
/// </summary>
internal static class ZoneMath
{
    // Offsets lie within ±18 hours, so two readings of one local time are at most 36 hours apart.
    // An instant further than this from both ends of its zone interval can be the only reading.
    private static readonly Duration SafeDistance = Duration.FromHours(48);

    /// <summary>The instant <paramref name="local"/> means in <paramref name="zone"/>, leniently resolved.</summary>
    public static Instant ResolveLeniently(DateTimeZone zone, LocalDateTime local)
    {
        // Read the local time as if it were UTC, then correct by the offset in force near it.
        var asUtc = local.InUtc().ToInstant();
        var offset = zone.GetUtcOffset(asUtc);
        var candidate = asUtc - Duration.FromSeconds(offset.Seconds);
        var interval = zone.GetZoneInterval(candidate);
        if (interval.WallOffset == offset
            && (!interval.HasStart || candidate - interval.Start > SafeDistance)
            && (!interval.HasEnd || interval.End - candidate > SafeDistance))
        {
            return candidate;
        }

        return zone.ResolveLocal(local, NodaTime.TimeZones.Resolvers.LenientResolver).ToInstant();
    }

    /// <summary>The instant of <paramref name="date"/> at <paramref name="time"/>, leniently resolved.</summary>
    public static Instant At(DateTimeZone zone, LocalDate date, LocalTime time) => ResolveLeniently(zone, date + time);

    // Offsets lie within ±18 hours: instants this far inside the calendar's ends have a local date in every zone.
    private static readonly Instant FirstShown = Instant.FromUtc(1, 1, 1, 18, 0);
    private static readonly Instant LastShown = Instant.FromUtc(9999, 12, 31, 5, 59, 59);

    /// <summary>
    /// <paramref name="instant"/> in <paramref name="zone"/>, for showing it. An instant within 18 hours of the calendar's
    /// ends (a row stored by a version that took any due) is shown as the nearest one every zone can read, so that
    /// reading it never fails: in New York "9999-12-31T23:59Z" is still "31 Dec 9999", at UTC+14 it would be in year 10000.
    /// </summary>
    public static ZonedDateTime Shown(DateTimeOffset instant, DateTimeZone zone)
    {
        var at = Instant.FromDateTimeOffset(instant);
        return (at < FirstShown ? FirstShown : at > LastShown ? LastShown : at).InZone(zone);
    }

    /// <summary>The local date and time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static LocalDateTime LocalOf(DateTimeZone zone, Instant instant) => instant.InZone(zone).LocalDateTime;

    /// <summary>A <see cref="TimeOnly"/> as a NodaTime <see cref="LocalTime"/>.</summary>
    public static LocalTime ToLocalTime(TimeOnly time) => LocalTime.FromTicksSinceMidnight(time.Ticks);

    /// <summary>The ISO day of week (Monday 1 … Sunday 7) as .NET's <see cref="DayOfWeek"/>.</summary>
    public static DayOfWeek ToDayOfWeek(IsoDayOfWeek day) => (DayOfWeek)((int)day % 7);

    /// <summary>.NET's <see cref="DayOfWeek"/> as an ISO day number (Monday 1 … Sunday 7).</summary>
    public static int ToIsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;
}
