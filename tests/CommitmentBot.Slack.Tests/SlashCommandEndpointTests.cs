using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Slack.Tests;

public sealed class SlashCommandEndpointTests
{
    private static Dictionary<string, string> Command(string text, string trigger = "111.222.abc", string channel = "C42") => new()
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = "T1",
        ["team_domain"] = "acme",
        ["channel_id"] = channel,
        ["channel_name"] = channel.StartsWith('D') ? "directmessage" : "sales",
        ["user_id"] = "U1",
        ["user_name"] = "ann",
        ["command"] = "/promise",
        ["text"] = text,
        ["api_app_id"] = "A1",
        ["is_enterprise_install"] = "false",
        ["response_url"] = FakeSlack.InProcessResponseUrl("cmd1"),
        ["trigger_id"] = trigger,
    };

    [Fact]
    public async Task Post_AnswersWithEphemeralBlockKitReply_WhenHandlerIsQuick()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(new OutboundMessage(
            MessageKind.Created,
            "Promise P-7 recorded",
            [new MessageSection("P-7 · Acme", "Send the Q3 deck", [new MessageFact("Due", "Fri 3:00 PM")], [new MessageButton("undo:P-7", "Undo", ButtonStyle.Danger)], [])]));

        using var response = await app.PostFormAsync("/slack/commands", Command("send the Q3 deck for Acme by Friday 3pm"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("ephemeral", json["response_type"]!.GetValue<string>());
        Assert.Equal("Promise P-7 recorded", json["text"]!.GetValue<string>());
        Assert.Contains(json["blocks"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "actions"
            && b["elements"]![0]!["action_id"]!.GetValue<string>() == "undo:P-7");
        Assert.Empty(BlockKitLimits.Check(json, Surface.Message));
        Assert.Empty(app.Api.HookPosts);
    }

    [Fact]
    public async Task Post_TurnsTheCommandIntoAChatRequest()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostFormAsync("/slack/commands", Command("admin manager <@U2|bob> <@U3> R&amp;D &lt;team&gt;", trigger: "9.8.7"));

        var request = Assert.Single(app.Handler.Requests);
        Assert.Equal("slack", request.Platform);
        Assert.Equal("T1", request.WorkspaceId);
        Assert.Equal("U1", request.UserId);
        Assert.Equal("ann", request.UserName);
        Assert.Equal("admin manager <@U2|bob> <@U3> R&D <team>", request.Text);
        Assert.Equal("C42", request.ChannelId);
        Assert.False(request.IsDirectMessage);
        Assert.Equal("9.8.7", request.ClientRequestId);
        Assert.Equal("America/Chicago", request.PlatformTimeZone);
        Assert.Null(request.Action);
    }

    [Fact]
    public async Task Post_MarksDirectMessages()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostFormAsync("/slack/commands", Command("list", channel: "D99"));

        Assert.True(Assert.Single(app.Handler.Requests).IsDirectMessage);
    }

    [Fact]
    public async Task Post_UsesEnterpriseId_ForOrgWideInstalls()
    {
        await using var app = await SlackTestApp.StartAsync();
        var command = Command("list");
        command["enterprise_id"] = "E1";
        command["is_enterprise_install"] = "true";

        using var response = await app.PostFormAsync("/slack/commands", command);

        Assert.Equal("E1", Assert.Single(app.Handler.Requests).WorkspaceId);
    }

    [Fact]
    public async Task Post_LooksUpTheTimeZoneOncePerPerson()
    {
        await using var app = await SlackTestApp.StartAsync();

        using (await app.PostFormAsync("/slack/commands", Command("list", trigger: "1")))
        using (await app.PostFormAsync("/slack/commands", Command("list", trigger: "2")))
        {
        }

        Assert.Equal(2, app.Handler.Requests.Count);
        Assert.All(app.Handler.Requests, r => Assert.Equal("America/Chicago", r.PlatformTimeZone));
        var lookup = Assert.Single(app.Api.CallsTo("users.info"));
        Assert.Equal("U1", lookup.Form["user"]);
        Assert.Equal("Bearer " + SlackTestApp.BotToken, lookup.Authorization);
    }

    [Fact]
    public async Task Post_AcknowledgesAtOnceAndFinishesThroughResponseUrl_WhenHandlerIsSlow()
    {
        await using var app = await SlackTestApp.StartAsync(new Dictionary<string, string?> { ["Slack:CommandReplyBudget"] = "00:00:00.200" });
        var release = new TaskCompletionSource();
        app.Handler.Respond = async (_, _) =>
        {
            await release.Task;
            return OutboundMessage.Plain("Here are your 3 open promises", MessageKind.List);
        };

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await app.PostFormAsync("/slack/commands", Command("list"));
        var answeredIn = started.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(answeredIn < TimeSpan.FromSeconds(2), $"answered in {answeredIn}");
        var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("Working on it…", ack["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());
        Assert.Empty(app.Api.HookPosts);

        release.SetResult();
        var post = await app.Api.WaitForHookPostAsync();

        Assert.Equal(FakeSlack.InProcessResponseUrl("cmd1"), post.Uri.ToString());
        Assert.Equal("Here are your 3 open promises", post.Json["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", post.Json["response_type"]!.GetValue<string>());
        Assert.Empty(BlockKitLimits.Check(post.Json, Surface.Message));
    }

    [Fact]
    public async Task Post_RunsHandlerOnce_WhenTheSameCommandArrivesTwice()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var first = await app.PostFormAsync("/slack/commands", Command("send deck by Friday", trigger: "5.5.5"));
        using var second = await app.PostFormAsync("/slack/commands", Command("send deck by Friday", trigger: "5.5.5"), headers: new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1" });

        Assert.Single(app.Handler.Requests);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(app.Deduplicator.Keys, k => k == ("T1", "cmd:5.5.5"));
    }

    [Fact]
    public async Task Post_AnswersWithErrorReply_WhenHandlerThrows()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => throw new InvalidOperationException("database is down");

        using var response = await app.PostFormAsync("/slack/commands", Command("list"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Contains("went wrong", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("database", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team_id")]
    [InlineData("user_id")]
    public async Task Post_Returns400_WhenIdsAreMissing(string field)
    {
        await using var app = await SlackTestApp.StartAsync();
        var command = Command("list");
        command.Remove(field);

        using var response = await app.PostFormAsync("/slack/commands", command);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("team_id and user_id", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(app.Handler.Requests);
    }
}
