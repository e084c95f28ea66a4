using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Playbook;
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
        // The parser has split the due from the reason: the longest leading words that read as a due.
        var due = DueTimeParser.Parse(command.DuePhrase, context.DueContext);
        if (!due.Success)
        {
            return OutboundMessage.Problem(DueReplies.Problem(command.DuePhrase, due, "the new due", "Nothing changed."));
        }

        return await MoveToAsync(context, command.Number, new NewDue(due, command.DuePhrase), command.Why, cancellationToken);
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
                [new MessageButton(ActionIds.For(ActionIds.MoreTime, c.ShortId), "Move it", ButtonStyle.Primary, CommitmentMessages.NewDateInputIds)],
                CommitmentMessages.NewDateInputs(c, context.Zone),
                c.ShortId);
            return new OutboundMessage(MessageKind.Reply, $"Need more time on {c.ShortId}?", [section]);
        }

        var (due, error) = ReadDue(context, values);
        return due is null
            ? OutboundMessage.Problem(error!)
            : await MoveToAsync(context, number, due, ButtonValues.Read(values, ActionIds.NoteInput), cancellationToken);
    }

    /// <summary>
    /// Reads a new due from the words typed in the form ("next Tuesday 3pm ET": any due phrase), or else from the
    /// date/time pickers; the error says why it could not be used and ends "Nothing changed.".
    /// </summary>
    public static (NewDue? Due, string? Error) ReadDue(CommandContext context, IReadOnlyDictionary<string, string> values)
    {
        var date = ButtonValues.Read(values, ActionIds.DateInput);
        var time = ButtonValues.Read(values, ActionIds.TimeInput);
        var phrase = ButtonValues.Read(values, ActionIds.WhenInput) ?? (date is null ? null : time is null ? date : date + " " + time);
        if (phrase is null)
        {
            return (null, "Pick the new date (and time if it matters). Nothing changed.");
        }

        if (phrase.Length > 100)
        {
            return (null, "That date is too long to read. Nothing changed.");
        }

        var due = DueTimeParser.Parse(phrase, context.DueContext);
        return due.Success ? (new NewDue(due, phrase), null) : (null, DueReplies.Problem(phrase, due, "the new due", "Nothing changed."));
    }

    /// <summary>The answer to "has the customer been told?" after a move.</summary>
    public static CommitmentChange CustomerTold(CommandContext context, Commitment c, bool told)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        // Each move's answer counts once (a second "yes" for the same move changes nothing; a "no" after a "yes" takes it back).
        var answered = c;
        if (told && c.MoveCount > 0 && c.ToldVersion != c.DueVersion)
        {
            answered = c with { MovesTold = c.MovesTold + 1, ToldVersion = c.DueVersion };
        }
        else if (!told && c.ToldVersion == c.DueVersion && c.MovesTold > 0)
        {
            answered = c with { MovesTold = c.MovesTold - 1, ToldVersion = 0 };
        }

        return new CommitmentChange(answered, [CommitmentChange.Event(context, c, CommitmentEventKinds.CustomerTold, told ? "yes" : "no")], [], saved =>
            OutboundMessage.Plain(
                told
                    ? $"Good — recorded that the customer knows about {saved.ShortId}'s new date."
                    : $"Recorded. Tell them soon: a slip the customer hears about late costs more than the slip. I'll nudge you before {CommitmentMessages.DueText(saved, context.Zone, context.Now)}.",
                MessageKind.Reply));
    }

    private async Task<OutboundMessage> MoveToAsync(CommandContext context, int number, NewDue due, string? why, CancellationToken cancellationToken)
    {
        // Once the rep recorded that the customer is told (the playbook's step, or "Yes, they know"), a move does not ask again.
        var found = await ports.Commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
        var customerTold = found is not null
            && SlipPlaybook.DoneSteps(await ports.Commitments.HistoryAsync(context.WorkspaceId, found.Id, cancellationToken)).Contains(SlipPlaybook.Customer);
        return await ports.MutateAsync(context, number, (c, _, _) =>
        {
            if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            if (c.IsClosed)
            {
                return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be moved."));
            }

            if (due.At == c.DueAt)
            {
                return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already due then; nothing changed."));
            }

            return Moved(context, c, due, why, customerTold);
        }, cancellationToken);
    }

    private static CommitmentChange Moved(CommandContext context, Commitment c, NewDue due, string? why, bool customerTold)
    {
        var beforeDue = context.Now < c.DueAt;
        var moved = c with
        {
            DueAt = due.At,

            // A new due that names no zone keeps the customer's zone the promise already had.
            DueZone = due.Reading.Zone?.Id ?? c.DueZone,
            DueVersion = c.DueVersion + 1, // a new due version: the ladder restarts under the current policy
            Status = CommitmentStatus.Renegotiated,
            FirstDueAt = c.FirstDue,
            MoveCount = c.MoveCount + 1,
            MovedLate = c.MovedLate || !beforeDue,
        };
        var note = $"from {c.DueAt:O} to {due.At:O}" + (beforeDue ? " (before due)" : " (after due)") + (why is null ? "" : ": " + CommandParser.Clip(why, 400));
        var events = new[] { CommitmentChange.Event(context, c, CommitmentEventKinds.Moved, note) };
        return new CommitmentChange(moved, events, [], saved =>
        {
            var dueText = CommitmentMessages.DueText(saved, context.Zone, context.Now);
            var nextYear = DueReplies.NextYearNote(due.Phrase, due.Reading, dueText);
            var section = new MessageSection(
                CommitmentMessages.Title(saved),
                saved.Text + (nextYear is null ? "" : "\n📅 " + nextYear) + (why is null ? "" : "\nWhy: " + why),
                [CommitmentMessages.DueFact(saved, context.Zone, context.Now, "New due")],
                customerTold
                    ? []
                    : [
                        new MessageButton(ActionIds.For(ActionIds.CustomerTold, saved.ShortId), "Yes, they know", ButtonStyle.Primary),
                        new MessageButton(ActionIds.For(ActionIds.CustomerNotTold, saved.ShortId), "Not yet"),
                    ],
                [],
                saved.ShortId);
            return new OutboundMessage(
                MessageKind.Reply,
                $"🔵 {saved.ShortId} moved to {dueText}. A fresh set of nudges is set for the new date. "
                    + (customerTold ? "The customer has been told, as you recorded." : "Has the customer been told?"),
                [section]);
        });
    }
}

/// <summary>A new due as read: the instant, the zone it named (if any), and the phrase for notes.</summary>
/// <param name="Reading">What the parser made of the phrase.</param>
/// <param name="Phrase">The phrase as typed.</param>
internal sealed record NewDue(DueParseResult Reading, string Phrase)
{
    /// <summary>The new due instant.</summary>
    public DateTimeOffset At => Reading.Due;
}
