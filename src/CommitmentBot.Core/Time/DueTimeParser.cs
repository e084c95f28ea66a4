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

    /// <summary>A vague amount or time ("soon", "ASAP", "in a few days"): not a deadline; ask for a date or time.</summary>
    Vague,

    /// <summary>Read, but further ahead than <see cref="DueTimeParser.HorizonYears"/> years: not a promise anyone keeps track of.</summary>
    BeyondHorizon,
}

/// <summary>The outcome of reading a due phrase.</summary>
/// <param name="Due">The resolved instant (UTC) when <see cref="Error"/> is <see cref="DueError.None"/>.</param>
/// <param name="Error">Why it failed, or <see cref="DueError.None"/>.</param>
/// <param name="Message">The reason a rep is shown (e.g. "that time has already passed"), or null on success.</param>
/// <param name="Zone">The zone the phrase named ("3pm CET"), kept with the promise so every message shows the due in it too; null when none was named.</param>
/// <param name="ReadAsNextYear">A day and month without a year that has passed this year, read as next year's ("Dec 1" said on 2 December).</param>
public readonly record struct DueParseResult(DateTimeOffset Due, DueError Error, string? Message, DateTimeZone? Zone = null, bool ReadAsNextYear = false)
{
    /// <summary>True when the phrase resolved to a future instant.</summary>
    public bool Success => Error == DueError.None;

    /// <summary>True when <see cref="Message"/> already quotes the phrase ("I couldn't read "x" as a date or time"), so a reply need not repeat it.</summary>
    public bool MessageQuotesPhrase => Message is not null && Message.StartsWith(DueTimeParser.UnreadablePrefix, StringComparison.Ordinal);
}

/// <summary>
/// Reads the due-time language of SPEC's "Due-time semantics" and "More due forms": absolute dates, weekdays,
/// relative offsets, times, parts of the day, weeks, the close-of-business shorthands and another time zone,
/// in the rep's zone, daylight saving included.
/// </summary>
/// <remarks>
/// Accepted forms (case-insensitive, extra spaces, a leading <c>on</c>/<c>at</c>/<c>by</c>/<c>due</c> and
/// trailing punctuation tolerated):
/// <list type="bullet">
/// <item>dates: <c>2026-12-05</c>, <c>Dec 5</c>, <c>December 5th, 2026</c>, <c>5 Dec</c>, <c>5th of December</c>,
/// <c>12/5</c> and <c>12/5/2026</c> (by <see cref="DateOrder"/>), <c>the 15th</c>, <c>today</c>, <c>tomorrow</c>,
/// <c>tonight</c>, <c>(the) day after tomorrow</c>, <c>next business day</c>;</item>
/// <item>weekdays: <c>Friday</c>, <c>Fri</c>, <c>this Friday</c>, <c>next Tuesday</c> and <c>Tuesday next week</c>
/// (that day of next week, weeks running Monday to Sunday), <c>Friday, Dec 5</c> (checked);</item>
/// <item>weeks: <c>this week</c> (EOW), <c>next week</c>, <c>end of next week</c>, <c>the week after next</c>;</item>
/// <item>counting from a day: <c>a week from Friday</c>, <c>two weeks from today</c>, <c>3 days from Dec 5</c>;</item>
/// <item>times: <c>3pm</c>, <c>3 p.m.</c>, <c>9:30am</c>, <c>15:00</c>, <c>noon</c>, <c>midnight</c> (the end of the
/// day), <c>at 5</c> (the half of the day inside working hours), <c>at 1530</c>, <c>five pm</c>; before or after a date;</item>
/// <item>parts of the day, read as the end of the part: <c>morning</c> 12:00, <c>afternoon</c> 17:00, <c>evening</c>
/// and <c>tonight</c> 20:00, <c>first thing</c> (the start of the working day); alone (today's) or with a day;</item>
/// <item>ends: <c>EOD</c>/<c>COB</c>/<c>EOB</c>/<c>close of business</c>/<c>end of (the) day</c>, with a day on either
/// side (<c>Friday EOD</c>, <c>COB Friday</c>), <c>EOW</c>, <c>EOM</c>/<c>end of (next) month</c>, <c>end of December</c>,
/// <c>end of quarter</c>, <c>end of year</c>;</item>
/// <item>offsets: <c>in 3 hours</c>, <c>in 90 minutes</c>, <c>in 1.5 hours</c>, <c>in 2h30m</c>, <c>in an hour</c>,
/// <c>in half an hour</c>, <c>in a couple of days</c>, <c>in two weeks</c>, <c>in 1 month</c>, <c>in 2 business days</c>,
/// compact <c>48h</c>, <c>90m</c>, <c>90min</c>, <c>2d</c>, <c>1w</c>, <c>3bd</c>, <c>3 days from now</c>, optionally
/// followed by a time (<c>in 2 days at 3pm</c>);</item>
/// <item>a zone after a time (<c>3pm ET</c>, <c>Friday 9am Pacific time</c>, <c>noon America/Chicago</c>,
/// <c>9am UTC+5:30</c>; see <see cref="ZoneNames"/>): days stay on the rep's calendar, the time is read on the named
/// zone's clock, and the zone is returned so the promise can keep it.</item>
/// </list>
/// Failures name what is wrong: an impossible date or time ("there is no 30 February", "there is no 25:00"), a past
/// instant ("that time has already passed", also for <c>yesterday</c> and <c>last Friday</c>), an hour that could be
/// either half of the day, words after a time that are no zone, a vague amount ("soon", "a few days": not a deadline),
/// or a phrase it could not read (echoed back, shortened).
/// The hot path allocates nothing: tokens live on the stack, zones come from tables, and messages are built only on failure.
/// </remarks>
public static class DueTimeParser
{
    /// <summary>Phrases longer than this are not due times.</summary>
    public const int MaxPhraseLength = 200;

    /// <summary>
    /// How far ahead a due may be, in years from now. Further out is a plan, not a promise, and would take the ladder's
    /// working-time arithmetic towards the end of the calendar (year 9999), where it overflows.
    /// </summary>
    public const int HorizonYears = 5;

    /// <summary>What a rep is shown when the due phrase has passed.</summary>
    public const string PassedMessage = "that time has already passed";

    /// <summary>What a rep is shown when no due phrase was given.</summary>
    public const string MissingMessage = "no due date or time was given";

    /// <summary>How the message for a phrase that could not be read begins (it quotes the phrase).</summary>
    public const string UnreadablePrefix = "I couldn't read \"";

    // Phrases up to this long (most of them) tokenize into a buffer this size.
    private const int ShortPhrase = 16;

    /// <summary>Zones to suggest when one was not understood.</summary>
    public const string ZoneExamples = "ET, PT, CET, IST, AEST, America/Chicago or UTC+5:30";

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

        // A phrase has no more tokens than characters: most need (and zero) only a short buffer, of a size the JIT knows.
        Span<char> folded = stackalloc char[text.Length];
        Span<DueToken> tokens = text.Length <= ShortPhrase ? stackalloc DueToken[ShortPhrase] : stackalloc DueToken[DueLexer.MaxTokens];
        var count = DueLexer.Tokenize(text, folded, tokens);
        if (count < 0)
        {
            return Describe(DueFailure.Of(DueProblem.Unreadable), text);
        }

        var grammar = new DueGrammar(tokens[..count], folded, context.DateOrder);
        if (!grammar.TryParse(out var spec))
        {
            return Fail(grammar.Failure, text, context);
        }

        try
        {
            if (!DueResolver.TryResolve(spec, context, out var due, out var nextYear, out var failure))
            {
                return Fail(failure, text, context);
            }

            var at = due.ToDateTimeOffset();
            return at > Horizon(context.Now)
                ? BeyondHorizon(context)
                : new DueParseResult(at, DueError.None, null, spec.Zone, nextYear);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Past the last representable date (year 9999).
            return Fail(DueFailure.Of(DueProblem.TooFar), text, context);
        }
    }

    /// <summary>Resolves <paramref name="phrase"/> against <paramref name="context"/>.</summary>
    public static DueParseResult Parse(string? phrase, in DueContext context) => Parse(phrase.AsSpan(), context);

    /// <summary>The latest due taken at <paramref name="now"/>: <see cref="HorizonYears"/> years on.</summary>
    public static DateTimeOffset Horizon(DateTimeOffset now) =>
        now.UtcDateTime.Year > DateTime.MaxValue.Year - HorizonYears ? DateTimeOffset.MaxValue : now.ToUniversalTime().AddYears(HorizonYears);

    /// <summary>
    /// Why a phrase failed. A date past the calendar's end is beyond the horizon too, and said so, unless "now" is
    /// itself within five years of that end (then only "too far ahead" is true).
    /// </summary>
    private static DueParseResult Fail(DueFailure failure, ReadOnlySpan<char> text, in DueContext context) =>
        failure.Problem == DueProblem.TooFar && Horizon(context.Now) != DateTimeOffset.MaxValue
            ? BeyondHorizon(context)
            : Describe(failure, text);

    private static DueParseResult BeyondHorizon(in DueContext context)
    {
        var last = ZoneMath.Shown(Horizon(context.Now), context.Zone ?? DateTimeZone.Utc).Date;
        return new(default, DueError.BeyondHorizon, string.Create(
            CultureInfo.InvariantCulture,
            $"that is more than five years away; the latest due I take is {last.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}"));
    }

    /// <summary>True when <paramref name="text"/> is a vague amount or time ("soon", "in a few days"), which is not a deadline.</summary>
    public static bool IsVague(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        if (trimmed.IsEmpty || trimmed.Length > MaxPhraseLength)
        {
            return false;
        }

        Span<char> folded = stackalloc char[trimmed.Length];
        Span<DueToken> tokens = stackalloc DueToken[Math.Min(DueLexer.MaxTokens, trimmed.Length)];
        var count = DueLexer.Tokenize(trimmed, folded, tokens);
        var grammar = new DueGrammar(tokens[..Math.Max(count, 0)], folded, DateOrder.MDY);
        return count > 0 && !grammar.TryParse(out _) && grammar.Failure.Problem == DueProblem.Vague;
    }

    /// <summary>
    /// How many characters at the start of <paramref name="text"/> are a due phrase: the longest run of whole
    /// words that reads as one ("next Tuesday" in "next Tuesday Acme asked to push"), counting a phrase that
    /// names an impossible date or time ("Feb 30") as one, so that the rep hears what is wrong with it.
    /// 0 when no leading words read as a due. Reading is purely syntactic: nothing is resolved.
    /// </summary>
    public static int LeadingPhraseLength(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimStart();
        var offset = text.Length - trimmed.Length;
        if (trimmed.IsEmpty)
        {
            return 0;
        }

        // A due phrase is short; only its window is read, so a long reason after it costs nothing.
        var window = trimmed[..Math.Min(trimmed.Length, MaxPhraseLength)];
        Span<char> folded = stackalloc char[window.Length];
        Span<DueToken> tokens = stackalloc DueToken[DueLexer.MaxTokens];
        var count = DueLexer.Tokenize(window, folded, tokens, stopWhenFull: true);
        if (count == tokens.Length || window.Length < trimmed.Length)
        {
            // The last token may have been cut off by the window: never end a phrase on it.
            count--;
        }

        // A phrase that names an impossible value fails as soon as it is read, whatever follows; the
        // shortest cut that still fails the same way is where it ends ("Feb 30" in "Feb 30 they said").
        var impossible = 0;
        var impossibleFailure = default(DueFailure);
        for (var cut = count; cut >= 1; cut--)
        {
            // Cut only between words, or before a comma or semicolon written against a word ("Tuesday, Acme").
            if (cut < count && !tokens[cut].SpaceBefore && !(tokens[cut].Kind == DueTokenKind.Symbol && tokens[cut].Symbol is ',' or ';'))
            {
                continue;
            }

            var grammar = new DueGrammar(tokens[..cut], folded, DateOrder.MDY);
            var read = grammar.TryParse(out _);
            var failure = grammar.Failure;
            if (impossible > 0 && (read || !failure.SameAs(impossibleFailure)))
            {
                break;
            }

            if (read)
            {
                return offset + tokens[cut - 1].Start + tokens[cut - 1].Length;
            }

            if (failure.Problem is not (DueProblem.Unreadable or DueProblem.UnknownZone or DueProblem.ZoneWithoutTime or DueProblem.Vague))
            {
                impossible = cut;
                impossibleFailure = failure;
            }
        }

        return impossible > 0 ? offset + tokens[impossible - 1].Start + tokens[impossible - 1].Length : 0;
    }

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
            DueProblem.UnknownZone => new(default, DueError.Unrecognised, string.Create(
                inv,
                $"\"{Shorten(text.Slice(failure.A, failure.B), 40)}\" is not a time zone I know (write one like {ZoneExamples})")),
            DueProblem.ZoneWithoutTime => new(default, DueError.Unrecognised, "a time zone goes after a time of day, e.g. \"Friday 3pm ET\""),
            DueProblem.Vague => new(default, DueError.Vague, string.Create(inv, $"\"{Shorten(text, 60)}\" is not a deadline: by when exactly? Give a date or a time")),
            _ => new(default, DueError.Unrecognised, Unreadable(text)),
        };
    }

    /// <summary>The phrase as typed, on one line and at most <paramref name="most"/> characters.</summary>
    private static string Shorten(ReadOnlySpan<char> text, int most)
    {
        var shown = text.Length > most ? string.Concat(text[..most], "…") : text.ToString();
        return shown.Replace('\n', ' ').Replace('\r', ' ');
    }

    // Keep the echo short and on one line: it goes back into a chat message.
    private static string Unreadable(ReadOnlySpan<char> text) => $"{UnreadablePrefix}{Shorten(text, 60)}\" as a date or time";

    private static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
