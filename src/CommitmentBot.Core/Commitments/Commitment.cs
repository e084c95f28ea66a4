using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Core.Commitments;

/// <summary>
/// A promise a rep made to a customer. Instants are UTC; the store keeps the row and its
/// append-only history (<see cref="CommitmentEvent"/>). Changes are made with <c>with</c> and saved
/// with the <see cref="Version"/> read, so two concurrent changes never both win.
/// </summary>
public sealed record Commitment
{
    /// <summary>Storage key (0 until stored).</summary>
    public long Id { get; init; }

    /// <summary>The Slack team, Teams tenant or sandbox the commitment lives in.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The per-workspace number behind the short id <c>P-n</c> (0 until stored).</summary>
    public int Number { get; init; }

    /// <summary>What was promised.</summary>
    public required string Text { get; init; }

    /// <summary>The customer (account) it was promised to, if named.</summary>
    public string? Customer { get; init; }

    /// <summary>The due instant (UTC).</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>
    /// The zone the due was given in when it named one ("Friday 3pm CET": the customer's zone, how the deal is
    /// run), as an IANA id or fixed offset (<c>UTC+05:30</c>); every message shows the due in it too. Null when none.
    /// </summary>
    public string? DueZone { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The rep who owns it.</summary>
    public required string OwnerId { get; init; }

    /// <summary>Who typed it (usually the owner).</summary>
    public required string CreatedById { get; init; }

    /// <summary>Where it stands.</summary>
    public CommitmentStatus Status { get; init; } = CommitmentStatus.Open;

    /// <summary>Bumped on every move; ladder steps are sent at most once per due version.</summary>
    public int DueVersion { get; init; } = 1;

    /// <summary>Start of the current promise window (creation, or the last move).</summary>
    public required DateTimeOffset WindowStart { get; init; }

    /// <summary>The policy this commitment's ladder runs under (frozen at creation and at each move).</summary>
    public EscalationPolicy Policy { get; init; } = EscalationPolicy.Default;

    /// <summary>The next ladder step, or null when the ladder has stopped.</summary>
    public LadderStepKind? NextStep { get; init; }

    /// <summary>When <see cref="NextStep"/> falls due (UTC), or null.</summary>
    public DateTimeOffset? NextActionAt { get; init; }

    /// <summary>Last ladder step recorded for the current due version.</summary>
    public LadderStepKind? LastStep { get; init; }

    /// <summary>When the manager step was recorded for the current due version.</summary>
    public DateTimeOffset? ManagerNotifiedAt { get; init; }

    /// <summary>Until when a manager snoozed the escalation (the manager is reminded then), or null.</summary>
    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>Until when the rep snoozed their nudge (it comes back then, never after the due or the next step), or null.</summary>
    public DateTimeOffset? RepSnoozedUntil { get; init; }

    /// <summary>The reason given with the last snooze (the rep's or the manager's), quoted when the nudge comes back.</summary>
    public string? SnoozeReason { get; init; }

    /// <summary>When the rep last acted for the current due version (stops the ladder).</summary>
    public DateTimeOffset? RepRespondedAt { get; init; }

    /// <summary>When a manager acknowledged (stops the channel step).</summary>
    public DateTimeOffset? ManagerAcknowledgedAt { get; init; }

    /// <summary>When the rep flagged the risk, if at risk.</summary>
    public DateTimeOffset? RiskFlaggedAt { get; init; }

    /// <summary>True when the last risk flag came before the due instant (counts in the rep's favour).</summary>
    public bool RiskRaisedBeforeDue { get; init; }

    /// <summary>When it closed (kept, kept late, missed, cancelled).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The client's request id that created it; a retry with the same id returns this row.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>
    /// A link back to the chat message the promise was captured from ("Track as a promise", a noticed promise), shown
    /// in every later message about it; null when it was typed as a command.
    /// </summary>
    public string? SourceLink { get; init; }

    /// <summary>Optimistic-concurrency version, bumped by the store on every update.</summary>
    public int Version { get; init; }

    /// <summary>The due first promised (UTC); null on rows stored before it was kept, read as <see cref="DueAt"/>.</summary>
    public DateTimeOffset? FirstDueAt { get; init; }

    /// <summary>How many times the due was moved (renegotiated); corrections by edit are not moves.</summary>
    public int MoveCount { get; init; }

    /// <summary>True when some move was made at or after the due then in force.</summary>
    public bool MovedLate { get; init; }

    /// <summary>How many moves the rep answered "yes" to "have you told the customer?".</summary>
    public int MovesTold { get; init; }

    /// <summary>The due version whose move was last answered "yes, they know" (0 when none), so one move counts once.</summary>
    public int ToldVersion { get; init; }

    /// <summary>True once a manager or channel step was sent for it: the manager heard from the bot, not the rep.</summary>
    public bool Surprised { get; init; }

    /// <summary>The due first promised.</summary>
    public DateTimeOffset FirstDue => FirstDueAt ?? DueAt;

    /// <summary>The short id a rep types, e.g. <c>P-42</c>.</summary>
    public string ShortId => Commitments.ShortId.Format(Number);

    /// <summary>True when the commitment is no longer running.</summary>
    public bool IsClosed => !Status.IsActive();
}
