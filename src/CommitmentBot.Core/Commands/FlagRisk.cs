using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise risk</c> (with the manager's early warning when flagged before due) and the On track button.</summary>
internal static class FlagRisk
{
    public static CommitmentChange AtRisk(CommandContext context, Commitment c, Person owner, LadderContext ladder, string? why)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be at risk."));
        }

        if (c.Status == CommitmentStatus.AtRisk)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already flagged at risk. Update it with `/promise move {c.ShortId} to <when>` or close it."));
        }

        var beforeDue = context.Now < c.DueAt;
        var updated = c with
        {
            Status = CommitmentStatus.AtRisk,
            RiskFlaggedAt = context.Now,
            RiskRaisedBeforeDue = beforeDue,
            RepRespondedAt = context.Now,
        };
        var notifications = new List<NewNotification>();
        var managerTold = beforeDue && owner.ManagerId is not null;
        if (managerTold)
        {
            notifications.Add(EarlyWarning(context, c, owner.ManagerId!, ladder));
        }

        var events = new List<CommitmentEvent> { CommitmentChange.Event(context, c, CommitmentEventKinds.AtRisk, CommandParser.Clip(why, 500)) };
        if (managerTold)
        {
            // The early warning is the playbook's "alert my manager" step, done for the rep: record it so
            // later checklists keep it ticked.
            events.Add(CommitmentChange.Event(context, c, CommitmentEventKinds.Playbook, SlipPlaybook.Manager));
        }

        return new CommitmentChange(updated, events, notifications, saved =>
        {
            var headline = $"🟠 {saved.ShortId} flagged at risk. "
                + (managerTold
                    ? "Your manager has an early warning — flagged before due, it counts in your favour."
                    : owner.ManagerId is null
                        ? "You have no manager set, so nobody else was told."
                        : "It is already past due; use the playbook below to tell your manager.");
            var done = new HashSet<string>(StringComparer.Ordinal);
            if (managerTold)
            {
                done.Add(SlipPlaybook.Manager);
            }

            return new OutboundMessage(MessageKind.Playbook, headline, SlipPlaybook.Sections(saved, done, context.Me.Name, context.Zone, context.Now, owner.ManagerId is not null));
        });
    }

    /// <summary>The On track button: clears an at-risk flag (or just records the word).</summary>
    public static CommitmentChange OnTrack(CommandContext context, Commitment c)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}."));
        }

        var updated = c.Status == CommitmentStatus.AtRisk ? c with { Status = CommitmentStatus.Open, RiskFlaggedAt = null } : c;
        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.OnTrack)], [], saved =>
            OutboundMessage.Plain($"👍 Noted: {saved.ShortId} is on track. I'll check in when it's due ({CommitmentMessages.DueText(saved, context.Zone, context.Now)}).", MessageKind.Reply));
    }

    /// <summary>An early warning for the manager, delivered inside the manager's working hours.</summary>
    public static NewNotification EarlyWarning(CommandContext context, Commitment c, string managerId, LadderContext ladder)
    {
        var deliverAt = ladder.Manager is { } manager
            ? WorkingCalendar.NextWorkingInstant(context.Now, manager.Zone, manager.Hours)
            : context.Now;
        return new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.EarlyWarning, RecipientKind.User, managerId, context.Now, deliverAt);
    }
}
