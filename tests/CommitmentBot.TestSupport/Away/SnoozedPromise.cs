using CommitmentBot.Core.Commitments;
using NodaTime;

namespace CommitmentBot.TestSupport.Away;

/// <summary>
/// The promise the Slack and Teams away tests render: P-7 for Acme, made three days ago, due ten hours after
/// <see cref="Now"/>, snoozed "waiting on legal"; its owner reads times in New York.
/// </summary>
public static class SnoozedPromise
{
    /// <summary>Thursday 10 Dec 2026, 08:00 in New York.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 10, 13, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>The promise in <paramref name="workspaceId"/>, made and owned by <paramref name="ownerId"/>.</summary>
    public static Commitment For(string workspaceId, string ownerId) => new()
    {
        Id = 1,
        WorkspaceId = workspaceId,
        Number = 7,
        Text = "send revised quote",
        Customer = "Acme",
        DueAt = Now.AddHours(10),
        CreatedAt = Now.AddDays(-3),
        WindowStart = Now.AddDays(-3),
        OwnerId = ownerId,
        CreatedById = ownerId,
        SnoozeReason = "waiting on legal",
    };
}
