using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Messages;
using CommitmentBot.Teams.References;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Teams.Tests.Endpoint;

public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private TeamsTestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TeamsTestApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string ServiceUrl => _app.Microsoft.ServiceUrl;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Message_RunsHandlerAndPostsReply_WhenUserTypesCommand()
    {
        var activity = TestActivities.Message(ServiceUrl, "promise send the quote for Acme by Friday 3pm", id: "1700000000001");

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the reply");
        var request = Assert.Single(_app.Handler.Requests);
        Assert.Equal("teams", request.Platform);
        Assert.Equal(TeamsTestApp.TenantId, request.WorkspaceId);
        Assert.Equal(TestActivities.UserObjectId, request.UserId);
        Assert.Equal("Dana Rep", request.UserName);
        Assert.Equal("America/Los_Angeles", request.PlatformTimeZone);
        Assert.Equal("send the quote for Acme by Friday 3pm", request.Text);
        Assert.Null(request.Action);
        Assert.True(request.IsDirectMessage);
        Assert.Equal(TestActivities.PersonalConversation, request.ChannelId);
        Assert.StartsWith("1700000000001@", request.ClientRequestId, StringComparison.Ordinal);

        var reply = _app.Microsoft.Accepted[0];
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(TestActivities.PersonalConversation)}/activities/1700000000001", reply.Path);
        Assert.Equal("Bearer outbound-token-1", reply.Authorization);
        var attachment = reply.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("Got it: P-42 for Acme", attachment["content"]!["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Message_StripsBotMentionAndKeepsChannel_WhenSentInChannel()
    {
        var activity = TestActivities.ChannelMessage(ServiceUrl, "<at>CommitmentBot</at> admin channel");

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the reply");
        var request = Assert.Single(_app.Handler.Requests);
        Assert.Equal("admin channel", request.Text);
        Assert.Equal(TestActivities.ChannelId, request.ChannelId);
        Assert.False(request.IsDirectMessage);

        // The channel and its team are remembered for escalations.
        Assert.NotNull(await _app.References.FindAsync(TeamsTestApp.TenantId, ConversationReferenceKind.Channel, TestActivities.ChannelId, Ct));
        Assert.NotNull(await _app.References.FindAsync(TeamsTestApp.TenantId, ConversationReferenceKind.Team, TestActivities.TeamId, Ct));
    }

    [Fact]
    public async Task Message_ReplacesOtherMentionsWithObjectIds_WhenCommandNamesAPerson()
    {
        var activity = TestActivities.Message(ServiceUrl, "promise record <at>Lee Manager</at> this month");
        activity["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "29:lee", ["name"] = "Lee Manager" },
            ["text"] = "<at>Lee Manager</at>",
        });

        using var response = await _app.PostAsync(activity);

        await FakeBotFramework.WaitUntilAsync(() => _app.Handler.Requests.Count == 1, "the handler");
        Assert.Equal("record <@aad-29:lee> this month", _app.Handler.Requests[0].Text);
    }

    [Fact]
    public async Task Submit_SendsChatActionAndReplacesCard_WhenButtonPressed()
    {
        _app.Handler.Reply = OutboundMessage.Plain("P-42 moved to Fri 4 Dec, 3:00 PM.");
        var value = new JsonObject
        {
            ["actionId"] = "moretime:P-42",
            ["section"] = "1",
            ["1.date"] = "2026-12-04",
            ["1.time"] = "15:00",
            ["2.date"] = "2026-12-09",
        };

        using var response = await _app.PostAsync(TestActivities.Submit(ServiceUrl, value, replyToId: "card-77"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the card update");
        var action = Assert.Single(_app.Handler.Requests).Action;
        Assert.NotNull(action);
        Assert.Equal("moretime:P-42", action.ActionId);
        Assert.Equal("card-77", action.MessageId);
        Assert.Equal(new Dictionary<string, string> { ["date"] = "2026-12-04", ["time"] = "15:00" }, action.Values);
        var update = _app.Microsoft.Accepted[0];
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/activities/card-77", update.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RepliesInstead_WhenCardCannotBeUpdated()
    {
        _app.Microsoft.Script(new ScriptedResponse(404, Body: """{"error":{"code":"ActivityNotFound","message":"gone"}}"""));
        var value = new JsonObject { ["actionId"] = "done:P-42", ["section"] = "1" };

        using var response = await _app.PostAsync(TestActivities.Submit(ServiceUrl, value));

        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the fallback reply");
        Assert.Equal("POST", _app.Microsoft.Accepted[0].Method);
    }

    [Fact]
    public async Task Invoke_ReturnsCardInvokeResponse_WhenActionExecuteIsPressed()
    {
        _app.Handler.Reply = OutboundMessage.Plain("P-42 closed as kept. Nicely done.");
        var activity = TestActivities.Execute(ServiceUrl, "done:P-42", new JsonObject { ["actionId"] = "done:P-42", ["section"] = "1" }, replyToId: "card-9");

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Equal("P-42 closed as kept. Nicely done.", body["value"]!["body"]![0]!["text"]!.GetValue<string>());

        var action = Assert.Single(_app.Handler.Requests).Action;
        Assert.Equal("done:P-42", action!.ActionId);
        Assert.Equal("card-9", action.MessageId);
        Assert.Empty(_app.Microsoft.Calls);
    }

    [Fact]
    public async Task Invoke_UsesVerb_WhenDataNamesNoAction()
    {
        var activity = TestActivities.Execute(ServiceUrl, "ack:P-7", new JsonObject());

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ack:P-7", Assert.Single(_app.Handler.Requests).Action!.ActionId);
    }

    [Fact]
    public async Task Invoke_Returns501_WhenInvokeIsNotACardAction()
    {
        var activity = TestActivities.Execute(ServiceUrl, "x", new JsonObject());
        activity["name"] = "composeExtension/query";

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task ConversationUpdate_StoresUserReferenceAndWelcomes_WhenBotInstalledPersonally()
    {
        _app.Handler.Reply = SampleMessages.For(MessageKind.Help);

        using var response = await _app.PostAsync(TestActivities.PersonalInstall(ServiceUrl));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the welcome");
        var reference = await _app.References.FindAsync(TeamsTestApp.TenantId, ConversationReferenceKind.User, TestActivities.UserObjectId, Ct);
        Assert.NotNull(reference);
        Assert.Equal(ServiceUrl, reference.ServiceUrl);
        Assert.Equal(TestActivities.PersonalConversation, reference.ConversationId);
        Assert.Equal(TeamsTestApp.TenantId, reference.TenantId);
        Assert.Equal(TeamsTestApp.BotId, reference.BotId);
        Assert.Equal(TestActivities.UserObjectId, reference.AadObjectId);
        Assert.Equal("help", Assert.Single(_app.Handler.Requests).Text);
    }

    [Fact]
    public async Task ConversationUpdate_StoresTeamAndGeneralChannel_WhenBotAddedToTeam()
    {
        using var response = await _app.PostAsync(TestActivities.TeamInstall(ServiceUrl));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.References.All.Count == 2, "the references");
        var team = await _app.References.FindAsync(TeamsTestApp.TenantId, ConversationReferenceKind.Team, TestActivities.TeamId, Ct);
        Assert.Equal(TestActivities.TeamId, team!.ConversationId);
        Assert.NotNull(await _app.References.FindAsync(TeamsTestApp.TenantId, ConversationReferenceKind.Channel, TestActivities.TeamId, Ct));
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task InstallationUpdate_RemovesReference_WhenUserUninstalls()
    {
        using (await _app.PostAsync(TestActivities.PersonalInstall(ServiceUrl)))
        {
            await FakeBotFramework.WaitUntilAsync(() => _app.References.All.Count == 1, "the reference");
        }

        using var response = await _app.PostAsync(TestActivities.PersonalUninstall(ServiceUrl));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.References.All.Count == 0, "the removal");
    }

    [Fact]
    public async Task Message_IsHandledOnce_WhenTeamsRetriesTheSameActivity()
    {
        var activity = TestActivities.Message(ServiceUrl, "done P-42", id: "1700000000042");

        for (var i = 0; i < 3; i++)
        {
            using var response = await _app.PostAsync(activity);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count >= 1, "the reply");
        await Task.Delay(200, Ct);
        Assert.Single(_app.Handler.Requests);
        Assert.Single(_app.Microsoft.Accepted);
    }

    [Fact]
    public async Task Invoke_IsHandledOnce_WhenRetried()
    {
        var activity = TestActivities.Execute(ServiceUrl, "done:P-42", new JsonObject { ["actionId"] = "done:P-42" }, id: "invoke-1");

        using var first = await _app.PostAsync(activity);
        using var second = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = JsonNode.Parse(await second.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());
        Assert.Single(_app.Handler.Requests);
    }

    [Fact]
    public async Task Message_UsesEachActivitysTenant_WhenTenantsShareTheBot()
    {
        // Same activity id in two tenants: two different requests, each in its own workspace.
        using (await _app.PostAsync(TestActivities.Message(ServiceUrl, "list", id: "1700000000100", tenant: "tenant-a")))
        using (await _app.PostAsync(TestActivities.Message(ServiceUrl, "list", id: "1700000000100", tenant: "tenant-b")))
        {
            await FakeBotFramework.WaitUntilAsync(() => _app.Handler.Requests.Count == 2, "both requests");
        }

        Assert.Equal(["tenant-a", "tenant-b"], _app.Handler.Requests.Select(r => r.WorkspaceId).Order());
        await FakeBotFramework.WaitUntilAsync(() => _app.References.All.Count == 2, "the references");
        Assert.NotNull(await _app.References.FindAsync("tenant-a", ConversationReferenceKind.User, TestActivities.UserObjectId, Ct));
        Assert.NotNull(await _app.References.FindAsync("tenant-b", ConversationReferenceKind.User, TestActivities.UserObjectId, Ct));
    }

    [Fact]
    public async Task Post_Returns400_WhenBodyIsNotJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent("{not json", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _app.ValidToken());

        using var response = await _app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_Returns400_WhenActivityNamesNoTenant()
    {
        var activity = TestActivities.Message(ServiceUrl, "list");
        activity["conversation"]!["tenantId"] = null;
        activity.Remove("channelData");

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task Post_Returns413_WhenBodyIsTooLarge()
    {
        var activity = TestActivities.Message(ServiceUrl, new string('x', 600 * 1024));

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(600 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(40 * 1024, HttpStatusCode.Accepted)]
    public async Task Post_ReadsChunkedBodies_UpToTheLimit(int textLength, HttpStatusCode expected)
    {
        // No Content-Length (chunked): the body is read in pieces and refused only past the limit.
        var activity = TestActivities.Message(ServiceUrl, new string('x', textLength));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(activity.ToJsonString()))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _app.ValidToken());

        using var response = await _app.Client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Message_RepliesWithApology_WhenHandlerThrows()
    {
        await using var app = await TeamsTestApp.StartAsync(handler: new ThrowingHandler());

        using var response = await app.PostAsync(TestActivities.Message(app.Microsoft.ServiceUrl, "list"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => app.Microsoft.Accepted.Count == 1, "the apology");
        var text = app.Microsoft.Accepted[0].Body!["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("something went wrong", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Invoke_AnswersWithErrorCard_WhenHandlerThrows()
    {
        await using var app = await TeamsTestApp.StartAsync(handler: new ThrowingHandler());

        using var response = await app.PostAsync(TestActivities.Execute(app.Microsoft.ServiceUrl, "done:P-1", new JsonObject()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("Attention", body["value"]!["body"]![0]!["color"]!.GetValue<string>());
    }

    private sealed class ThrowingHandler : Core.Commands.IChatRequestHandler
    {
        public Task<OutboundMessage> HandleAsync(Core.Commands.ChatRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("database is down");
    }
}
