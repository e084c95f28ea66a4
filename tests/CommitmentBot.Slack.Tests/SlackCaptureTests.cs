using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Tests.Support;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// The message shortcut "Track as a promise" (message_action → prefilled modal → the same submission path as any form)
/// and noticing promises in channel messages (message.channels / message.groups → an ephemeral note).
/// </summary>
public sealed class SlackCaptureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Shortcut(string text, string channel = "C1", string callbackId = SlackCaptureHandler.ShortcutCallbackId) => new()
    {
        ["type"] = "message_action",
        ["callback_id"] = callbackId,
        ["trigger_id"] = "trig-9",
        ["user"] = new JsonObject { ["id"] = "U1", ["username"] = "ann", ["team_id"] = "T1" },
        ["team"] = new JsonObject { ["id"] = "T1" },
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "acme-deal" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = "1733000000.000100", ["text"] = text, ["user"] = "U2" },
        ["response_url"] = "https://slack.test/hooks/shortcut",
    };

    private static Dictionary<string, string> PrefilledInputs(JsonNode view) =>
        view["blocks"]!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "input")
            .ToDictionary(b => b!["element"]!["action_id"]!.GetValue<string>(), b => b!["element"]!["initial_value"]?.GetValue<string>() ?? "");

    [Fact]
    public async Task Shortcut_OpensTheFormPrefilled_WithThePermalink()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostInteractionAsync(Shortcut("Thanks! I'll send Globex the revised quote by Friday 3pm."));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var open = Assert.Single(app.Api.CallsTo("views.open"));
        Assert.Equal("trig-9", open.Json["trigger_id"]!.GetValue<string>());
        var view = open.Json["view"]!;
        Assert.Empty(BlockKitLimits.Check(view, Surface.Modal));
        Assert.Equal("Track as a promise", view["title"]!["text"]!.GetValue<string>());
        var inputs = PrefilledInputs(view);
        Assert.Equal("I'll send Globex the revised quote by Friday 3pm.", inputs[ActionIds.TextInput]);
        Assert.Equal("Globex", inputs[ActionIds.CustomerInput]);
        Assert.Equal("by Friday 3pm", inputs[ActionIds.WhenInput]);
        Assert.Equal("https://acme.slack.test/archives/C1/p1733000000000100", inputs[ActionIds.LinkInput]);
        Assert.Contains("capture:new", view["private_metadata"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(app.Handler.Requests);
    }

    [Fact]
    public async Task Shortcut_InASlackConnectChannel_NamesTheOtherOrganisation()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Api.SharedChannels["C7"] = "T9";
        app.Api.TeamNames["T9"] = "Initech";

        using (await app.PostInteractionAsync(Shortcut("I'll send Globex the SOW by Thursday", channel: "C7")))
        {
        }

        Assert.Equal("Initech", PrefilledInputs(app.Api.CallsTo("views.open").Single().Json["view"]!)[ActionIds.CustomerInput]);
        Assert.Equal("T9", app.Api.CallsTo("team.info").Single().Form["team"]);
    }

    [Fact]
    public async Task Shortcut_OffersRecentCustomers_WhenTheMessageNamesNone()
    {
        await using var app = await SlackTestApp.StartAsync();
        await app.Stores.CreateAsync(
            new Core.Commitments.Commitment { WorkspaceId = "T1", Text = "deck", Customer = "Umbrella", DueAt = DateTimeOffset.UtcNow.AddDays(3), CreatedAt = DateTimeOffset.UtcNow, OwnerId = "U1", CreatedById = "U1", WindowStart = DateTimeOffset.UtcNow },
            new Core.Commitments.CommitmentEvent("T1", 0, DateTimeOffset.UtcNow, "U1", "created"),
            Ct);

        using (await app.PostInteractionAsync(Shortcut("ok will get the PO processed by Thursday")))
        {
        }

        var view = app.Api.CallsTo("views.open").Single().Json["view"]!;
        var select = view["blocks"]!.AsArray().Single(b => b!["element"]?["action_id"]?.GetValue<string>() == ActionIds.CustomerInput)!["element"]!;
        Assert.Equal("static_select", select["type"]!.GetValue<string>());
        Assert.Equal("Umbrella", select["options"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submission_RunsCaptureNewWithTheInputs_OncePerView()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("Got it: P-1 is saved."));
        using (await app.PostInteractionAsync(Shortcut("I'll send the SOW by Thursday")))
        {
        }

        var metadata = app.Api.CallsTo("views.open").Single().Json["view"]!["private_metadata"]!.GetValue<string>();
        var values = new JsonObject
        {
            ["text"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "send the SOW" } },
            ["when"] = new JsonObject { ["when"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "by Thursday" } },
            ["link"] = new JsonObject { ["link"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "https://acme.slack.test/archives/C1/p1733000000000100" } },
        };
        JsonObject Submission() => new()
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["view"] = new JsonObject { ["id"] = "V5", ["type"] = "modal", ["callback_id"] = BlockKitRenderer.ModalCallbackId, ["private_metadata"] = metadata, ["state"] = new JsonObject { ["values"] = values.DeepClone() } },
        };

        using var first = await app.PostInteractionAsync(Submission());
        using var second = await app.PostInteractionAsync(Submission());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var request = Assert.Single(app.Handler.Requests);
        Assert.Equal("capture:new", request.Action!.ActionId);
        Assert.Equal("send the SOW", request.Action.Values[ActionIds.TextInput]);
        Assert.Equal("by Thursday", request.Action.Values[ActionIds.WhenInput]);
        Assert.Equal("https://acme.slack.test/archives/C1/p1733000000000100", request.Action.Values[ActionIds.LinkInput]);
        Assert.Equal("U1", request.UserId);
    }

    [Fact]
    public async Task OtherShortcuts_AreAcknowledgedAndIgnored()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostInteractionAsync(Shortcut("I'll send it by Friday", callbackId: "something_else"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Api.CallsTo("views.open"));
    }

    private static JsonObject MessageEvent(string text, string eventId, string ts = "1733000001.000200", string? subtype = null, string? botId = null, string channelType = "channel") => new()
    {
        ["type"] = "event_callback",
        ["team_id"] = "T1",
        ["event_id"] = eventId,
        ["event"] = new JsonObject
        {
            ["type"] = "message",
            ["user"] = "U2",
            ["text"] = text,
            ["ts"] = ts,
            ["channel"] = "C1",
            ["channel_type"] = channelType,
            ["subtype"] = subtype,
            ["bot_id"] = botId,
        },
    };

    private static async Task NoticeOn(SlackTestApp app) =>
        await app.Stores.SaveAsync(new WorkspaceSettings { WorkspaceId = "T1", Platform = "slack", Policy = Core.Escalation.EscalationPolicy.Default with { NoticePromises = true } }, Ct);

    [Fact]
    public async Task ChannelMessage_WithAPromise_GetsAnEphemeralNoteToItsAuthor_Once()
    {
        await using var app = await SlackTestApp.StartAsync();
        await NoticeOn(app);

        using (await app.PostEventAsync(MessageEvent("I'll send Acme the revised quote by Friday 6pm", "Ev1")))
        using (await app.PostEventAsync(MessageEvent("I'll send Acme the revised quote by Friday 6pm", "Ev1")))
        using (await app.PostEventAsync(MessageEvent("I'll send Acme the revised quote by Friday 6pm", "Ev2")))
        {
        }

        await app.WhenIdleAsync();
        var note = Assert.Single(app.Api.CallsTo("chat.postEphemeral"));
        Assert.Equal("C1", note.Json["channel"]!.GetValue<string>());
        Assert.Equal("U2", note.Json["user"]!.GetValue<string>());
        Assert.StartsWith("Looks like you promised Acme the revised quote by Fri", note.Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("notapromise:C1", note.Body, StringComparison.Ordinal);
        Assert.Contains("https://acme.slack.test/archives/C1/p1733000001000200", note.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("message_changed", null, "channel")]
    [InlineData("thread_broadcast", null, "channel")]
    [InlineData("bot_message", "B1", "channel")]
    [InlineData(null, "B1", "channel")]
    [InlineData(null, null, "im")]
    public async Task ChannelMessage_FromABotAnEditABroadcastOrADm_IsIgnored(string? subtype, string? botId, string channelType)
    {
        await using var app = await SlackTestApp.StartAsync();
        await NoticeOn(app);

        using (await app.PostEventAsync(MessageEvent("I'll send Acme the revised quote by Friday 6pm", "Ev1", subtype: subtype, botId: botId, channelType: channelType)))
        {
        }

        await app.WhenIdleAsync();
        Assert.Empty(app.Api.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task ChannelMessage_IsIgnored_WhenTheWorkspaceHasNotOptedIn()
    {
        await using var app = await SlackTestApp.StartAsync();

        using (await app.PostEventAsync(MessageEvent("I'll send Acme the revised quote by Friday 6pm", "Ev1")))
        {
        }

        await app.WhenIdleAsync();
        Assert.Empty(app.Api.CallsTo("chat.postEphemeral"));
        Assert.Empty(app.Api.CallsTo("chat.getPermalink"));
    }
}
