using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CommitmentBot.Core.Time;

/// <summary>Formats instants the way people read them: "Fri 27 Nov, 3:00 PM EST — in 2 days".</summary>
public static class TimeText
{
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.Create("ddd d MMM, h:mm tt", CultureInfo.InvariantCulture);
    private static readonly LocalDateTimePattern ShortPattern = LocalDateTimePattern.Create("ddd d MMM h:mm tt", CultureInfo.InvariantCulture);
    private static readonly LocalDateTimePattern YearPattern = LocalDateTimePattern.Create("ddd d MMM uuuu, h:mm tt", CultureInfo.InvariantCulture);
    private static readonly LocalDateTimePattern ShortYearPattern = LocalDateTimePattern.Create("ddd d MMM uuuu h:mm tt", CultureInfo.InvariantCulture);
    private static readonly LocalTimePattern ClockPattern = LocalTimePattern.Create("h:mm tt", CultureInfo.InvariantCulture);

    /// <summary>"Fri 27 Nov, 3:00 PM EST".</summary>
    public static string Format(DateTimeOffset instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var zoned = ZoneMath.Shown(instant, zone);
        return DateTimePattern.Format(zoned.LocalDateTime) + " " + Abbreviation(zoned);
    }

    /// <summary>
    /// "Fri 27 Nov, 3:00 PM EST", with the year ("Wed 1 Dec 2027, 6:00 PM EST") whenever the instant does not fall
    /// in <paramref name="now"/>'s year on that zone's calendar.
    /// </summary>
    public static string Format(DateTimeOffset instant, DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var zoned = ZoneMath.Shown(instant, zone);
        var pattern = zoned.Year == ZoneMath.Shown(now, zone).Year ? DateTimePattern : YearPattern;
        return pattern.Format(zoned.LocalDateTime) + " " + Abbreviation(zoned);
    }

    /// <summary>
    /// A due as its reader reads it: in the reader's zone and, when the promise named another zone, in that one
    /// too: "Fri 4 Dec, 3:00 AM EST (9:00 AM CET)", "Thu 3 Dec, 7:00 PM PST (Fri 4 Dec, 12:00 PM JST)".
    /// </summary>
    public static string FormatDue(DateTimeOffset instant, DateTimeZone reader, DateTimeZone? named, DateTimeOffset now)
    {
        var own = Format(instant, reader, now);
        return AlsoIn(instant, reader, named, now) is { } other ? own + " (" + other + ")" : own;
    }

    /// <summary><see cref="FormatDue"/> followed by how far off it is: "Fri 4 Dec, 3:00 AM EST (9:00 AM CET) — in 4 days".</summary>
    public static string FormatDueWithRelative(DateTimeOffset instant, DateTimeZone reader, DateTimeZone? named, DateTimeOffset now) =>
        FormatDue(instant, reader, named, now) + " — " + Relative(instant, reader, now);

    /// <summary>
    /// The instant in the promise's named zone, for beside the reader's own reading: "9:00 AM CET", or with the date
    /// when the two calendars differ ("Sat 5 Dec, 1:00 AM JST"). Null when no zone was named or it reads the same.
    /// </summary>
    public static string? AlsoIn(DateTimeOffset instant, DateTimeZone reader, DateTimeZone? named, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (named is null)
        {
            return null;
        }

        var theirs = ZoneMath.Shown(instant, named);
        var mine = ZoneMath.Shown(instant, reader);
        var abbreviation = Abbreviation(theirs);
        if (theirs.LocalDateTime == mine.LocalDateTime && abbreviation == Abbreviation(mine))
        {
            return null;
        }

        if (theirs.Date == mine.Date)
        {
            return ClockPattern.Format(theirs.TimeOfDay) + " " + abbreviation;
        }

        var pattern = theirs.Year == ZoneMath.Shown(now, reader).Year ? DateTimePattern : YearPattern;
        return pattern.Format(theirs.LocalDateTime) + " " + abbreviation;
    }

    /// <summary>"Fri 27 Nov 3:00 PM" (no zone), for plans and lists; with the year when it is not <paramref name="now"/>'s.</summary>
    public static string FormatShort(DateTimeOffset instant, DateTimeZone zone, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = ZoneMath.Shown(instant, zone).LocalDateTime;
        return now is { } at && local.Year != ZoneMath.Shown(at, zone).Year
            ? ShortYearPattern.Format(local)
            : ShortPattern.Format(local);
    }

    /// <summary>"12:00 PM" when <paramref name="instant"/> falls on <paramref name="now"/>'s day in the zone, else as <see cref="FormatShort"/>.</summary>
    public static string FormatClock(DateTimeOffset instant, DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime;
        return local.Date == Instant.FromDateTimeOffset(now).InZone(zone).Date
            ? LocalTimePattern.Create("h:mm tt", CultureInfo.InvariantCulture).Format(local.TimeOfDay)
            : FormatShort(instant, zone, now);
    }

    /// <summary>The last day of a period that ends (exclusive) at <paramref name="until"/>: "Mon 14 Dec".</summary>
    public static string LastDay(DateTimeOffset until, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return LocalDatePattern.Create("ddd d MMM", CultureInfo.InvariantCulture).Format(Instant.FromDateTimeOffset(until.AddTicks(-1)).InZone(zone).Date);
    }

    /// <summary>"Fri 27 Nov, 3:00 PM EST — in 2 days".</summary>
    public static string FormatWithRelative(DateTimeOffset instant, DateTimeZone zone, DateTimeOffset now) =>
        Format(instant, zone) + " — " + Relative(instant, zone, now);

    /// <summary>"in 45 minutes", "in 3 hours", "tomorrow", "in 4 days" (calendar days ahead), "2 hours late", "2 days late" (elapsed).</summary>
    public static string Relative(DateTimeOffset instant, DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var delta = instant - now;
        var future = delta >= TimeSpan.Zero;
        var span = future ? delta : -delta;
        string amount;
        if (span < TimeSpan.FromMinutes(1))
        {
            return future ? "now" : "just now";
        }

        if (span < TimeSpan.FromHours(1))
        {
            amount = Plural((int)Math.Round(span.TotalMinutes), "minute");
        }
        else if (!future)
        {
            // Lateness is elapsed time, counted as Duration counts it, so "Due: … — 2 days late" agrees
            // with the "P-1 is 2 days late" headline above it (calendar days would say 3 for Fri 3 PM → Mon 9 AM).
            return Duration(span) + " late";
        }
        else
        {
            var days = Period.Between(
                ZoneMath.Shown(future ? now : instant, zone).Date,
                ZoneMath.Shown(future ? instant : now, zone).Date,
                PeriodUnits.Days).Days;
            if (span < TimeSpan.FromHours(12) || days == 0)
            {
                amount = Plural((int)Math.Round(span.TotalHours), "hour");
            }
            else if (future && days == 1)
            {
                return "tomorrow";
            }
            else
            {
                amount = Plural(days, "day");
            }
        }

        return future ? "in " + amount : amount + " late";
    }

    /// <summary>"2 hours" / "1 day" style durations.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromHours(1))
        {
            return Plural(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute");
        }

        return span < TimeSpan.FromDays(2)
            ? Plural((int)Math.Round(span.TotalHours), "hour")
            : Plural((int)Math.Floor(span.TotalDays), "day");
    }

    private static string Plural(int n, string unit) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");

    private static string Abbreviation(ZonedDateTime zoned)
    {
        var name = zoned.Zone.GetZoneInterval(zoned.ToInstant()).Name;
        if (name.Length > 0 && !char.IsDigit(name[^1]) && name[0] is not ('+' or '-'))
        {
            return name;
        }

        // Zones without a letter abbreviation: show the offset the way people write it.
        var offset = zoned.Offset;
        return offset == Offset.Zero ? "UTC" : "UTC" + OffsetPattern.CreateWithInvariantCulture("+H:mm").Format(offset).Replace(":00", "", StringComparison.Ordinal);
    }
}
