using System.Globalization;
using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Core.Ports;

/// <summary>Who a notification goes to.</summary>
public enum RecipientKind
{
    /// <summary>A direct message to a person.</summary>
    User,

    /// <summary>A post in a channel.</summary>
    Channel,
}

/// <summary>
/// A notification to write to the outbox: one ladder step (or early warning) for one recipient of
/// one commitment at one due version. The idempotency key makes a second write of the same step a no-op.
/// </summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="CommitmentId">The commitment.</param>
/// <param name="DueVersion">The commitment's due version.</param>
/// <param name="Step">The step.</param>
/// <param name="RecipientKind">User or channel.</param>
/// <param name="RecipientId">The user or channel id.</param>
/// <param name="CreatedAt">When the step was decided (UTC).</param>
/// <param name="DeliverAt">When it may be delivered (UTC): inside the recipient's working hours.</param>
public sealed record NewNotification(
    string WorkspaceId,
    long CommitmentId,
    int DueVersion,
    LadderStepKind Step,
    RecipientKind RecipientKind,
    string RecipientId,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeliverAt)
{
    /// <summary>
    /// For a step that may come more than once per due (a snoozed nudge coming back): the instant it was snoozed to,
    /// part of the key so a second snooze brings the nudge back again. Null for every other step.
    /// </summary>
    public DateTimeOffset? Occurrence { get; init; }

    /// <summary>For a <see cref="LadderStepKind.ManagerChangeNotice"/> (about no promise), the stored change it tells; null otherwise.</summary>
    public long? ManagerChangeId { get; init; }

    /// <summary>
    /// (commitment, due version, step, recipient): unique per workspace. Admin notices are keyed
    /// without the commitment, so each is sent once per workspace and admin.
    /// </summary>
    public string IdempotencyKey => Step is LadderStepKind.NoManagerNotice or LadderStepKind.NoChannelNotice
        ? string.Create(CultureInfo.InvariantCulture, $"notice:{Step.ToName()}:u:{RecipientId}")
        : Step == LadderStepKind.ManagerChangeNotice
        ? string.Create(CultureInfo.InvariantCulture, $"manager_change:{ManagerChangeId}:u:{RecipientId}")
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{CommitmentId}:{DueVersion}:{Step.ToName()}{(Occurrence is { } o ? "@" + o.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "")}:{(RecipientKind == RecipientKind.User ? "u" : "c")}:{RecipientId}");
}
