using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// A rep's Snooze on a nudge: 1 hour, tomorrow morning or a picked time, with an optional short reason. The nudge comes back
/// then, quoting the reason; a snooze never moves the due, never passes it, and after the due never passes the ladder's next step.
/// </summary>
internal static class SnoozeNudge
{
    public static CommitmentChange Snooze(CommandContext context, Commitment c, LadderContext ladder, IReadOnlyDictionary<string, string> values)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Plain($"{c.ShortId} is already {c.Status.ToLabel()}; nothing to snooze."));
        }

        var reason = ButtonValues.Read(values, ActionIds.SnoozeWhyInput);
        if (reason is { Length: > CommitmentMessages.MaxSnoozeReason })
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"Keep the reason under {CommitmentMessages.MaxSnoozeReason} characters. Nothing changed."));
        }

        var (until, error) = ReadUntil(context, values);
        if (until is not { } at)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem(error!));
        }

        at = StoredTime.Ceiling(at);
        if (at <= context.Now)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem("That time has already passed. Nothing changed."));
        }

        if (context.Now < c.DueAt && at > c.DueAt)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem(
                $"A snooze can't pass the due ({CommitmentMessages.DueText(c, context.Zone, context.Now)}). Pick an earlier time, or use Need more time to move the due. Nothing changed."));
        }

        if (context.Now >= c.DueAt && EscalationLadder.Next(c with { RepSnoozedUntil = null }, ladder) is { } next
            && next.Kind is not (LadderStepKind.HeadsUp or LadderStepKind.Due or LadderStepKind.Overdue) && at >= next.At)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem(
                $"{c.ShortId} is past due, and a snooze can't hold back who hears next ({TimeText.FormatShort(next.At, context.Zone, context.Now)}). Pick an earlier time, or move the due. Nothing changed."));
        }

        var updated = c with { RepSnoozedUntil = at, SnoozeReason = reason };
        var note = $"nudge until {at:O}" + (reason is null ? "" : ": " + reason);
        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.Snoozed, note)], [], saved =>
            OutboundMessage.Plain(
                $"Snoozed: I'll nudge you about {saved.ShortId} again {TimeText.Format(at, context.Zone, context.Now)}"
                    + (reason is null ? "." : $", with your note “{reason}”.")
                    + " The due stays " + CommitmentMessages.DueText(saved, context.Zone, context.Now) + ".",
                MessageKind.Reply));
    }

    private static (DateTimeOffset? Until, string? Error) ReadUntil(CommandContext context, IReadOnlyDictionary<string, string> values)
    {
        if (ButtonValues.Read(values, ActionIds.SnoozeAtInput) is { } phrase)
        {
            if (phrase.Length > 60)
            {
                return (null, "That time is too long to read. Nothing changed.");
            }

            var read = DueTimeParser.Parse(phrase, context.DueContext);
            return read.Success ? (read.Due, null) : (null, DueReplies.Problem(phrase, read, "the snooze", "Nothing changed."));
        }

        switch (ButtonValues.Read(values, ActionIds.SnoozeForInput) ?? CommitmentMessages.SnoozeHour)
        {
            case CommitmentMessages.SnoozeHour:
                return (context.Now.AddHours(1), null);
            case CommitmentMessages.SnoozeTomorrow:
            {
                // Tomorrow morning: the start of the next working window after today.
                var tomorrow = Instant.FromDateTimeOffset(context.Now).InZone(context.Zone).Date.PlusDays(1);
                var midnight = ZoneMath.At(context.Zone, tomorrow, LocalTime.Midnight).ToDateTimeOffset();
                return (WorkingCalendar.NextWorkingInstant(midnight, context.Zone, context.Me.EffectiveWorkingHours), null);
            }

            default:
                return (null, "Snooze for 1 hour, until tomorrow morning, or say until when (e.g. 3pm). Nothing changed.");
        }
    }
}
