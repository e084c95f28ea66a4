using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>Commitments, events and notifications to store, in fresh workspaces.</summary>
internal static class Samples
{
    /// <summary>A fixed "now" with sub-millisecond ticks, to show the stores drop them consistently.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 15, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    /// <summary>A workspace id no other test uses.</summary>
    public static string NewWorkspace() => "T" + Guid.NewGuid().ToString("N")[..16];

    public static Commitment Draft(
        string workspaceId,
        string ownerId = "U1",
        string? clientRequestId = null,
        DateTimeOffset? dueAt = null,
        string text = "Send the revised quote") => new()
        {
            WorkspaceId = workspaceId,
            Text = text,
            Customer = "Acme",
            DueAt = dueAt ?? Now.AddDays(2),
            CreatedAt = Now,
            OwnerId = ownerId,
            CreatedById = ownerId,
            WindowStart = Now,
            NextStep = LadderStepKind.HeadsUp,
            NextActionAt = Now.AddDays(1),
            ClientRequestId = clientRequestId,
        };

    public static CommitmentEvent Created(string workspaceId, string actorId = "U1") =>
        new(workspaceId, 0, Now, actorId, CommitmentEventKinds.Created);

    public static CommitmentEvent Event(Commitment commitment, string kind, string? note = null, int minutesLater = 1) =>
        new(commitment.WorkspaceId, commitment.Id, Now.AddMinutes(minutesLater), commitment.OwnerId, kind, note);

    public static NewNotification Notification(Commitment commitment, LadderStepKind step, string recipientId = "M1") =>
        new(commitment.WorkspaceId, commitment.Id, commitment.DueVersion, step, RecipientKind.User, recipientId, Now, Now);

    public static DateTimeOffset Ms(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
