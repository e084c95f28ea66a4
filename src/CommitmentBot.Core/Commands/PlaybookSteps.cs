using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Commands;

/// <summary>A step of the slip playbook pressed: recorded (the manager step also tells the manager), then the checklist again.</summary>
internal sealed class PlaybookSteps(CommandPorts ports)
{
    public async Task<OutboundMessage> PressAsync(CommandContext context, int number, PlaybookStep step, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var note = ButtonValues.Read(values, ActionIds.NoteInput);
        if (step.Key == SlipPlaybook.MakeRight && note is null)
        {
            return OutboundMessage.Problem("Write what you offered the customer, then press the button again.");
        }

        var reply = await ports.MutateAsync(context, number, (c, owner, ladder) =>
        {
            if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            var notifications = new List<NewNotification>();
            string headline;
            if (step.Key == SlipPlaybook.Manager)
            {
                if (owner.ManagerId is null)
                {
                    return CommitmentChange.ReplyOnly(OutboundMessage.Problem("You have no manager set. Set one with `/promise settings manager @name`, then press again."));
                }

                notifications.Add(FlagRisk.EarlyWarning(context, c, owner.ManagerId, ladder));
                headline = $"Your manager is told about {c.ShortId} now. Good call: no surprises.";
            }
            else
            {
                headline = step.Key switch
                {
                    SlipPlaybook.Own => owner.ManagerId is null ? "Owned. Next: tell the customer." : "Owned. Next: tell your manager, then the customer.",
                    SlipPlaybook.Customer => "Recorded that the customer is told.",
                    SlipPlaybook.MakeRight => "Recorded what you offered. That's how trust comes back.",
                    _ => $"Recorded: {step.Label.ToLowerInvariant()}.",
                };
            }

            var recorded = note is null ? step.Key : step.Key + ": " + CommandParser.Clip(note, 300);

            // Telling the manager is the rep's word: the ladder must not then tell her "no word from the rep".
            var updated = step.Key == SlipPlaybook.Manager ? c with { RepRespondedAt = c.RepRespondedAt ?? context.Now } : c;
            return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.Playbook, recorded)], notifications, saved =>
                new OutboundMessage(MessageKind.Playbook, headline, []));
        }, cancellationToken);

        if (reply.Kind == MessageKind.Error)
        {
            return reply;
        }

        // The checklist takes the place of the one whose button was pressed, with this step ticked: the promise
        // (and its buttons while it is open) first, so the updated message still answers "delivered?".
        var current = await ports.Commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
        if (current is null)
        {
            return reply;
        }

        var done = SlipPlaybook.DoneSteps(await ports.Commitments.HistoryAsync(context.WorkspaceId, current.Id, cancellationToken));
        var sections = new List<MessageSection>();
        if (!current.IsClosed)
        {
            sections.Add(CommitmentMessages.Section(current, context.Zone, context.Now, context.Now >= current.DueAt ? CommitmentMessages.DueButtons(current) : CommitmentMessages.RepButtons(current), CommitmentMessages.NewDateInputs(current, context.Zone)));
        }

        sections.AddRange(SlipPlaybook.Sections(current, done, context.Me.Name, context.Zone, context.Now, context.Me.ManagerId is not null));
        return reply with { Sections = sections, UpdatesOriginal = true };
    }
}
