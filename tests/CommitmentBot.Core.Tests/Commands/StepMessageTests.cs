using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>Issue 9's message defects, as the ladder's messages read.</summary>
public sealed class StepMessageTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero); // Fri 3 PM EST
    private static readonly NodaTime.DateTimeZone NewYork = TimeZones.ResolveOrUtc("America/New_York");

    private static readonly Commitment Promise = new()
    {
        WorkspaceId = "T1",
        Id = 1,
        Number = 2,
        Text = "send revised quote",
        Customer = "Acme",
        DueAt = Due,
        CreatedAt = Due.AddDays(-2),
        OwnerId = "ana",
        CreatedById = "ana",
        WindowStart = Due.AddDays(-2),
        Policy = EscalationPolicy.Default,
    };

    /// <summary>9.14: "P-2 is due now. Delivered?" showed the status "overdue".</summary>
    [Theory]
    [InlineData(0, "⏰ due now")]
    [InlineData(59, "⏰ due now")]
    [InlineData(60, "🔴 overdue")]
    [InlineData(7200, "🔴 overdue")]
    public void TheStatus_AtTheDueInstant_IsDueNow_AndOverdueOnceAMinuteHasPassed(int secondsAfterDue, string badge)
    {
        var now = Due.AddSeconds(secondsAfterDue);

        Assert.Equal(badge, CommitmentMessages.Badge(Promise, now));
    }

    [Fact]
    public void TheDueCheckIn_ReadsDueNow()
    {
        var message = CommitmentMessages.ForStep(LadderStepKind.Due, Promise, "Ana", NewYork, Due);

        Assert.Equal("P-2 is due now. Delivered?", message.Text);
        Assert.Contains(message.Sections.Single().Facts, f => f.Label == "Status" && f.Value == "⏰ due now");
    }
}
