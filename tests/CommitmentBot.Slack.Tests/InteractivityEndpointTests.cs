using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Slack.Tests;

public sealed class InteractivityEndpointTests
{
    private static JsonObject ButtonClick(string actionId, string? value = null, string messageTs = "1700000000.000100", string actionTs = "1700000100.000200", JsonObject? state = null)
    {
        var action = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["block_id"] = "s0.a0",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Done" },
            ["action_ts"] = actionTs,
        };
        if (value is not null)
        {
            action["value"] = value;
        }

        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U1", ["username"] = "ann", ["team_id"] = "T1" },
            ["team"] = new JsonObject { ["id"] = "T1", ["domain"] = "acme" },
            ["api_app_id"] = "A1",
            ["trigger_id"] = "trig-1",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = "D1", ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = "D1", ["name"] = "directmessage" },
            ["message"] = new JsonObject { ["ts"] = messageTs, ["text"] = "Heads-up" },
            ["response_url"] = FakeSlack.InProcessResponseUrl("act1"),
            ["actions"] = new JsonArray(action),
        };
        if (state is not null)
        {
            payload["state"] = state;
        }

        return payload;
    }

    private static JsonObject Submission(string privateMetadata, JsonObject values, string viewId = "V1") => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = "U1", ["username"] = "ann", ["team_id"] = "T1" },
        ["team"] = new JsonObject { ["id"] = "T1" },
        ["trigger_id"] = "trig-2",
        ["view"] = new JsonObject
        {
            ["id"] = viewId,
            ["type"] = "modal",
            ["callback_id"] = BlockKitRenderer.ModalCallbackId,
            ["private_metadata"] = privateMetadata,
            ["hash"] = "h1",
            ["state"] = new JsonObject { ["values"] = values },
        },
    };

    private static JsonObject DateAndTime(string date, string time) => new()
    {
        ["date"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = date } },
        ["time"] = new JsonObject { ["time"] = new JsonObject { ["type"] = "timepicker", ["selected_time"] = time } },
    };

    private static string MoreTimeButtonValue()
    {
        var message = new OutboundMessage(MessageKind.Due, "P-3 is due now", [new MessageSection(
            "P-3 · Acme",
            "Send the Q3 deck",
            [],
            [new MessageButton("moretime:P-3", "Need more time", InputIds: [ActionIds.DateInput, ActionIds.TimeInput])],
            [new MessageInput(ActionIds.DateInput, InputKind.Date, "New date", "2026-12-04", Required: true), new MessageInput(ActionIds.TimeInput, InputKind.Time, "Time", "15:00")],
            "P-3")]);
        var button = BlockKitRenderer.RenderMessage(message).Blocks.OfType<ActionsBlock>().Single().Elements.OfType<ButtonElement>().Single();
        return button.Value!;
    }

    [Fact]
    public async Task BlockActions_RunsTheActionAndRepliesThroughResponseUrl()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("P-3 closed as kept"));

        using var response = await app.PostInteractionAsync(ButtonClick("done:P-3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = await app.Api.WaitForHookPostAsync();
        var request = Assert.Single(app.Handler.Requests);
        Assert.Equal("T1", request.WorkspaceId);
        Assert.Equal("U1", request.UserId);
        Assert.Null(request.Text);
        Assert.Equal("done:P-3", request.Action!.ActionId);
        Assert.Equal("D1:1700000000.000100", request.Action.MessageId);
        Assert.Equal("D1", request.ChannelId);
        Assert.True(request.IsDirectMessage);
        Assert.Equal("P-3 closed as kept", post.Json["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", post.Json["response_type"]!.GetValue<string>());
    }

    private static OutboundMessage TickedChecklist() =>
        new OutboundMessage(MessageKind.Playbook, "Owned. Next: tell your manager, then the customer.", [new MessageSection(
            "✓ I own it", "It may not be your fault; it is your responsibility.", [], [], [], "P-3")])
        {
            UpdatesOriginal = true,
        };

    [Fact]
    public async Task BlockActions_ThePlaybooksTickedChecklist_EditsThePostedMessage_WithChatUpdate()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(TickedChecklist());

        using var response = await app.PostInteractionAsync(ButtonClick("pb-own:P-3", messageTs: "1700000000.000777"));
        await app.WhenIdleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(app.Api.CallsTo("chat.update"));
        Assert.Equal("D1", update.Json["channel"]!.GetValue<string>());
        Assert.Equal("1700000000.000777", update.Json["ts"]!.GetValue<string>());
        Assert.Contains("✓ I own it", JsonText.Of(update.Json), StringComparison.Ordinal);
        Assert.Empty(app.Api.HookPosts); // no second copy of the checklist
        Assert.Empty(app.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task BlockActions_ThePlaybooksTickedChecklist_OnAnEphemeralMessage_ReplacesTheOriginal()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(TickedChecklist());
        var click = ButtonClick("pb-own:P-3");
        click["container"]!["is_ephemeral"] = true; // the reply to /promise risk: only the rep sees it, chat.update can't edit it

        using var response = await app.PostInteractionAsync(click);
        var post = await app.Api.WaitForHookPostAsync();
        await app.WhenIdleAsync();

        Assert.True(post.Json["replace_original"]!.GetValue<bool>());
        Assert.Contains("✓ I own it", JsonText.Of(post.Json), StringComparison.Ordinal);
        Assert.Empty(app.Api.CallsTo("chat.update"));
        Assert.Single(app.Api.HookPosts);
    }

    [Fact]
    public async Task BlockActions_WhenChatUpdateFails_TheChecklistComesAsANewReply()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(TickedChecklist());
        app.Api.Enqueue("chat.update", FakeSlack.Error("message_not_found"));

        using var response = await app.PostInteractionAsync(ButtonClick("pb-own:P-3"));
        var post = await app.Api.WaitForHookPostAsync();
        await app.WhenIdleAsync();

        Assert.Single(app.Api.CallsTo("chat.update"));
        Assert.Null(post.Json["replace_original"]);
        Assert.Contains("✓ I own it", JsonText.Of(post.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockActions_AnOrdinaryReply_IsANewMessage_NotAnEdit()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("P-3 closed as kept"));

        using var response = await app.PostInteractionAsync(ButtonClick("done:P-3"));
        await app.Api.WaitForHookPostAsync();
        await app.WhenIdleAsync();

        Assert.Empty(app.Api.CallsTo("chat.update"));
    }

    [Fact]
    public async Task BlockActions_PassesSubmittedValues()
    {
        await using var app = await SlackTestApp.StartAsync();
        var state = new JsonObject { ["values"] = new JsonObject
        {
            ["b1"] = new JsonObject { ["note"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "customer agreed" } },
            ["b2"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "datepicker", ["selected_date"] = "2026-12-05" } },
            ["b3"] = new JsonObject { ["choice"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "partial" } } },
        } };

        using var response = await app.PostInteractionAsync(ButtonClick("told:P-3", state: state));
        await app.WhenIdleAsync();

        var values = Assert.Single(app.Handler.Requests).Action!.Values;
        Assert.Equal("customer agreed", values["note"]);
        Assert.Equal("2026-12-05", values["date"]);
        Assert.Equal("partial", values["choice"]);
    }

    [Fact]
    public async Task BlockActions_RunsOnce_WhenTheButtonIsDoubleClicked()
    {
        await using var app = await SlackTestApp.StartAsync();

        using (await app.PostInteractionAsync(ButtonClick("done:P-3", actionTs: "1700000100.000200")))
        using (await app.PostInteractionAsync(ButtonClick("done:P-3", actionTs: "1700000100.400000")))
        {
        }

        await app.WhenIdleAsync();
        Assert.Single(app.Handler.Requests);
        Assert.Single(app.Api.HookPosts);
    }

    [Fact]
    public async Task BlockActions_RunsEachButtonOfAMessage()
    {
        await using var app = await SlackTestApp.StartAsync();

        using (await app.PostInteractionAsync(ButtonClick("pb-own:P-3")))
        using (await app.PostInteractionAsync(ButtonClick("pb-manager:P-3")))
        {
        }

        await app.WhenIdleAsync();
        Assert.Equal(["pb-own:P-3", "pb-manager:P-3"], app.Handler.Requests.Select(r => r.Action!.ActionId).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task BlockActions_OpensModalWithInputs_ForAButtonThatSubmitsInputs()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostInteractionAsync(ButtonClick("moretime:P-3", MoreTimeButtonValue()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
        var open = Assert.Single(app.Api.CallsTo("views.open"));
        Assert.Equal("Bearer " + SlackTestApp.BotToken, open.Authorization);
        Assert.Equal("trig-1", open.Json["trigger_id"]!.GetValue<string>());
        var view = open.Json["view"]!;
        Assert.Empty(BlockKitLimits.Check(view, Surface.Modal));
        Assert.Equal("modal", view["type"]!.GetValue<string>());
        Assert.Equal(BlockKitRenderer.ModalCallbackId, view["callback_id"]!.GetValue<string>());
        var inputs = view["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").ToList();
        Assert.Equal("datepicker", inputs[0]!["element"]!["type"]!.GetValue<string>());
        Assert.Equal("2026-12-04", inputs[0]!["element"]!["initial_date"]!.GetValue<string>());
        Assert.Equal("timepicker", inputs[1]!["element"]!["type"]!.GetValue<string>());
        Assert.Equal("15:00", inputs[1]!["element"]!["initial_time"]!.GetValue<string>());
        Assert.Contains("moretime:P-3", view["private_metadata"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewSubmission_BecomesTheButtonsActionWithTheInputs()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("P-3 moved to Fri 4 Dec"));
        using (await app.PostInteractionAsync(ButtonClick("moretime:P-3", MoreTimeButtonValue())))
        {
        }

        var metadata = app.Api.CallsTo("views.open").Single().Json["view"]!["private_metadata"]!.GetValue<string>();

        using var response = await app.PostInteractionAsync(Submission(metadata, DateAndTime("2026-12-04", "16:30")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var request = Assert.Single(app.Handler.Requests);
        Assert.Equal("moretime:P-3", request.Action!.ActionId);
        Assert.Equal("2026-12-04", request.Action.Values["date"]);
        Assert.Equal("16:30", request.Action.Values["time"]);
        Assert.Equal("D1:1700000000.000100", request.Action.MessageId);
        var post = await app.Api.WaitForHookPostAsync();
        Assert.Equal("P-3 moved to Fri 4 Dec", post.Json["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ViewSubmission_FromAChecklistOnAnEphemeralMessage_ReplacesThatMessage()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(TickedChecklist());
        var click = ButtonClick("pb-makeright:P-3", MoreTimeButtonValue());
        click["container"]!["is_ephemeral"] = true;
        using (await app.PostInteractionAsync(click))
        {
        }

        var metadata = app.Api.CallsTo("views.open").Single().Json["view"]!["private_metadata"]!.GetValue<string>();
        using var response = await app.PostInteractionAsync(Submission(metadata, DateAndTime("2026-12-04", "16:30")));
        var post = await app.Api.WaitForHookPostAsync();
        await app.WhenIdleAsync();

        Assert.True(post.Json["replace_original"]!.GetValue<bool>());
        Assert.Empty(app.Api.CallsTo("chat.update"));
    }

    [Fact]
    public async Task ViewSubmission_FromAChecklistInADirectMessage_EditsItWithChatUpdate()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(TickedChecklist());
        using (await app.PostInteractionAsync(ButtonClick("pb-makeright:P-3", MoreTimeButtonValue(), messageTs: "1700000000.000555")))
        {
        }

        var metadata = app.Api.CallsTo("views.open").Single().Json["view"]!["private_metadata"]!.GetValue<string>();
        using var response = await app.PostInteractionAsync(Submission(metadata, DateAndTime("2026-12-04", "16:30")));
        await app.Api.WaitForAsync(s => s.CallsTo("chat.update") is [var first, ..] ? first : null);
        await app.WhenIdleAsync();

        var update = Assert.Single(app.Api.CallsTo("chat.update"));
        Assert.Equal(("D1", "1700000000.000555"), (update.Json["channel"]!.GetValue<string>(), update.Json["ts"]!.GetValue<string>()));
        Assert.Empty(app.Api.HookPosts);
    }

    [Fact]
    public async Task ViewSubmission_ShowsFieldError_WhenHandlerRejectsTheInput()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Problem("That date has already passed."));
        var metadata = """{"a":"moretime:P-3","c":"D1","m":"1700000000.000100","e":"date"}""";

        using var response = await app.PostInteractionAsync(Submission(metadata, DateAndTime("2020-01-01", "09:00")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("errors", json["response_action"]!.GetValue<string>());
        Assert.Equal("That date has already passed.", json["errors"]!["date"]!.GetValue<string>());
        await app.WhenIdleAsync();
        Assert.Empty(app.Api.HookPosts);
        Assert.Empty(app.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ViewSubmission_PutsTimeErrorsUnderTheTimeInput()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Problem("25:00 is not a time of day."));

        using var response = await app.PostInteractionAsync(Submission("""{"a":"moretime:P-3","e":"date"}""", DateAndTime("2026-12-04", "09:00")));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.NotNull(json["errors"]!["time"]);
    }

    [Fact]
    public async Task ViewSubmission_PassesTheDueTypedInWords_AndPutsItsErrorsUnderIt()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Problem("I couldn't use \"3pm ETT\" as the new due: \"ETT\" is not a time zone I know. Nothing changed."));
        var values = DateAndTime("2026-12-04", "09:00");
        values["when"] = new JsonObject { ["when"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "3pm ETT" } };

        using var response = await app.PostInteractionAsync(Submission("""{"a":"moretime:P-3","e":"date"}""", values));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("3pm ETT", Assert.Single(app.Handler.Requests).Action!.Values["when"]);
        Assert.NotNull(json["errors"]!["when"]);
        Assert.Null(json["errors"]!["time"]);
    }

    [Fact]
    public async Task ViewSubmission_RepliesByDirectMessage_WhenThereIsNoResponseUrl()
    {
        await using var app = await SlackTestApp.StartAsync();
        app.Handler.Respond = (_, _) => Task.FromResult(OutboundMessage.Plain("Saved"));

        using var response = await app.PostInteractionAsync(Submission("""{"a":"edit:P-3","h":true}""", DateAndTime("2026-12-04", "09:00")));
        await app.WhenIdleAsync();

        var post = Assert.Single(app.Api.CallsTo("chat.postMessage"));
        Assert.Equal("DU1", post.Json["channel"]!.GetValue<string>());
        Assert.Equal("Saved", post.Json["text"]!.GetValue<string>());

        // From the Home tab, the tab is refreshed too.
        Assert.Single(app.Api.CallsTo("views.publish"));
    }

    [Fact]
    public async Task Interactivity_Returns400_WhenPayloadIsNotJson()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostFormAsync("/slack/interactivity", new Dictionary<string, string> { ["payload"] = "{not json" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactivity_Returns400_WhenPayloadIsMissing()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.PostFormAsync("/slack/interactivity", new Dictionary<string, string> { ["other"] = "1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
