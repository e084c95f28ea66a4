using CommitmentBot.Core.Escalation;
using CommitmentBot.Storage.Rows;

namespace CommitmentBot.Storage.Tests;

public sealed class PolicyJsonTests
{
    [Fact]
    public void Deserialize_ReadsBackWhatSerializeWrote()
    {
        var policy = new EscalationPolicy
        {
            HeadsUpFraction = 0.125,
            HeadsUpMinimum = TimeSpan.FromMinutes(45),
            HeadsUpMaximum = TimeSpan.FromDays(4) + TimeSpan.FromSeconds(1),
            OverdueAfter = TimeSpan.FromHours(3),
            ManagerAfter = TimeSpan.FromHours(7),
            ChannelAfterManager = TimeSpan.FromHours(5),
            ChannelWithoutManagerWorkingDays = 3,
            SnoozeWorkingDays = 2,
        };

        Assert.Equal(policy, PolicyJson.Deserialize(PolicyJson.Serialize(policy)));
    }

    [Fact]
    public void Deserialize_KeepsDefaults_WhenAnOlderRowLacksAProperty()
    {
        var policy = PolicyJson.Deserialize("{\"overdueAfter\":\"01:00:00\",\"someFutureSetting\":true}");

        Assert.Equal(EscalationPolicy.Default with { OverdueAfter = TimeSpan.FromHours(1) }, policy);
    }

    [Fact]
    public void Deserialize_ExplainsTheProblem_WhenTheJsonIsBroken()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PolicyJson.Deserialize("{\"overdueAfter\":"));

        Assert.Contains("escalation policy", error.Message, StringComparison.Ordinal);
    }
}
