using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// What a feature's decider wants done to one commitment: the row to save (null = nothing to save), what to
/// record with it, and the reply to give once it is saved. Deciders are pure; <see cref="CommandPorts.MutateAsync"/>
/// loads, saves and retries.
/// </summary>
internal sealed record CommitmentChange(
    Commitment? Updated,
    IReadOnlyList<CommitmentEvent> Events,
    IReadOnlyList<NewNotification> Notifications,
    Func<Commitment, OutboundMessage> Reply)
{
    public static CommitmentChange ReplyOnly(OutboundMessage reply) => new(null, [], [], _ => reply);

    /// <summary>Refuses a change to someone else's promise; null when the asker owns it.</summary>
    public static CommitmentChange? OwnerOnly(CommandContext context, Commitment c) =>
        c.OwnerId == context.Me.UserId || context.CoveringFor.Contains(c.OwnerId)
            ? null
            : ReplyOnly(OutboundMessage.Problem($"{c.ShortId} isn't yours; only its owner can change it."));

    /// <summary>A history event by the asker, now.</summary>
    public static CommitmentEvent Event(CommandContext context, Commitment c, string kind, string? note = null) =>
        new(c.WorkspaceId, c.Id, context.Now, context.Me.UserId, kind, note);
}

/// <summary>A pure decision about one commitment, given its owner and the owner's ladder calendars.</summary>
internal delegate CommitmentChange CommitmentDecider(Commitment current, Person owner, LadderContext ladder);
