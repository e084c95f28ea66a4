using CommitmentBot.Core.Time;

namespace CommitmentBot.TestSupport.Due;

/// <summary>
/// One phrase for each form of SPEC's "More due forms" and the changed <c>next &lt;weekday&gt;</c> rule, for the tests
/// that take every form through a platform (Slack, Teams, the sandbox): each is still ahead on Wednesday 25 Nov 2026
/// from 06:00 in Los Angeles to 09:00 in New York, when those tests start.
/// </summary>
public static class DueForms
{
    /// <summary>The forms as written after <c>by</c> (and after <c>move P-1 to</c>).</summary>
    public static readonly IReadOnlyList<string> ByPhrases =
    [
        // close of business, a day on either side
        "COB Friday", "Thursday EOD", "end of business tomorrow", "close of business",
        // parts of the day
        "this afternoon", "tomorrow morning", "wednesday evening", "Monday afternoon", "first thing tomorrow", "first thing Monday",
        // weeks (next <weekday> is that day of next week)
        "this week", "next week", "end of next week", "Tuesday next week", "next Tuesday", "next Sunday", "the week after next",
        // counting from a day
        "day after tomorrow", "a week from Friday", "two weeks from today", "3 days from Dec 5",
        // another time zone after a time: the table, a region, an IANA name, a fixed offset
        "Friday 3pm CET", "tomorrow 9am EST", "Monday noon IST", "Friday 10am AEST", "Friday 2pm Pacific time",
        "tomorrow 11am Central", "Friday 4pm America/Chicago", "Friday 9am UTC+5:30",
    ];

    /// <summary>The counted forms, written after the promise with <c>in</c>.</summary>
    public static readonly IReadOnlyList<string> InPhrases =
    [
        "in two weeks", "in a couple of days", "in an hour", "in half an hour", "in three business days",
        "in 48h", "in 90m", "in 90min", "in 2d", "in 1w", "in 3bd",
    ];

    /// <summary>Every phrase.</summary>
    public static IEnumerable<string> All => ByPhrases.Concat(InPhrases);

    /// <summary>A promise for Acme due at <paramref name="phrase"/>.</summary>
    public static string Promise(string phrase) =>
        phrase.StartsWith("in ", StringComparison.Ordinal) ? "send quote for Acme " + phrase : "send quote for Acme by " + phrase;

    /// <summary>What the parser makes of <paramref name="phrase"/> for a rep in <paramref name="zoneId"/> at <paramref name="now"/> (default hours, MDY).</summary>
    public static DueParseResult Reading(string phrase, string zoneId, DateTimeOffset now) =>
        DueTimeParser.Parse(phrase, new DueContext(now, TimeZones.ResolveOrUtc(zoneId), DateOrder.MDY, WorkingHours.Default));
}
