using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Ports;
using CommitmentBot.Tests.Slack.Support;

namespace CommitmentBot.Tests.Slack;

/// <summary>
/// Issue 9.6: with <c>Slack:BotToken</c> and no OAuth installation, the deployment serves the bot token's workspace
/// only; a signed request from another team is refused with a clear message and changes nothing.
/// </summary>
public sealed class SlackSingleWorkspaceTests
{
    private const string Refusal = "serves one Slack workspace";

    [Fact]
    public async Task AnotherTeamsSignedRequests_AreRefused_AndTheTokensTeamIsServed()
    {
        // The fake Slack's auth.test says the bot token belongs to T1.
        await using var host = await SlackHost.StartAsync();

        using var command = await host.CommandAsync("T2", "U1", "send the quote for Acme by Friday 3pm");
        using var click = await host.InteractAsync(SlackHost.Click("T2", "U1", "DU1", "1764000000.000300", "done:P-1", responseUrl: host.Slack.ResponseUrl("t2")));
        using var homeOpened = await host.EventAsync(new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T2",
            ["event_id"] = "Ev-T2",
            ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U1", ["tab"] = "home" },
        });

        foreach (var refused in new[] { command, click, homeOpened })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains(Refusal, body, StringComparison.Ordinal);
            Assert.Contains("T2", body, StringComparison.Ordinal);
        }

        Assert.Null(await host.Service<ICommitmentStore>().FindByNumberAsync("T2", 1, CancellationToken.None));
        Assert.Empty(host.Slack.CallsTo("views.publish"));

        var served = await host.SayAsync("T1", "U1", "send the quote for Acme by Friday 3pm");
        Assert.Contains("P-1", served.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(host.Slack.CallsTo("auth.test"));
    }

    [Fact]
    public async Task SlackTeamId_NamesTheServedWorkspace_WithoutAskingSlack()
    {
        await using var host = await SlackHost.StartAsync(settings: new Dictionary<string, string?> { ["Slack:TeamId"] = "T7" });

        using var other = await host.CommandAsync("T1", "U1", "list");
        var served = await host.SayAsync("T7", "U1", "list");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("promises", served.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(host.Slack.CallsTo("auth.test"));
    }
}
