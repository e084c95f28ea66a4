namespace CommitmentBot.Core.Time;

/// <summary>
/// The due forms as a person is told about them: in <c>/promise help</c> (and so the sandbox page), and by the
/// <c>due</c> command line's <c>--help</c>. One list, so every place names the same forms.
/// </summary>
public static class DueTimeHelp
{
    /// <summary>One line per family of forms, with examples in backticks.</summary>
    public static IReadOnlyList<string> Lines { get; } =
    [
        "Dates: `Dec 5`, `December 5th`, `5 Dec`, `12/5`, `2026-12-05`, `today`, `tomorrow`, `day after tomorrow`",
        "Weekdays: `Friday`, `this Friday`, `next Tuesday` (that day of next week), `Tuesday next week`",
        "Times: `3pm`, `9:30am`, `15:00`, `noon`, `Friday 3pm`, `tomorrow at noon`, `Dec 5 at 9am`",
        "Parts of the day: `this afternoon`, `tomorrow morning`, `Monday afternoon`, `wednesday evening`, `tonight`, `first thing Monday`",
        "End of day: `EOD`, `COB`, `close of business`, `end of the day`, `Friday EOD`, `COB Friday`",
        "Weeks and months: `EOW`, `this week`, `next week`, `end of next week`, `the week after next`, `end of month`",
        "From a day: `a week from Friday`, `two weeks from today`, `3 days from Dec 5`",
        "Spans: `in 3 hours`, `in 90 minutes`, `in an hour`, `in half an hour`, `in a couple of days`, `in two weeks`, `in 2 business days`, `in 48h`, `in 3bd`",
        "The customer's zone after a time: `3pm ET`, `Friday 9am Pacific time`, `5pm CET`, `noon America/Chicago`, `9am UTC+5:30` (you see it in both zones)",
        "A date with no time means the end of your working day; a part of the day means its end (morning 12:00, afternoon 17:00, evening 20:00). `soon` or `ASAP` is not a deadline.",
    ];
}
