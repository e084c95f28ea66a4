using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise help [topic]</c>: every command, or only the lines about the topic asked for.</summary>
internal static class Help
{
    private const string Intro =
        "I keep your promises to customers from slipping silently. I nudge you before and at the deadline; if it slips with no word, your manager hears, then the team channel.";

    private static readonly string[] Examples =
    [
        "`/promise send revised quote for Acme by Friday 3pm` — make a promise",
        "`/promise Acme: demo environment ready in 2 business days` — customer first",
        "`/promise list` — your open promises, soonest first",
        "`/promise show P-3` — one promise with its whole history (yours, your reports', or any as an admin)",
        "`/promise done P-3` · `/promise risk P-3 supplier is late` · `/promise missed P-3`",
        "`/promise move P-3 to next Tuesday Acme asked to push` — renegotiate (the rest after the date is the reason)",
        "`/promise cancel P-3` — withdraw",
        "`/promise team` — your reports' open promises · `/promise record [@rep] [30d]`",
        "`/promise settings zone Europe/London` (or `zone EST`) · `settings hours 9-5` (or `Mon-Fri 09:00-17:30`) · `settings manager @maria`",
        "`/promise admin channel` (in the channel) · `admin manager @rep @manager` · `admin dateorder DMY` · `admin policy`",
    ];

    private static readonly string[] DueTopics = ["due", "dues", "date", "dates", "time", "times", "when", "by"];

    private static readonly MessageSection DueTimes = new(
        "Due times I read",
        string.Join('\n', DueTimeHelp.Lines),
        [],
        [],
        []);

    public static OutboundMessage For(string? topic)
    {
        if (topic is null)
        {
            return Everything(Intro);
        }

        if (DueTopics.Contains(topic, StringComparer.Ordinal))
        {
            return new OutboundMessage(MessageKind.Help, "A promise needs a due: end it with `by <when>` or `in <amount>`.", [DueTimes]);
        }

        var lines = Examples.Where(line => line.Contains(topic, StringComparison.OrdinalIgnoreCase)).ToList();
        return lines.Count == 0
            ? Everything($"I have no help on `{CommandParser.Clip(topic, 30)}`; here is everything.\n{Intro}")
            : new OutboundMessage(MessageKind.Help, $"About `{CommandParser.Clip(topic, 30)}`:\n" + string.Join('\n', lines), [DueTimes]);
    }

    private static OutboundMessage Everything(string headline) =>
        new(MessageKind.Help, headline + "\n" + string.Join('\n', Examples), [DueTimes]);
}
