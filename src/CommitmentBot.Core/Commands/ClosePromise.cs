using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>Closing a promise: <c>done</c> (kept, or kept late past due), <c>missed</c>, <c>cancel</c>, and the Undo button.</summary>
internal static class ClosePromise
{
    public static CommitmentChange Close(CommandContext context, Commitment c, CommitmentStatus status, string? why)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; nothing changed."));
        }

        var updated = c with { Status = status, ClosedAt = context.Now, NextStep = null, NextActionAt = null, RepRespondedAt = context.Now };
        var kind = status switch
        {
            CommitmentStatus.Kept => CommitmentEventKinds.Kept,
            CommitmentStatus.KeptLate => CommitmentEventKinds.KeptLate,
            CommitmentStatus.Missed => CommitmentEventKinds.Missed,
            _ => CommitmentEventKinds.Cancelled,
        };
        var events = new[] { CommitmentChange.Event(context, c, kind, CommandParser.Clip(why, 500)) };
        return new CommitmentChange(updated, events, [], saved => status switch
        {
            CommitmentStatus.Kept => OutboundMessage.Plain($"✅ {saved.ShortId} kept, on time. Nice work — that's how a delivery record is built.", MessageKind.Reply),
            CommitmentStatus.KeptLate => OutboundMessage.Plain($"☑️ {saved.ShortId} delivered, {TimeText.Duration(context.Now - saved.DueAt)} late. Recorded as kept late. If the customer felt it, consider making it right.", MessageKind.Reply),
            CommitmentStatus.Missed => new OutboundMessage(
                MessageKind.Playbook,
                $"{saved.ShortId} closed as missed. Own it, and make it right with the customer:",
                SlipPlaybook.Sections(saved, new HashSet<string>(), context.Me.Name, context.Zone, context.Now, context.Me.ManagerId is not null)),
            _ => OutboundMessage.Plain($"{saved.ShortId} cancelled. It won't count either way.", MessageKind.Reply),
        });
    }

    /// <summary>The Undo button on a fresh promise: withdraws it so it never counts.</summary>
    public static CommitmentChange Undo(CommandContext context, Commitment c)
    {
        if (CommitmentChange.OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return CommitmentChange.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; nothing to undo."));
        }

        var updated = c with { Status = CommitmentStatus.Cancelled, ClosedAt = context.Now, NextStep = null, NextActionAt = null };
        return new CommitmentChange(updated, [CommitmentChange.Event(context, c, CommitmentEventKinds.Undone)], [], saved =>
            OutboundMessage.Plain($"Undone: {saved.ShortId} is withdrawn and won't count.", MessageKind.Reply));
    }
}
