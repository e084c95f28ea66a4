using System.Net;
using CommitmentBot.Core.Ports;
using CommitmentBot.Tests.Slack.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommitmentBot.Tests.Slack;

/// <summary>
/// A Slack request key is stored with what its command did, through the real host and its SQLite database: a command
/// that fails after writing its promise leaves neither the promise nor the key, so the retry with the same trigger id
/// runs it; once a run has finished, a retry is a repeat. (A real process death is tested on every engine by the
/// storage suite's RequestCrashTests.)
/// </summary>
public sealed class SlackRequestKeyTests
{
    private const string Team = "T1";
    private const string Rep = "UREP";

    /// <summary>Fails the first time it hears of a change: the create command fails after its promise was written.</summary>
    private sealed class FailsOnce : ICommitmentChangeListener
    {
        private int calls;

        public void CommitmentsChanged(string platform, string workspaceId, string ownerId)
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("cut off after the promise was written");
            }
        }
    }

    [Fact]
    public async Task ACommandThatFailsAfterItsWrite_IsRunByItsRetry_AndAFinishedOneIsARepeat()
    {
        await using var host = await SlackHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<ICommitmentChangeListener>(new FailsOnce())));
        const string text = "send the contract for Initech by tomorrow";

        using (var first = await host.CommandAsync(Team, Rep, text, trigger: "trig-cut"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains("Something went wrong", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The promise went back with the key.
        Assert.Null(await host.Service<ICommitmentStore>().FindByNumberAsync(Team, 1, CancellationToken.None));

        using (var retry = await host.CommandAsync(Team, Rep, text, trigger: "trig-cut", retryNum: 1))
        {
            Assert.Contains("P-1", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("Initech", (await host.CommitmentAsync(Team, 1)).Customer);

        using (var again = await host.CommandAsync(Team, Rep, text, trigger: "trig-cut", retryNum: 2))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.DoesNotContain("P-", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Null(await host.Service<ICommitmentStore>().FindByNumberAsync(Team, 2, CancellationToken.None));
    }
}
