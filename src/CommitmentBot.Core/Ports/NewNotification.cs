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
public sealed record NewNotification(
    string WorkspaceId,
    long CommitmentId,
    int DueVersion,
    LadderStepKind Step,
    RecipientKind RecipientKind,
    string RecipientId,
    DateTimeOffset CreatedAt)
{
    /// <summary>(commitment, due version, step, recipient): unique per workspace.</summary>
    public string IdempotencyKey => string.Create(
        CultureInfo.InvariantCulture,
        $"{CommitmentId}:{DueVersion}:{Step.ToName()}:{(RecipientKind == RecipientKind.User ? "u" : "c")}:{RecipientId}");
}
