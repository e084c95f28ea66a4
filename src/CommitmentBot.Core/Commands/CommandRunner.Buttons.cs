using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

public sealed partial class CommandRunner
{
    private async Task<OutboundMessage> ClickAsync(RequestContext context, ChatAction action, CancellationToken cancellationToken)
    {
        if (!ActionIds.TryParse(action.ActionId, out var verb, out var shortId) || !ShortId.TryParse(shortId, out var number))
        {
            return OutboundMessage.Problem("That button is not one I know; nothing changed.");
        }

        var values = action.Values;
        switch (verb)
        {
            case ActionIds.Done:
                return await ChangeAsync(context, ChangeKind.Done, number, null, cancellationToken);
            case ActionIds.Missed:
                return await ChangeAsync(context, ChangeKind.Missed, number, Value(values, ActionIds.NoteInput), cancellationToken);
            case ActionIds.AtRisk:
                return await ChangeAsync(context, ChangeKind.Risk, number, Value(values, ActionIds.NoteInput), cancellationToken);
            case ActionIds.MoreTime:
            case ActionIds.PlaybookPrefix + SlipPlaybook.NewDate:
                return await MoreTimeAsync(context, number, values, cancellationToken);
            case ActionIds.OnTrack:
                return await MutateAsync(context, number, (c, _, _) => OnTrack(context, c), cancellationToken);
            case ActionIds.Acknowledge:
                return await MutateAsync(context, number, (c, owner, _) => Acknowledge(context, c, owner), cancellationToken);
            case ActionIds.Snooze:
                return await MutateAsync(context, number, (c, owner, _) => Snooze(context, c, owner), cancellationToken);
            case ActionIds.Undo:
                return await MutateAsync(context, number, (c, _, _) => Undo(context, c), cancellationToken);
            case ActionIds.Edit:
                return await EditAsync(context, number, values, cancellationToken);
            case ActionIds.CustomerTold:
            case ActionIds.CustomerNotTold:
                return await MutateAsync(context, number, (c, _, _) => CustomerTold(context, c, verb == ActionIds.CustomerTold), cancellationToken);
            default:
                if (verb.StartsWith(ActionIds.PlaybookPrefix, StringComparison.Ordinal) && SlipPlaybook.Find(verb[ActionIds.PlaybookPrefix.Length..]) is { } step)
                {
                    return await PlaybookAsync(context, number, step, values, cancellationToken);
                }

                return OutboundMessage.Problem("That button is not one I know; nothing changed.");
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>
    /// Reads a new due from the words typed in the form ("next Tuesday 3pm ET": any due phrase), or else from the
    /// date/time pickers; the error says why it could not be used and ends "Nothing changed.".
    /// </summary>
    private static (NewDue? Due, string? Error) ReadDue(RequestContext context, IReadOnlyDictionary<string, string> values)
    {
        var date = Value(values, ActionIds.DateInput);
        var time = Value(values, ActionIds.TimeInput);
        var phrase = Value(values, ActionIds.WhenInput) ?? (date is null ? null : time is null ? date : date + " " + time);
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

    private async Task<OutboundMessage> MoreTimeAsync(RequestContext context, int number, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            // No inputs submitted (a platform without forms): ask for the date.
            var c = await commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
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
            : await MoveToAsync(context, number, due, Value(values, ActionIds.NoteInput), cancellationToken);
    }

    private static Change OnTrack(RequestContext context, Commitment c)
    {
        if (OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}."));
        }

        var updated = c.Status == CommitmentStatus.AtRisk ? c with { Status = CommitmentStatus.Open, RiskFlaggedAt = null } : c;
        return new Change(updated, [Event(context, c, CommitmentEventKinds.OnTrack)], [], saved =>
            OutboundMessage.Plain($"👍 Noted: {saved.ShortId} is on track. I'll check in when it's due ({CommitmentMessages.DueText(saved, context.Zone, context.Now)}).", MessageKind.Reply));
    }

    private static bool MaySupervise(RequestContext context, Person owner) =>
        owner.ManagerId == context.Me.UserId || context.Me.IsAdmin;

    private static Change Acknowledge(RequestContext context, Commitment c, Person owner)
    {
        if (!MaySupervise(context, owner))
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"Only {owner.Name}'s manager or an admin can take {c.ShortId} on."));
        }

        if (c.IsClosed)
        {
            return Change.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} is already {c.Status.ToLabel()}; nothing to handle."));
        }

        if (c.ManagerAcknowledgedAt is not null)
        {
            return Change.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} is already being handled."));
        }

        var updated = c with { ManagerAcknowledgedAt = context.Now, SnoozedUntil = null };
        return new Change(updated, [Event(context, c, CommitmentEventKinds.ManagerAcknowledged)], [], saved =>
            OutboundMessage.Plain($"Thanks — you're handling {saved.ShortId} with {owner.Name}. The escalation channel won't be told.", MessageKind.Reply));
    }

    private static Change Snooze(RequestContext context, Commitment c, Person owner)
    {
        if (owner.ManagerId != context.Me.UserId && !context.Me.IsAdmin)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"Only {owner.Name}'s manager can snooze {c.ShortId}."));
        }

        if (c.IsClosed || c.ManagerAcknowledgedAt is not null)
        {
            return Change.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} needs no snooze: it is {(c.IsClosed ? c.Status.ToLabel() : "being handled")}."));
        }

        if (c.LastStep != LadderStepKind.Manager || c.SnoozedUntil is not null)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} can be snoozed once, after you have been told of it."));
        }

        var me = context.Me;
        var until = WorkingCalendar.AddWorkingDays(context.Now, c.Policy.SnoozeWorkingDays, context.Zone, me.EffectiveWorkingHours);
        var updated = c with { SnoozedUntil = until };
        return new Change(updated, [Event(context, c, CommitmentEventKinds.Snoozed, $"until {until:O}")], [], saved =>
            OutboundMessage.Plain($"Snoozed: I'll remind you of {saved.ShortId} {TimeText.Format(until, context.Zone, context.Now)}. The channel hears only if it's still unhandled after that.", MessageKind.Reply));
    }

    private static Change Undo(RequestContext context, Commitment c)
    {
        if (OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; nothing to undo."));
        }

        var updated = c with { Status = CommitmentStatus.Cancelled, ClosedAt = context.Now, NextStep = null, NextActionAt = null };
        return new Change(updated, [Event(context, c, CommitmentEventKinds.Undone)], [], saved =>
            OutboundMessage.Plain($"Undone: {saved.ShortId} is withdrawn and won't count.", MessageKind.Reply));
    }

    private static Change CustomerTold(RequestContext context, Commitment c, bool told)
    {
        if (OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        return new Change(c, [Event(context, c, CommitmentEventKinds.CustomerTold, told ? "yes" : "no")], [], saved =>
            OutboundMessage.Plain(
                told
                    ? $"Good — recorded that the customer knows about {saved.ShortId}'s new date."
                    : $"Recorded. Tell them soon: a slip the customer hears about late costs more than the slip. I'll nudge you before {CommitmentMessages.DueText(saved, context.Zone, context.Now)}.",
                MessageKind.Reply));
    }

    private async Task<OutboundMessage> EditAsync(RequestContext context, int number, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var text = Value(values, ActionIds.TextInput);
        var customer = values.ContainsKey(ActionIds.CustomerInput) ? Value(values, ActionIds.CustomerInput) ?? "" : null;
        NewDue? due = null;
        if (Value(values, ActionIds.DateInput) is not null || Value(values, ActionIds.WhenInput) is not null)
        {
            var (read, error) = ReadDue(context, values);
            if (read is null)
            {
                return OutboundMessage.Problem(error!);
            }

            due = read;
        }

        if (text is null && customer is null && due is null)
        {
            var c = await commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
            if (c is null || c.OwnerId != context.Me.UserId)
            {
                return OutboundMessage.Problem($"I can't find {ShortId.Format(number)} among your promises.");
            }

            var form = CommitmentMessages.Created(c, [], context.Zone, context.Now, null, null).Sections[0];
            return new OutboundMessage(MessageKind.Reply, $"Edit {c.ShortId}: change what you need and press Edit.", [form with { Buttons = [form.Buttons[0]] }]);
        }

        if (text is { Length: > CommandParser.MaxWhatLength })
        {
            return OutboundMessage.Problem($"Keep the promise under {CommandParser.MaxWhatLength} characters. Nothing changed.");
        }

        if (customer is { Length: > CommandParser.MaxCustomerLength })
        {
            return OutboundMessage.Problem($"Keep the customer under {CommandParser.MaxCustomerLength} characters. Nothing changed.");
        }

        return await MutateAsync(context, number, (c, _, _) =>
        {
            if (OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            if (c.IsClosed)
            {
                return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be edited."));
            }

            var updated = c with
            {
                Text = text ?? c.Text,
                Customer = customer is null ? c.Customer : customer.Length == 0 ? null : customer,
            };
            var changes = new List<string>();
            if (updated.Text != c.Text)
            {
                changes.Add("text");
            }

            if (updated.Customer != c.Customer)
            {
                changes.Add("customer");
            }

            if (due is not null && (due.At != c.DueAt || (due.Reading.Zone is { } named && named.Id != c.DueZone)))
            {
                // Correcting the due is not a renegotiation: the status stays, the ladder restarts for the new date.
                updated = updated with { DueAt = due.At, DueZone = due.Reading.Zone?.Id ?? c.DueZone, DueVersion = c.DueVersion + 1 };
                changes.Add("due");
            }

            if (changes.Count == 0)
            {
                return Change.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} already reads like that; nothing changed."));
            }

            return new Change(updated, [Event(context, c, CommitmentEventKinds.Edited, string.Join(", ", changes))], [], saved =>
                new OutboundMessage(
                    MessageKind.Reply,
                    $"Updated {saved.ShortId} ({string.Join(", ", changes)}).",
                    [CommitmentMessages.Section(saved, context.Zone, context.Now, CommitmentMessages.RepButtons(saved), CommitmentMessages.NewDateInputs(saved, context.Zone))]));
        }, cancellationToken);
    }

    private async Task<OutboundMessage> PlaybookAsync(RequestContext context, int number, PlaybookStep step, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var note = Value(values, ActionIds.NoteInput);
        if (step.Key == SlipPlaybook.MakeRight && note is null)
        {
            return OutboundMessage.Problem("Write what you offered the customer, then press the button again.");
        }

        var reply = await MutateAsync(context, number, (c, owner, ladder) =>
        {
            if (OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            var notifications = new List<NewNotification>();
            string headline;
            if (step.Key == SlipPlaybook.Manager)
            {
                if (owner.ManagerId is null)
                {
                    return Change.ReplyOnly(OutboundMessage.Problem("You have no manager set. Set one with `/promise settings manager @name`, then press again."));
                }

                notifications.Add(EarlyWarning(context, c, owner.ManagerId, ladder));
                headline = $"Your manager is told about {c.ShortId} now. Good call: no surprises.";
            }
            else
            {
                headline = step.Key switch
                {
                    SlipPlaybook.Own => "Owned. Next: tell your manager, then the customer.",
                    SlipPlaybook.Customer => "Recorded that the customer is told.",
                    SlipPlaybook.MakeRight => "Recorded what you offered. That's how trust comes back.",
                    _ => $"Recorded: {step.Label.ToLowerInvariant()}.",
                };
            }

            var recorded = note is null ? step.Key : step.Key + ": " + Clip(note, 300);

            // Telling the manager is the rep's word: the ladder must not then tell her "no word from the rep".
            var updated = step.Key == SlipPlaybook.Manager ? c with { RepRespondedAt = c.RepRespondedAt ?? context.Now } : c;
            return new Change(updated, [Event(context, c, CommitmentEventKinds.Playbook, recorded)], notifications, saved =>
                new OutboundMessage(MessageKind.Playbook, headline, []));
        }, cancellationToken);

        if (reply.Kind == MessageKind.Error)
        {
            return reply;
        }

        // Show the checklist again, with this step ticked.
        var current = await commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
        if (current is null)
        {
            return reply;
        }

        var done = SlipPlaybook.DoneSteps(await commitments.HistoryAsync(context.WorkspaceId, current.Id, cancellationToken));
        return reply with { Sections = SlipPlaybook.Sections(current, done, Mention(context.Me), context.Zone, context.Now) };
    }
}
