using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Tests.Support;

namespace CommitmentBot.Slack.Tests;

public sealed class EventsEndpointTests
{
    private static JsonObject Event(JsonObject slackEvent, string eventId = "Ev1", string team = "T1") => new()
    {
        ["token"] = "legacy",
        ["team_id"] = team,
        ["api_app_id"] = "A1",
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1700000000,
        ["event"] = slackEvent,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = team, ["is_enterprise_install"] = false }),
    };

    private static JsonObject HomeOpened(string user = "U1") => new()
    {
        ["type"] = "app_home_opened",
        ["user"] = user,
        ["channel"] = "D1",
        ["tab"] = "home",
        ["event_ts"] = "1700000000.000100",
    };

    [Fact]
    public async Task UrlVerification_EchoesTheChallenge()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostEventAsync(new JsonObject { ["token"] = "t", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppHomeOpened_PublishesTheRepsPromisesAsTheHomeTab()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(new OutboundMessage(MessageKind.List, "Your open promises (1)",
        [
            new MessageSection("P-3 · Acme", "Send the Q3 deck", [new MessageFact("Due", "Fri 4 Dec, 3:00 PM", new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero))], [new MessageButton("done:P-3", "Done", ButtonStyle.Primary)], [], "P-3"),
        ]));

        using var response = await app.PostEventAsync(Event(HomeOpened()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var publish = await app.Api.WaitForCallAsync("views.publish");
        var request = Assert.Single(app.Handler.Requests);
        Assert.Equal("list", request.Text);
        Assert.Equal("U1", request.UserId);
        Assert.Equal("T1", request.WorkspaceId);
        Assert.Equal("U1", publish.Json["user_id"]!.GetValue<string>());
        var view = publish.Json["view"]!;
        Assert.Equal("home", view["type"]!.GetValue<string>());
        Assert.Empty(BlockKitLimits.Check(view, Surface.Home));
        Assert.Contains("<!date^1796418000^", JsonText.Of(view), StringComparison.Ordinal);
        Assert.Contains("done:P-3", JsonText.Of(view), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppHomeOpened_IsHandledOnce_WhenSlackRetries()
    {
        await using var app = await SlackTestApp.StartAsync();

        using (await app.PostEventAsync(Event(HomeOpened(), eventId: "Ev9")))
        using (await app.PostEventAsync(Event(HomeOpened(), eventId: "Ev9"), new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1", ["X-Slack-Retry-Reason"] = "http_timeout" }))
        using (await app.PostEventAsync(Event(HomeOpened(), eventId: "Ev9"), new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "2", ["X-Slack-Retry-Reason"] = "http_timeout" }))
        {
        }

        await app.WhenIdleAsync();
        Assert.Single(app.Handler.Requests);
        Assert.Single(app.Api.CallsTo("views.publish"));
    }

    [Fact]
    public async Task AppHomeOpened_OnTheMessagesTab_PublishesNothing()
    {
        await using var app = await SlackTestApp.StartAsync();
        var opened = HomeOpened();
        opened["tab"] = "messages";

        using var response = await app.PostEventAsync(Event(opened));
        await app.WhenIdleAsync();

        Assert.Empty(app.Handler.Requests);
        Assert.Empty(app.Api.CallsTo("views.publish"));
    }

    [Fact]
    public async Task AppUninstalled_RemovesTheInstall()
    {
        await using var app = await SlackTestApp.StartAsync();
        await app.Installations.SaveAsync(new SlackInstallation("T1", "T1", null, "Acme", "UBOT", "A1", "protected", "commands", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        using var response = await app.PostEventAsync(Event(new JsonObject { ["type"] = "app_uninstalled" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Installations.All);
    }

    [Fact]
    public async Task TokensRevoked_RemovesTheInstall_WhenTheBotTokenIsRevoked()
    {
        await using var app = await SlackTestApp.StartAsync();
        await app.Installations.SaveAsync(new SlackInstallation("T1", "T1", null, "Acme", "UBOT", "A1", "protected", "commands", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        using var response = await app.PostEventAsync(Event(new JsonObject
        {
            ["type"] = "tokens_revoked",
            ["tokens"] = new JsonObject { ["oauth"] = new JsonArray(), ["bot"] = new JsonArray("UBOT") },
        }));

        Assert.Empty(app.Installations.All);
    }

    [Fact]
    public async Task Events_Returns400_WhenBodyIsNotJson()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostSignedAsync("/slack/events", "{\"type\":", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Events_IgnoresUnknownEvents()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostEventAsync(Event(new JsonObject { ["type"] = "reaction_added", ["user"] = "U1" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
    }
}
