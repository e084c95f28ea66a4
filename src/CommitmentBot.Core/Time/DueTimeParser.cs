using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>What a due phrase is read against: the instant the command arrived and the rep's calendar.</summary>
/// <param name="Now">The instant the command arrived (UTC).</param>
/// <param name="Zone">The rep's time zone.</param>
/// <param name="DateOrder">How numeric <c>a/b</c> dates are read.</param>
/// <param name="WorkingHours">The rep's working hours (end of day, working days).</param>
public readonly record struct DueContext(DateTimeOffset Now, DateTimeZone Zone, DateOrder DateOrder, WorkingHours WorkingHours);

/// <summary>Why a due phrase was not accepted.</summary>
public enum DueError
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Empty phrase.</summary>
    Missing,

    /// <summary>Not a phrase the parser knows.</summary>
    Unrecognised,

    /// <summary>A date that does not exist (<c>Feb 30</c>).</summary>
    ImpossibleDate,

    /// <summary>A time that does not exist (<c>25:00</c>).</summary>
    ImpossibleTime,

    /// <summary>The resolved instant is not after now.</summary>
    Past,
}

/// <summary>The outcome of reading a due phrase.</summary>
/// <param name="Due">The resolved instant (UTC) when <see cref="Error"/> is <see cref="DueError.None"/>.</param>
/// <param name="Error">Why it failed, or <see cref="DueError.None"/>.</param>
/// <param name="Message">The reason a rep is shown (e.g. "that time has already passed"), or null on success.</param>
public readonly record struct DueParseResult(DateTimeOffset Due, DueError Error, string? Message)
{
    /// <summary>True when the phrase resolved to a future instant.</summary>
    public bool Success => Error == DueError.None;
}

/// <summary>
/// Reads the due-time language of SPEC's "Due-time semantics": absolute dates, weekdays, relative
/// offsets, times and the EOD/EOW/end-of-month shorthands, in the rep's zone, daylight saving included.
/// </summary>
public static class DueTimeParser
{
    /// <summary>Resolves <paramref name="phrase"/> against <paramref name="context"/>.</summary>
    public static DueParseResult Parse(ReadOnlySpan<char> phrase, in DueContext context)
    {
        throw new NotImplementedException("DueTimeParser is being written.");
    }
}
