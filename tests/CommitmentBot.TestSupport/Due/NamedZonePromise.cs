using CommitmentBot.Core.Commitments;

namespace CommitmentBot.TestSupport.Due;

/// <summary>
/// A promise whose due named the customer's zone, for the adapters' rendering tests (Slack and Teams): Friday
/// 27 Nov 2026, 3:00 PM in Berlin, made on Wednesday 25 Nov at 14:00 UTC.
/// </summary>
public static class NamedZonePromise
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    public static readonly Commitment Commitment = new()
    {
        WorkspaceId = "T1",
        Number = 3,
        Text = "Send the Q3 deck",
        Customer = "Acme",
        DueAt = new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero),
        DueZone = "Europe/Berlin",
        CreatedAt = Now,
        OwnerId = "U1",
        CreatedById = "U1",
        WindowStart = Now,
    };
}
