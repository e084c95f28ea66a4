using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.BotFramework;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Teams;

/// <summary>
/// SPEC's "Capture where the promise is made" and "Noticing promises" on Teams, through the whole app against
/// <see cref="FakeBotFramework"/>: the message action's <c>composeExtension/fetchTask</c> and
/// <c>composeExtension/submitAction</c> invokes, and channel messages read under resource-specific consent.
/// </summary>
[Collection(TeamsHostGroup.Name)]
public sealed class TeamsCaptureTests : IAsyncLifetime
{
    private const string Link = "https://teams.microsoft.com/l/message/19%3Aacme-deal%40thread.tacv2/1700000000123?tenantId=tenant-contoso";
    private static readonly TeamsUser Dana = new("aad-dana", "Dana Rep", TeamsHost.TenantA);
    private static readonly TeamsUser Maria = new("aad-maria", "Maria Manager", TeamsHost.TenantA, "America/New_York");
    private static readonly TeamsChannel AcmeDeal = new("19:acme-deal@thread.tacv2", "19:sales-general@thread.tacv2", TeamsHost.TenantA);

    private TeamsHost host = null!;

    public async ValueTask InitializeAsync() => host = await TeamsHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private async Task<IReadOnlyList<Commitment>> DanasPromisesAsync() =>
        await host.App.Services.GetRequiredService<ICommitmentStore>().ListActiveByOwnersAsync(TeamsHost.TenantA, [Dana.ObjectId], 50, CancellationToken.None);

    private static JsonObject MessagePayload(string html) => new()
    {
        ["id"] = "1700000000123",
        ["createdDateTime"] = "2026-11-23T16:55:00.000Z",
        ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html },
        ["from"] = new JsonObject { ["user"] = new JsonObject { ["id"] = Dana.ObjectId, ["displayName"] = Dana.Name } },
        ["linkToMessage"] = Link,
    };

    private JsonObject Invoke(TeamsUser user, string name, JsonObject value, string? id = null)
    {
        var activity = TeamsActivities.ChannelMessage(host.Microsoft.ServiceUrl, user, AcmeDeal, "");
        activity["type"] = "invoke";
        activity["name"] = name;
        activity.Remove("text");

        // Invokes carry the client's info (its zone) but no mention.
        activity["entities"] = new JsonArray([.. activity["entities"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "clientInfo").Select(e => e!.DeepClone())]);
        activity["value"] = value;
        if (id is not null)
        {
            activity["id"] = id;
        }

        return activity;
    }

    private async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await host.PostAsync(activity);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A channel message that does not @mention the bot, as Teams delivers it under ChannelMessage.Read.Group.</summary>
    private JsonObject Overheard(TeamsUser user, string text, string? id = null)
    {
        var activity = TeamsActivities.ChannelMessage(host.Microsoft.ServiceUrl, user, AcmeDeal, "");
        activity["text"] = "<p>" + text + "</p>";
        activity["textFormat"] = "xml";
        activity["entities"] = new JsonArray();
        if (id is not null)
        {
            activity["id"] = id;
        }

        return activity;
    }

    private async Task PostOverheardAsync(JsonObject activity)
    {
        using var response = await host.PostAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static JsonObject FindInput(JsonNode? node, string idSuffix) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true
            && o["id"]?.GetValue<string>()?.EndsWith("." + idSuffix, StringComparison.Ordinal) == true => o,
        JsonObject o => o.Select(p => TryFind(p.Value, idSuffix)).FirstOrDefault(f => f is not null) ?? throw new InvalidOperationException("no input " + idSuffix),
        _ => throw new InvalidOperationException("no input " + idSuffix),
    };

    private static JsonObject? TryFind(JsonNode? node, string idSuffix)
    {
        try
        {
            return node switch
            {
                JsonObject => FindInput(node, idSuffix),
                JsonArray a => a.Select(i => TryFind(i, idSuffix)).FirstOrDefault(f => f is not null),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>What Teams submits from the task module: the Track button's data and every input by id.</summary>
    private static JsonObject Submission(JsonNode card, IDictionary<string, string>? changes = null)
    {
        var submit = CardText.FindAction(card, "capture:new") ?? throw new InvalidOperationException("no Track button");
        Assert.Equal("Action.Submit", submit["type"]!.GetValue<string>());
        var data = (JsonObject)submit["data"]!.DeepClone();
        foreach (var name in new[] { "text", "customer", "when", "link" })
        {
            var input = TryFind(card, name);
            if (input is not null)
            {
                var key = input["id"]!.GetValue<string>();
                data[key] = changes is not null && changes.TryGetValue(name, out var changed) ? changed : input["value"]?.GetValue<string>() ?? "";
            }
        }

        return data;
    }

    private async Task<JsonNode> FetchTaskAsync(string html = "I&#39;ll send you the <b>revised quote</b> by Friday 3pm. Thanks for your patience!") =>
        await InvokeAsync(Invoke(Dana, "composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "trackAsPromise",
            ["commandContext"] = "message",
            ["messagePayload"] = MessagePayload(html),
        }));

    [Fact]
    public async Task FetchTask_AnswersWithATaskModule_HoldingTheFormPrefilledFromTheMessage()
    {
        var answer = await FetchTaskAsync();

        Assert.Equal("continue", answer["task"]!["type"]!.GetValue<string>());
        var value = answer["task"]!["value"]!;
        Assert.Equal("Track as a promise", value["title"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", value["card"]!["contentType"]!.GetValue<string>());
        var card = value["card"]!["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("I'll send you the revised quote by Friday 3pm.", FindInput(card, "text")["value"]!.GetValue<string>());
        Assert.Equal("by Friday 3pm", FindInput(card, "when")["value"]!.GetValue<string>());
        Assert.Equal(Link, FindInput(card, "link")["value"]!.GetValue<string>());
        Assert.Empty(await DanasPromisesAsync());
    }

    [Fact]
    public async Task SubmitAction_CreatesThePromiseLikeACommand_WithTheLink_AndAnswersWithTheConfirmation()
    {
        var card = (await FetchTaskAsync())["task"]!["value"]!["card"]!["content"]!;
        var data = Submission(card, new Dictionary<string, string> { ["customer"] = "Acme" });
        var submit = Invoke(Dana, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "trackAsPromise",
            ["commandContext"] = "message",
            ["data"] = data,
            ["messagePayload"] = MessagePayload("I'll send you the revised quote by Friday 3pm."),
        });

        var answer = await InvokeAsync(submit);
        var retried = await InvokeAsync(submit);

        Assert.Equal("message", answer["task"]!["type"]!.GetValue<string>());
        Assert.Contains("P-1", answer["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("already done", retried["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        var promise = Assert.Single(await DanasPromisesAsync());
        Assert.Equal("Acme", promise.Customer);
        Assert.Equal(Link, promise.SourceLink);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero), promise.DueAt);
    }

    [Fact]
    public async Task SubmitAction_WithAnUnreadableDue_SavesNothing_AndSaysWhy()
    {
        var card = (await FetchTaskAsync())["task"]!["value"]!["card"]!["content"]!;
        var data = Submission(card, new Dictionary<string, string> { ["when"] = "whenever suits" });

        var answer = await InvokeAsync(Invoke(Dana, "composeExtension/submitAction", new JsonObject { ["commandId"] = "trackAsPromise", ["data"] = data }));

        Assert.Equal("message", answer["task"]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(answer["task"]!["value"]!.GetValue<string>()));
        Assert.Empty(await DanasPromisesAsync());
    }

    [Fact]
    public async Task MessageAction_WithAnotherCommandOrNoData_IsRefusedWithAMessage_Not500()
    {
        var other = await InvokeAsync(Invoke(Dana, "composeExtension/fetchTask", new JsonObject { ["commandId"] = "somethingElse" }));
        var noData = await InvokeAsync(Invoke(Dana, "composeExtension/submitAction", new JsonObject { ["commandId"] = "trackAsPromise" }));

        Assert.Equal("message", other["task"]!["type"]!.GetValue<string>());
        Assert.Contains("nothing was saved", noData["task"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await DanasPromisesAsync());
    }

    [Fact]
    public async Task ChannelMessage_WithAPromise_GetsItsAuthorA1To1Note_OnlyWhenNoticingIsOn_AndOncePerMessage()
    {
        await host.InstallAsync(Dana);
        var before = host.Microsoft.MessagesIn(Dana.ChatId).Count;
        await PostOverheardAsync(Overheard(Dana, "I'll send Acme the revised quote by Friday 3pm"));
        var on = await host.SayInChannelAsync(Maria, AcmeDeal, "admin policy notice on");
        Assert.Contains("notice", on.Text, StringComparison.OrdinalIgnoreCase);

        var message = Overheard(Dana, "I&#39;ll send you the revised quote by Friday 3pm");
        await PostOverheardAsync(message);
        await FakeBotFramework.WaitUntilAsync(() => host.Microsoft.MessagesIn(Dana.ChatId).Count > before, "the note", detail: () => host.Microsoft.Describe());
        await PostOverheardAsync(message);
        await host.SayAsync(Dana, "list");

        var toDana = host.Microsoft.MessagesIn(Dana.ChatId).Skip(before).ToList();
        var note = Assert.Single(toDana, c => c.Text.Contains("Looks like you promised", StringComparison.Ordinal));
        Assert.Contains("Track it?", note.Text, StringComparison.Ordinal);
        Assert.NotNull(CardText.FindAction(note.Card, "capture:new"));
        Assert.NotNull(CardText.FindAction(note.Card, "notapromise:" + AcmeDeal.ChannelId));
        Assert.DoesNotContain(host.Microsoft.PostsIn(AcmeDeal.ChannelId), c => c.Text.Contains("Looks like", StringComparison.Ordinal));
        Assert.Empty(await DanasPromisesAsync());
    }

    [Fact]
    public async Task ChannelMessages_WithoutAMention_AreNeverAnswered_AndBotsAndEditsAreIgnored()
    {
        await host.InstallAsync(Dana);
        await host.SayInChannelAsync(Maria, AcmeDeal, "admin policy notice on");
        var callsBefore = host.Microsoft.Accepted.Count;

        var chatter = Overheard(Dana, "morning all, call moved to 3pm");
        await PostOverheardAsync(chatter);
        var fromBot = Overheard(Dana, "I'll send you the revised quote by Friday 3pm");
        fromBot["from"] = new JsonObject { ["id"] = "28:another-bot", ["name"] = "Other bot", ["role"] = "bot" };
        await PostOverheardAsync(fromBot);
        var edited = Overheard(Dana, "I'll send you the revised quote by Friday 3pm");
        edited["type"] = "messageUpdate";
        edited["channelData"]!["eventType"] = "editMessage";
        await PostOverheardAsync(edited);
        var chatterId = chatter["id"]!.GetValue<string>();

        // The list reply is the last thing the bot sends; nothing came before it for the overheard messages.
        await host.SayAsync(Dana, "list");
        var after = host.Microsoft.Accepted.Skip(callsBefore).ToList();
        Assert.DoesNotContain(after, c => c.Path.EndsWith("/activities/" + chatterId, StringComparison.Ordinal));
        Assert.Single(after, c => c.Method == "POST" && c.Path.Contains("/activities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoteButtons_TrackCreatesThePromise_AndNotAPromiseMutesTheAuthorInThatChannel()
    {
        await host.InstallAsync(Dana);
        await host.SayInChannelAsync(Maria, AcmeDeal, "admin policy notice on");
        var before = host.Microsoft.MessagesIn(Dana.ChatId).Count;
        await PostOverheardAsync(Overheard(Dana, "we will have the unit shipped by Friday 3pm"));
        await FakeBotFramework.WaitUntilAsync(() => host.Microsoft.MessagesIn(Dana.ChatId).Count > before, "the note", detail: () => host.Microsoft.Describe());
        var note = host.Microsoft.MessagesIn(Dana.ChatId)[before];

        string Id(string name) => FindInput(note.Card, name)["id"]!.GetValue<string>();
        var tracked = await host.PressAsync(Dana, note, "capture:new", new Dictionary<string, string>
        {
            [Id("text")] = "have the unit shipped", [Id("customer")] = "Acme", [Id("when")] = "Friday 3pm",
        });
        Assert.True(tracked.ToJsonString().Contains("P-1", StringComparison.Ordinal), tracked.ToJsonString());
        Assert.Equal("Acme", Assert.Single(await DanasPromisesAsync()).Customer);

        var second = host.Microsoft.MessagesIn(Dana.ChatId).Count;
        await host.PressAsync(Dana, note, "notapromise:" + AcmeDeal.ChannelId);
        await PostOverheardAsync(Overheard(Dana, "I'll send the W-9 by Thursday"));
        await host.SayAsync(Dana, "list");
        Assert.DoesNotContain(host.Microsoft.MessagesIn(Dana.ChatId).Skip(second), c => c.Text.Contains("Looks like you promised", StringComparison.Ordinal));
    }
}
