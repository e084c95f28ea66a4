using System.Globalization;
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
/// <remarks>
/// Accepted forms (case-insensitive, extra spaces, a leading <c>on</c>/<c>at</c>/<c>by</c>/<c>due</c> and
/// trailing punctuation tolerated):
/// <list type="bullet">
/// <item>dates: <c>2026-12-05</c>, <c>Dec 5</c>, <c>December 5th, 2026</c>, <c>5 Dec</c>, <c>5th of December</c>,
/// <c>12/5</c> and <c>12/5/2026</c> (by <see cref="DateOrder"/>), <c>the 15th</c>, <c>today</c>, <c>tomorrow</c>,
/// <c>tonight</c>, <c>the day after tomorrow</c>, <c>next business day</c>;</item>
/// <item>weekdays: <c>Friday</c>, <c>Fri</c>, <c>this Friday</c>, <c>next Tuesday</c>, <c>Friday, Dec 5</c> (checked);</item>
/// <item>times: <c>3pm</c>, <c>3 p.m.</c>, <c>9:30am</c>, <c>15:00</c>, <c>noon</c>, <c>midnight</c> (the end of the
/// day), <c>at 5</c> (the half of the day inside working hours), <c>at 1530</c>; before or after a date;</item>
/// <item>ends: <c>EOD</c>/<c>COB</c>/<c>end of day</c>, <c>EOD Friday</c>, <c>EOW</c>/<c>end of (next) week</c>,
/// <c>EOM</c>/<c>end of (next) month</c>, <c>end of December</c>, <c>end of quarter</c>, <c>end of year</c>;</item>
/// <item>offsets: <c>in 3 hours</c>, <c>in 90 minutes</c>, <c>in 1.5 hours</c>, <c>in 2h30m</c>, <c>in an hour</c>,
/// <c>in half an hour</c>, <c>in 2 days</c>, <c>in a week</c>, <c>in 1 month</c>, <c>in 2 business days</c>,
/// <c>3 days from now</c>, optionally followed by a time (<c>in 2 days at 3pm</c>).</item>
/// </list>
/// Failures name what is wrong: an impossible date or time ("there is no 30 February", "there is no 25:00"), a past
/// instant ("that time has already passed", also for <c>yesterday</c> and <c>last Friday</c>), an hour that could be
/// either half of the day, or a phrase it could not read (echoed back, shortened).
/// The hot path allocates nothing: tokens live on the stack and messages are built only on failure.
/// </remarks>
public static class DueTimeParser
{
    /// <summary>Phrases longer than this are not due times.</summary>
    public const int MaxPhraseLength = 200;

    /// <summary>What a rep is shown when the due phrase has passed.</summary>
    public const string PassedMessage = "that time has already passed";

    /// <summary>What a rep is shown when no due phrase was given.</summary>
    public const string MissingMessage = "no due date or time was given";

    private static readonly string[] MonthNames =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static readonly string[] WeekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>Resolves <paramref name="phrase"/> against <paramref name="context"/>.</summary>
    public static DueParseResult Parse(ReadOnlySpan<char> phrase, in DueContext context)
    {
        var text = phrase.Trim();
        if (text.IsEmpty)
        {
            return new DueParseResult(default, DueError.Missing, MissingMessage);
        }

        if (text.Length > MaxPhraseLength)
        {
            return Describe(DueFailure.Of(DueProblem.Unreadable), text);
        }

        Span<char> folded = stackalloc char[text.Length];
        Span<DueToken> tokens = stackalloc DueToken[DueLexer.MaxTokens];
        var count = DueLexer.Tokenize(text, folded, tokens);
        if (count < 0)
        {
            return Describe(DueFailure.Of(DueProblem.Unreadable), text);
        }

        var grammar = new DueGrammar(tokens[..count], context.DateOrder);
        if (!grammar.TryParse(out var spec))
        {
            return Describe(grammar.Failure, text);
        }

        try
        {
            return DueResolver.TryResolve(spec, context, out var due, out var failure)
                ? new DueParseResult(due.ToDateTimeOffset(), DueError.None, null)
                : Describe(failure, text);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Only reachable with a "now" near the calendar's limits (year 9999): past the last representable date.
            return Describe(DueFailure.Of(DueProblem.TooFar), text);
        }
    }

    /// <summary>Resolves <paramref name="phrase"/> against <paramref name="context"/>.</summary>
    public static DueParseResult Parse(string? phrase, in DueContext context) => Parse(phrase.AsSpan(), context);

    private static DueParseResult Describe(DueFailure failure, ReadOnlySpan<char> text)
    {
        var inv = CultureInfo.InvariantCulture;
        return failure.Problem switch
        {
            DueProblem.NoSuchMonth => new(default, DueError.ImpossibleDate, failure.B switch
            {
                1 => string.Create(inv, $"there is no month {failure.A} (dates are read month/day here)"),
                2 => string.Create(inv, $"there is no month {failure.A} (dates are read day/month here)"),
                _ => string.Create(inv, $"there is no month {failure.A}"),
            }),
            DueProblem.NoSuchDay => new(default, DueError.ImpossibleDate, string.Create(inv, $"there is no {failure.A} {MonthNames[failure.B - 1]}")),
            DueProblem.NoSuchDayInYear => new(default, DueError.ImpossibleDate, string.Create(inv, $"there is no {failure.A} {MonthNames[failure.B - 1]} in {failure.C}")),
            DueProblem.NoSuchDayOfMonth => new(default, DueError.ImpossibleDate, string.Create(inv, $"no month has a {Ordinal(failure.A)} day")),
            DueProblem.WeekdayMismatch => new(default, DueError.ImpossibleDate, string.Create(
                inv,
                $"{failure.A} {MonthNames[failure.B - 1]} {failure.C} is a {WeekdayNames[(int)new LocalDate(failure.C, failure.B, failure.A).DayOfWeek - 1]}, not a {WeekdayNames[failure.D - 1]}")),
            DueProblem.TooFar => new(default, DueError.ImpossibleDate, "that is too far ahead"),
            DueProblem.NoSuchClockTime => new(default, DueError.ImpossibleTime, string.Create(inv, $"there is no {failure.A}:{failure.B:00}")),
            DueProblem.NoSuchMeridiemTime => new(default, DueError.ImpossibleTime, failure.C == 1
                ? string.Create(inv, $"there is no {failure.A}:{failure.B:00}{(failure.D == 1 ? "am" : "pm")}")
                : string.Create(inv, $"there is no {failure.A}{(failure.D == 1 ? "am" : "pm")}")),
            DueProblem.AmbiguousHour => new(default, DueError.Unrecognised, failure.B == 0
                ? string.Create(inv, $"\"{failure.A}\" could be {failure.A}am or {failure.A}pm; please add am or pm")
                : string.Create(inv, $"\"{failure.A}:{failure.B:00}\" could be {failure.A}:{failure.B:00}am or {failure.A}:{failure.B:00}pm; please add am or pm")),
            DueProblem.Passed => new(default, DueError.Past, PassedMessage),
            _ => new(default, DueError.Unrecognised, Unreadable(text)),
        };
    }

    private static string Unreadable(ReadOnlySpan<char> text)
    {
        // Keep the echo short and on one line: it goes back into a chat message.
        const int Shown = 60;
        var shown = text.Length > Shown ? string.Concat(text[..Shown], "…") : text.ToString();
        shown = shown.Replace('\n', ' ').Replace('\r', ' ');
        return $"I couldn't read \"{shown}\" as a date or time";
    }

    private static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
