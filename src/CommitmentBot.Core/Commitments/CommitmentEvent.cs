namespace CommitmentBot.Core.Commitments;

/// <summary>One line of a commitment's append-only history.</summary>
/// <param name="WorkspaceId">The commitment's workspace.</param>
/// <param name="CommitmentId">The commitment's storage key (filled in by the store on creation).</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="ActorId">Who did it (a user id, or <c>bot</c> for the clock).</param>
/// <param name="Kind">What happened; see <see cref="CommitmentEventKinds"/>.</param>
/// <param name="Note">The reason or detail a person typed or the bot recorded, if any.</param>
public sealed record CommitmentEvent(
    string WorkspaceId,
    long CommitmentId,
    DateTimeOffset At,
    string ActorId,
    string Kind,
    string? Note = null)
{
    /// <summary>Storage key (0 until stored).</summary>
    public long Id { get; init; }
}

/// <summary>The event kinds the history records.</summary>
public static class CommitmentEventKinds
{
    /// <summary>The actor id used for what the bot itself does.</summary>
    public const string Bot = "bot";

    public const string Created = "created";
    public const string Edited = "edited";
    public const string Undone = "undone";
    public const string OnTrack = "on_track";
    public const string AtRisk = "at_risk";
    public const string Moved = "moved";
    public const string CustomerTold = "customer_told";
    public const string Kept = "kept";
    public const string KeptLate = "kept_late";
    public const string Missed = "missed";
    public const string Cancelled = "cancelled";
    public const string StepSent = "step";
    public const string StepSkipped = "step_skipped";
    public const string ManagerAcknowledged = "manager_ack";
    public const string Snoozed = "snoozed";
    public const string Playbook = "playbook";
}
