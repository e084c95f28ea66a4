using System.Globalization;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Records;

/// <summary>The kinds of period <c>/promise record</c> reads.</summary>
public enum RecordPeriodKind
{
    /// <summary><c>7d</c>, <c>30d</c>, <c>90d</c> (any 1–366 days): the days up to now.</summary>
    Days,

    /// <summary><c>week</c>: this calendar week (Monday to Sunday).</summary>
    Week,

    /// <summary><c>month</c>: this calendar month.</summary>
    Month,

    /// <summary><c>quarter</c>: this calendar quarter.</summary>
    Quarter,

    /// <summary><c>year</c>: this calendar year.</summary>
    Year,

    /// <summary><c>last week</c>.</summary>
    LastWeek,

    /// <summary><c>last month</c>.</summary>
    LastMonth,

    /// <summary><c>last quarter</c>.</summary>
    LastQuarter,
}

/// <summary>The span a record covers and the span before it of equal length (both half-open, UTC).</summary>
/// <param name="Start">First instant of the period.</param>
/// <param name="End">First instant after the period.</param>
/// <param name="PreviousStart">First instant of the previous period.</param>
public readonly record struct RecordWindow(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset PreviousStart)
{
    /// <summary>The previous period ends where this one starts.</summary>
    public DateTimeOffset PreviousEnd => Start;
}

/// <summary>A parsed record period, read in the viewer's zone.</summary>
/// <param name="Kind">Which kind.</param>
/// <param name="Days">The number of days for <see cref="RecordPeriodKind.Days"/>, else 0.</param>
public sealed record RecordPeriod(RecordPeriodKind Kind, int Days = 0)
{
    /// <summary>The longest <c>Nd</c> period.</summary>
    public const int MaxDays = 366;

    /// <summary>The period when none is given: the last 30 days.</summary>
    public static RecordPeriod Default { get; } = new(RecordPeriodKind.Days, 30);

    /// <summary>One calendar week (the digest's period).</summary>
    public static RecordPeriod LastWeekPeriod { get; } = new(RecordPeriodKind.LastWeek);

    /// <summary>The periods a reply offers as examples.</summary>
    public const string Examples = "`7d`, `30d`, `90d`, `week`, `month`, `quarter`, `year`, `last week`, `last month` or `last quarter`";

    /// <summary>How a person writes it (<c>30d</c>, <c>last week</c>); <see cref="TryParse"/> reads it back.</summary>
    public string Token => Kind switch
    {
        RecordPeriodKind.Days => Days.ToString(CultureInfo.InvariantCulture) + "d",
        RecordPeriodKind.Week => "week",
        RecordPeriodKind.Month => "month",
        RecordPeriodKind.Quarter => "quarter",
        RecordPeriodKind.Year => "year",
        RecordPeriodKind.LastWeek => "last week",
        RecordPeriodKind.LastMonth => "last month",
        _ => "last quarter",
    };

    /// <summary>Words for a heading ("last 30 days", "this week").</summary>
    public string Label => Kind switch
    {
        RecordPeriodKind.Days => $"last {Days.ToString(CultureInfo.InvariantCulture)} days",
        RecordPeriodKind.Week => "this week",
        RecordPeriodKind.Month => "this month",
        RecordPeriodKind.Quarter => "this quarter",
        RecordPeriodKind.Year => "this year",
        _ => Token,
    };

    /// <summary>Reads a period: <c>7d</c> … <c>366d</c>, <c>week</c>, <c>month</c>, <c>quarter</c>, <c>year</c>, <c>last week|month|quarter</c>.</summary>
    public static bool TryParse(string? text, out RecordPeriod period)
    {
        period = Default;
        var words = (text ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join(' ', words);
        RecordPeriod? read = joined switch
        {
            "week" or "this week" => new(RecordPeriodKind.Week),
            "month" or "this month" => new(RecordPeriodKind.Month),
            "quarter" or "this quarter" => new(RecordPeriodKind.Quarter),
            "year" or "this year" => new(RecordPeriodKind.Year),
            "last week" => new(RecordPeriodKind.LastWeek),
            "last month" => new(RecordPeriodKind.LastMonth),
            "last quarter" => new(RecordPeriodKind.LastQuarter),
            _ => null,
        };
        if (read is null
            && words.Length == 1
            && joined.Length is >= 2 and <= 4
            && joined[^1] == 'd'
            && int.TryParse(joined.AsSpan(0, joined.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && days is >= 1 and <= MaxDays)
        {
            read = new(RecordPeriodKind.Days, days);
        }

        if (read is null)
        {
            return false;
        }

        period = read;
        return true;
    }

    /// <summary>The instants this period covers at <paramref name="now"/> in <paramref name="zone"/>, and the previous period of equal length.</summary>
    public RecordWindow Resolve(DateTimeOffset now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Kind == RecordPeriodKind.Days)
        {
            var length = TimeSpan.FromDays(Days);
            return new RecordWindow(now - length, now, now - length - length);
        }

        var today = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now)).Date;
        var monday = today.PlusDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstOfMonth = new LocalDate(today.Year, today.Month, 1);
        var firstOfQuarter = new LocalDate(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        var (start, end, previous) = Kind switch
        {
            RecordPeriodKind.Week => (monday, monday.PlusWeeks(1), monday.PlusWeeks(-1)),
            RecordPeriodKind.LastWeek => (monday.PlusWeeks(-1), monday, monday.PlusWeeks(-2)),
            RecordPeriodKind.Month => (firstOfMonth, firstOfMonth.PlusMonths(1), firstOfMonth.PlusMonths(-1)),
            RecordPeriodKind.LastMonth => (firstOfMonth.PlusMonths(-1), firstOfMonth, firstOfMonth.PlusMonths(-2)),
            RecordPeriodKind.Quarter => (firstOfQuarter, firstOfQuarter.PlusMonths(3), firstOfQuarter.PlusMonths(-3)),
            RecordPeriodKind.LastQuarter => (firstOfQuarter.PlusMonths(-3), firstOfQuarter, firstOfQuarter.PlusMonths(-6)),
            _ => (new LocalDate(today.Year, 1, 1), new LocalDate(today.Year + 1, 1, 1), new LocalDate(today.Year - 1, 1, 1)),
        };
        return new RecordWindow(StartOf(zone, start), StartOf(zone, end), StartOf(zone, previous));
    }

    /// <summary>The first instant of a local date in the zone.</summary>
    internal static DateTimeOffset StartOf(DateTimeZone zone, LocalDate date) => zone.AtStartOfDay(date).ToInstant().ToDateTimeOffset();

    /// <summary>The starts of the last <paramref name="weeks"/> calendar weeks up to and including this one, and the end of this one (weeks + 1 instants).</summary>
    public static IReadOnlyList<DateTimeOffset> WeekBoundaries(DateTimeOffset now, DateTimeZone zone, int weeks)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var today = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now)).Date;
        var monday = today.PlusDays(-(((int)today.DayOfWeek + 6) % 7));
        var first = monday.PlusWeeks(-(weeks - 1));
        return Enumerable.Range(0, weeks + 1).Select(i => StartOf(zone, first.PlusWeeks(i))).ToList();
    }
}
