using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// Issue 9.3: malformed but properly signed input gets a 4xx with its reason, or "this button is out of date", and never
/// reaches the command handler or crashes the request.
/// </summary>
public sealed class MalformedInputTests
{
    private static JsonObject Click(string? value, string team = "T1", string user = "U1", string channel = "D1") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "ann", ["team_id"] = team },
        ["team"] = new JsonObject { ["id"] = team },
        ["trigger_id"] = "trig-1",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = channel },
        ["response_url"] = FakeSlack.InProcessResponseUrl("act1"),
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "moretime:P-3", ["block_id"] = "b", ["value"] = value, ["action_ts"] = "1" }),
    };

    private static Dictionary<string, string> Command(string team = "T1", string user = "U1", string channel = "C42") => new()
    {
        ["team_id"] = team,
        ["channel_id"] = channel,
        ["user_id"] = user,
        ["command"] = "/promise",
        ["text"] = "list",
        ["response_url"] = FakeSlack.InProcessResponseUrl("cmd1"),
        ["trigger_id"] = "1.2.3",
    };

    private static readonly string[] BrokenValues =
    [
        "m:{\"t\":\"x\"}",
        "m:{\"i\":[]}",
        "m:{\"t\":\"x\",\"i\":[null]}",
        "m:{\"t\":\"x\",\"i\":[{\"d\":\"date\",\"k\":0}]}",
        "m:{\"t\":\"x\",\"i\":[{\"l\":\"Date\",\"k\":0}]}",
        "m:{\"t\":\"x\",\"i\":[{\"d\":\"\",\"l\":\"Date\",\"k\":0}]}",
        "m:{\"t\":\"x\",\"i\":[{\"d\":\"c\",\"l\":\"Pick\",\"k\":3,\"c\":[null]}]}",
        "m:{\"t\":\"x\",\"i\":[{\"d\":\"c\",\"l\":\"Pick\",\"k\":3,\"c\":[{\"v\":\"a\"}]}]}",
        "m:{\"t\":\"x\",\"i\":[{\"d\":\"c\",\"l\":\"Pick\",\"k\":77}]}",
        "m:{\"t\":null,\"i\":null}",
        "m:null",
        "m:[]",
        "m:{",
    ];

    public static TheoryData<string> BrokenModalValues() => [.. BrokenValues];

    [Theory]
    [MemberData(nameof(BrokenModalValues))]
    public async Task ABrokenFormDescription_IsAnOutOfDateButton(string value)
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostInteractionAsync(Click(value));
        await app.WhenIdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
        Assert.Empty(app.Api.CallsTo("views.open"));
        var post = await app.Api.WaitForHookPostAsync();
        Assert.Contains("out of date", post.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadModalSpec_RefusesPartsTheRendererNeeds_AndReadsAWholeOne()
    {
        foreach (var value in BrokenValues)
        {
            Assert.Null(BlockKitRenderer.ReadModalSpec(value));
            Assert.True(BlockKitRenderer.IsModalValue(value));
        }

        var whole = BlockKitRenderer.ReadModalSpec("m:{\"t\":\"More time\",\"i\":[{\"d\":\"date\",\"k\":0,\"l\":\"New date\"},{\"d\":\"c\",\"k\":3,\"l\":\"Pick\",\"c\":[{\"v\":\"a\",\"t\":\"A\"}]}]}");
        Assert.NotNull(whole);
        Assert.Equal(2, whole.Inputs.Count);
        Assert.False(BlockKitRenderer.IsModalValue("done:P-3"));
    }

    public static TheoryData<string, string> OversizedForms() => new()
    {
        { "/slack/commands", "fields" },
        { "/slack/commands", "key" },
        { "/slack/interactivity", "fields" },
        { "/slack/interactivity", "key" },
    };

    [Theory]
    [MemberData(nameof(OversizedForms))]
    public async Task AFormBeyondTheReadersLimits_Is413WithAMessage(string path, string how)
    {
        await using var app = await SlackTestApp.StartAsync();
        var fields = path == "/slack/commands"
            ? Command()
            : new Dictionary<string, string> { ["payload"] = Click("done:P-3").ToJsonString() };
        if (how == "fields")
        {
            for (var i = 0; i < 1100; i++)
            {
                fields["f" + i] = "x";
            }
        }
        else
        {
            fields[new string('k', 2049)] = "v";
        }

        using var response = await app.PostFormAsync(path, fields);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than Slack sends", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(app.Handler.Requests);
    }

    [Fact]
    public async Task AValueLongerThan2048Characters_IsReadAsUsual()
    {
        await using var app = await SlackTestApp.StartAsync();
        var fields = Command();
        fields["text"] = "list " + new string('x', 5000);

        using var response = await app.PostFormAsync("/slack/commands", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(app.Handler.Requests);
    }

    public static TheoryData<string, string> LongIds() => new()
    {
        { "/slack/commands", "team" },
        { "/slack/commands", "user" },
        { "/slack/commands", "channel" },
        { "/slack/interactivity", "team" },
        { "/slack/interactivity", "user" },
        { "/slack/interactivity", "channel" },
        { "/slack/events", "team" },
        { "/slack/events", "user" },
    };

    [Theory]
    [MemberData(nameof(LongIds))]
    public async Task AnIdLongerThanStorageKeeps_Is400WithTheReason(string path, string which)
    {
        await using var app = await SlackTestApp.StartAsync();
        var longId = "T" + new string('9', 200);
        var team = which == "team" ? longId : "T1";
        var user = which == "user" ? longId : "U1";
        var channel = which == "channel" ? longId : "C42";

        using var response = path switch
        {
            "/slack/commands" => await app.PostFormAsync(path, Command(team, user, channel)),
            "/slack/interactivity" => await app.PostInteractionAsync(Click("done:P-3", team, user, channel)),
            _ => await app.PostEventAsync(new JsonObject
            {
                ["type"] = "event_callback",
                ["team_id"] = team,
                ["event_id"] = "Ev1",
                ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = user, ["tab"] = "home" },
            }),
        };
        await app.WhenIdleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("201 characters long", body, StringComparison.Ordinal);
        Assert.Contains("up to 128", body, StringComparison.Ordinal);
        Assert.Empty(app.Handler.Requests);
        Assert.Empty(app.Deduplicator.Keys);
    }

    [Fact]
    public async Task NullsInsideTheSubmittedState_AreDropped()
    {
        await using var app = await SlackTestApp.StartAsync();
        var click = Click("done:P-3");
        click["state"] = JsonNode.Parse("""{"values":{"b0":null,"b1":{"note":null,"date":{"type":"datepicker","selected_date":"2026-12-05"}}}}""");
        click["actions"]!.AsArray().Add(null);
        var import = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["view"] = new JsonObject
            {
                ["id"] = "V1",
                ["callback_id"] = BlockKitRenderer.ImportCallbackId,
                ["state"] = JsonNode.Parse("""{"values":{"import_file":{"import_file":{"type":"file_input","files":[null]}},"x":null}}"""),
            },
        };

        using var clicked = await app.PostInteractionAsync(click);
        using var imported = await app.PostInteractionAsync(import);
        await app.WhenIdleAsync();

        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        Assert.Equal("2026-12-05", Assert.Single(app.Handler.Requests).Action!.Values["date"]);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("Choose a CSV file", await imported.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void SlackForm_TooLarge_NamesTheLimits() =>
        Assert.Equal("The form is larger than Slack sends: at most 1,024 fields, with names of up to 2,048 characters.", SlackForm.TooLarge);
}
