using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Core.Commands;

/// <summary>The Edit button: shows the form, then corrects the text, customer or due (a correction, not a renegotiation).</summary>
internal sealed class EditPromise(CommandPorts ports)
{
    public async Task<OutboundMessage> EditAsync(CommandContext context, int number, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var text = ButtonValues.Read(values, ActionIds.TextInput);
        var customer = values.ContainsKey(ActionIds.CustomerInput) ? ButtonValues.Read(values, ActionIds.CustomerInput) ?? "" : null;
        NewDue? due = null;
        if (ButtonValues.Read(values, ActionIds.DateInput) is not null || ButtonValues.Read(values, ActionIds.WhenInput) is not null)
        {
            var (read, error) = MovePromise.ReadDue(context, values);
            if (read is null)
            {
                return OutboundMessage.Problem(error!);
            }

            due = read;
        }

        if (text is null && customer is null && due is null)
        {
            var c = await ports.Commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
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

        return await ports.MutateAsync(context, number, (c, _, _) => Edited(context, c, text, customer, due), cancellationToken);
    }

    private static CommitmentChange Edited(CommandContext context, Commitment c, string? text, string? customer, NewDue? due)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be edited."));
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
            updated = updated with
            {
                DueAt = due.At,
                DueZone = due.Reading.Zone?.Id ?? c.DueZone,
                DueVersion = c.DueVersion + 1,

                // Before any move, a corrected due is what was promised: the record measures against it.
                FirstDueAt = c.MoveCount == 0 ? due.At : c.FirstDueAt,
            };
            changes.Add("due");
        }

        if (changes.Count == 0)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} already reads like that; nothing changed."));
        }

        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.Edited, string.Join(", ", changes))], [], saved =>
            new OutboundMessage(
                MessageKind.Reply,
                $"Updated {saved.ShortId} ({string.Join(", ", changes)}).",
                [CommitmentMessages.Section(saved, context.Zone, context.Now, CommitmentMessages.RepButtons(saved), CommitmentMessages.NewDateInputs(saved, context.Zone))]));
    }
}
