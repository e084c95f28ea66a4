using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>Commitments whose next ladder step is due, for the clock's guarantee and crash tests.</summary>
internal static class ClockSamples
{
    /// <summary>Wednesday 15:00 UTC: inside the default working hours, so a step due now is not moved.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An open commitment due tomorrow and promised ten days ago, scheduled by the real ladder: its heads-up
    /// (due − 48 h) fell due yesterday, and once sent the next step (due) is still a day away. The workspace
    /// and owner are placeholders the seeder replaces.
    /// </summary>
    public static Commitment DueForHeadsUp(int i)
    {
        var draft = new Commitment
        {
            WorkspaceId = "placeholder",
            Text = $"Promise {i}",
            Customer = "Acme",
            DueAt = Now.AddDays(1),
            CreatedAt = Now.AddDays(-10),
            OwnerId = "placeholder",
            CreatedById = "placeholder",
            WindowStart = Now.AddDays(-10),
        };
        var utc = new LadderParty(DateTimeZone.Utc, WorkingHours.Default);
        return EscalationLadder.Schedule(draft, new LadderContext(utc, utc, HasChannel: true));
    }
}
