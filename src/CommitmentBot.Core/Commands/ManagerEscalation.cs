using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>What a manager (or an admin) does with an escalation: take it on (Acknowledge) or snooze it once.</summary>
internal static class ManagerEscalation
{
    public static CommitmentChange Acknowledge(CommandContext context, Commitment c, Person owner)
    {
        if (!ActsForManager(context, owner) && !context.CoveringFor.Contains(owner.UserId))
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"Only {owner.Name}'s manager or an admin can take {c.ShortId} on."));
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} is already {c.Status.ToLabel()}; nothing to handle."));
        }

        if (c.ManagerAcknowledgedAt is not null)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} is already being handled."));
        }

        var updated = c with { ManagerAcknowledgedAt = context.Now, SnoozedUntil = null };
        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.ManagerAcknowledged)], [], saved =>
            OutboundMessage.Plain($"Thanks — you're handling {saved.ShortId} with {owner.Name}. The escalation channel won't be told.", MessageKind.Reply));
    }

    /// <summary>The manager, whoever covers for the away manager, or an admin.</summary>
    private static bool ActsForManager(CommandContext context, Person owner) =>
        owner.ManagerId == context.Me.UserId || context.Me.IsAdmin || (owner.ManagerId is { } m && context.CoveringFor.Contains(m));

    public static CommitmentChange Snooze(CommandContext context, Commitment c, Person owner, IReadOnlyDictionary<string, string>? values = null)
    {
        if (!ActsForManager(context, owner))
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"Only {owner.Name}'s manager can snooze {c.ShortId}."));
        }

        if (c.IsClosed || c.ManagerAcknowledgedAt is not null)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} needs no snooze: it is {(c.IsClosed ? c.Status.ToLabel() : "being handled")}."));
        }

        if (c.LastStep != LadderStepKind.Manager || c.SnoozedUntil is not null)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} can be snoozed once, after you have been told of it."));
        }

        var reason = ButtonValues.Read(values, ActionIds.SnoozeWhyInput);
        if (reason is { Length: > CommitmentMessages.MaxSnoozeReason })
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"Keep the reason under {CommitmentMessages.MaxSnoozeReason} characters. Nothing changed."));
        }

        var until = WorkingCalendar.AddWorkingDays(context.Now, c.Policy.SnoozeWorkingDays, context.Zone, context.Me.EffectiveWorkingHours);
        var updated = c with { SnoozedUntil = until, SnoozeReason = reason };
        var note = $"until {until:O}" + (reason is null ? "" : ": " + reason);
        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.Snoozed, note)], [], saved =>
            OutboundMessage.Plain($"Snoozed: I'll remind you of {saved.ShortId} {TimeText.Format(until, context.Zone, context.Now)}"
                + (reason is null ? "" : $", with your note “{reason}”") + ". The channel hears only if it's still unhandled after that.", MessageKind.Reply));
    }
}
