using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// What a rep is told about a due phrase: why it could not be used (said once, quoting the phrase once), and
/// what the bot made of it when that may surprise them (a date read as next year).
/// </summary>
public static class DueReplies
{
    /// <summary>
    /// Why <paramref name="phrase"/> could not be used as <paramref name="what"/> ("the due", "the new due"),
    /// with examples where they help, ending with <paramref name="outcome"/> ("Nothing was saved.").
    /// </summary>
    public static string Problem(string phrase, in DueParseResult result, string what, string outcome)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return result.Error switch
        {
            // "soon" is not a deadline: by when exactly? Give a date or a time, e.g. … Nothing was saved.
            DueError.Vague => $"{result.Message}, {CommandParser.DueExamples}. {outcome}",

            // The phrase was read: examples of other phrases would not help.
            DueError.BeyondHorizon => $"I couldn't use \"{CommandParser.Clip(phrase.Trim(), 60)}\" as {what}: {result.Message}. {outcome}",

            // The parser's sentence already quotes the phrase: don't wrap it in a second one.
            _ when result.MessageQuotesPhrase => $"{result.Message}. Try {CommandParser.DueExamples}. {outcome}",
            _ => $"I couldn't use \"{CommandParser.Clip(phrase.Trim(), 60)}\" as {what}: {result.Message}. Try {CommandParser.DueExamples}. {outcome}",
        };
    }

    /// <summary>"Dec 1 has passed this year, so I read it as Wed 1 Dec 2027." when a date was read as next year; else null.</summary>
    public static string? NextYearNote(string phrase, in DueParseResult result, string dueText)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return result.Success && result.ReadAsNextYear
            ? $"\"{CommandParser.Clip(phrase.Trim(), 40)}\" has passed this year, so I read it as next year: {dueText}. If you meant another date, use Edit or `move`."
            : null;
    }
}
