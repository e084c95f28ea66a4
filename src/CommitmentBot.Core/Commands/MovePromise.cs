using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// Renegotiating a due: <c>/promise move</c>, the More time button (with or without a date picked), and the
/// "has the customer been told?" answer that follows a move.
/// </summary>
internal sealed class MovePromise(CommandPorts ports)
{
    public async Task<OutboundMessage> MoveAsync(CommandContext context, MoveCommand command, CancellationToken cancellationToken)
    {
        var (due, why, error) = ResolveMove(context, command.DuePhrase, command.Why);
        if (error is not null)
        {
            return OutboundMessage.Problem(error);
        }

        return await MoveToAsync(context, command.Number, due, why, cancellationToken);
    }

    /// <summary>The More time button: without a date it asks for one, with one it moves.</summary>
    public async Task<OutboundMessage> MoreTimeAsync(CommandContext context, int number, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            // No inputs submitted (a platform without forms): ask for the date.
            var c = await ports.Commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
            if (c is null || c.OwnerId != context.Me.UserId)
            {
                return OutboundMessage.Problem($"I can't find {ShortId.Format(number)} among your promises.");
            }

            var section = new MessageSection(
                CommitmentMessages.Title(c),
                $"When can you deliver? Pick the new date, or type `/promise move {c.ShortId} to <when> <why>`.",
                [],
                [new MessageButton(ActionIds.For(ActionIds.MoreTime, c.ShortId), "Move it", ButtonStyle.Primary, [ActionIds.DateInput, ActionIds.TimeInput])],
                CommitmentMessages.NewDateInputs(c, context.Zone),
                c.ShortId);
            return new OutboundMessage(MessageKind.Reply, $"Need more time on {c.ShortId}?", [section]);
        }

        var (due, error) = ReadDue(context, values);
        return error is not null
            ? OutboundMessage.Problem(error + " Nothing changed.")
            : await MoveToAsync(context, number, due, ButtonValues.Read(values, ActionIds.NoteInput), cancellationToken);
    }

    /// <summary>Reads a new due from a date/time pair (pickers) or a typed phrase.</summary>
    public static (DateTimeOffset Due, string? Error) ReadDue(CommandContext context, IReadOnlyDictionary<string, string> values)
    {
        var date = ButtonValues.Read(values, ActionIds.DateInput);
        var time = ButtonValues.Read(values, ActionIds.TimeInput);
        var phrase = ButtonValues.Read(values, ActionIds.WhenInput) ?? (date is null ? null : time is null ? date : date + " " + time);
        if (phrase is null)
        {
            return (default, "Pick the new date (and time if it matters).");
        }

        if (phrase.Length > 100)
        {
            return (default, "That date is too long to read.");
        }

        var due = DueTimeParser.Parse(phrase, context.DueContext);
        return due.Success ? (due.Due, null) : (default, $"I couldn't use \"{CommandParser.Clip(phrase, 60)}\" as the new due: {due.Message}.");
    }

    /// <summary>The answer to "has the customer been told?" after a move.</summary>
    public static CommitmentChange CustomerTold(CommandContext context, Commitment c, bool told)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        return new CommitmentChange(c, [CommitmentChange.Event(context, c, CommitmentEventKinds.CustomerTold, told ? "yes" : "no")], [], saved =>
            OutboundMessage.Plain(
                told
                    ? $"Good — recorded that the customer knows about {saved.ShortId}'s new date."
                    : $"Recorded. Tell them soon: a slip the customer hears about late costs more than the slip. I'll nudge you before {TimeText.Format(saved.DueAt, context.Zone)}.",
                MessageKind.Reply));
    }

    /// <summary>Reads "Friday 3pm customer agreed" as a due and a reason: the longest leading words that read as a due.</summary>
    private static (DateTimeOffset Due, string? Why, string? Error) ResolveMove(CommandContext context, string phrase, string? why)
    {
        var whole = DueTimeParser.Parse(phrase, context.DueContext);
        if (whole.Success)
        {
            return (whole.Due, why, null);
        }

        if (why is null && whole.Error is DueError.Unrecognised)
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var take = Math.Min(words.Length - 1, 6); take >= 1; take--)
            {
                var attempt = DueTimeParser.Parse(string.Join(' ', words, 0, take), context.DueContext);
                if (attempt.Success)
                {
                    return (attempt.Due, string.Join(' ', words, take, words.Length - take), null);
                }

                if (attempt.Error is not DueError.Unrecognised)
                {
                    return (default, null, $"I couldn't use \"{CommandParser.Clip(string.Join(' ', words, 0, take), 60)}\" as the new due: {attempt.Message}. Nothing changed.");
                }
            }
        }

        return (default, null, $"I couldn't use \"{CommandParser.Clip(phrase, 60)}\" as the new due: {whole.Message}. Try {CommandParser.DueExamples}. Nothing changed.");
    }

    private Task<OutboundMessage> MoveToAsync(CommandContext context, int number, DateTimeOffset due, string? why, CancellationToken cancellationToken) =>
        ports.MutateAsync(context, number, (c, _, _) =>
        {
            if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            if (c.IsClosed)
            {
                return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be moved."));
            }

            if (due == c.DueAt)
            {
                return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already due then; nothing changed."));
            }

            return Moved(context, c, due, why);
        }, cancellationToken);

    private static CommitmentChange Moved(CommandContext context, Commitment c, DateTimeOffset due, string? why)
    {
        var beforeDue = context.Now < c.DueAt;
        var moved = c with
        {
            DueAt = due,
            DueVersion = c.DueVersion + 1, // a new due version: the ladder restarts under the current policy
            Status = CommitmentStatus.Renegotiated,
        };
        var note = $"from {c.DueAt:O} to {due:O}" + (beforeDue ? " (before due)" : " (after due)") + (why is null ? "" : ": " + CommandParser.Clip(why, 400));
        var events = new[] { CommitmentChange.Event(context, c, CommitmentEventKinds.Moved, note) };
        return new CommitmentChange(moved, events, [], saved =>
        {
            var section = new MessageSection(
                CommitmentMessages.Title(saved),
                saved.Text,
                [new MessageFact("New due", TimeText.FormatWithRelative(saved.DueAt, context.Zone, context.Now), saved.DueAt)],
                [
                    new MessageButton(ActionIds.For(ActionIds.CustomerTold, saved.ShortId), "Yes, they know", ButtonStyle.Primary),
                    new MessageButton(ActionIds.For(ActionIds.CustomerNotTold, saved.ShortId), "Not yet"),
                ],
                [],
                saved.ShortId);
            return new OutboundMessage(
                MessageKind.Reply,
                $"🔵 {saved.ShortId} moved to {TimeText.Format(saved.DueAt, context.Zone)}. A fresh set of nudges is set for the new date. Has the customer been told?",
                [section]);
        });
    }
}
