using System.Diagnostics;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.References;
using CommitmentBot.Teams.Sending;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Teams.Tests.Connector;

/// <summary>The sender and connector client against a fake connector and a fake token endpoint (MSAL in the loop).</summary>
public sealed class TeamsChatSenderTests : IAsyncLifetime
{
    private const string Tenant = TeamsTestApp.TenantId;
    private const string UserObjectId = "aad-user-dana";

    private FakeBotFramework _microsoft = null!;
    private ServiceProvider _services = null!;
    private readonly InMemoryConversationReferenceStore _references = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _microsoft = await FakeBotFramework.StartAsync();
        _services = BuildServices(_microsoft, _references);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _microsoft.DisposeAsync();
    }

    private static ServiceProvider BuildServices(FakeBotFramework microsoft, IConversationReferenceStore references, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = TeamsTestApp.TestSettings(microsoft);

        // Proactive sends rely on configuration to trust the service URL (no inbound activity vouched for it).
        settings["Teams:TrustedServiceUrls:1"] = microsoft.ServiceUrl;
        settings["Teams:FallbackServiceUrl"] = microsoft.ServiceUrl;
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(references);
        services.AddSingleton<Core.Commands.IChatRequestHandler, RecordingChatRequestHandler>();
        services.AddSingleton<IRequestDeduplicator, InMemoryDeduplicator>();
        services.AddTeams(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private IChatSender Sender()
    {
        var scope = _services.CreateScope();
        return scope.ServiceProvider.GetServices<IChatSender>().Single(s => s.Platform == "teams");
    }

    private static ChatDelivery ToUser(long id = 1, string user = UserObjectId) =>
        new(id, Tenant, RecipientKind.User, user, SampleMessages.For(MessageKind.HeadsUp));

    private async Task StoreUserReferenceAsync(string serviceUrl)
    {
        await _references.UpsertAsync(
            new TeamsConversationReference(Tenant, ConversationReferenceKind.User, UserObjectId, serviceUrl, "a:dana-chat", Tenant, TeamsTestApp.BotId, UserObjectId, DateTimeOffset.UnixEpoch),
            Ct);
    }

    [Fact]
    public async Task Send_PostsToStoredChat_WhenUserHasReference()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);

        var id = Assert.IsType<ChatSent>(await Sender().SendAsync(ToUser(), Ct)).PlatformMessageId;

        var call = Assert.Single(_microsoft.Accepted);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations/a%3Adana-chat/activities", call.Path);
        Assert.Equal("msg-1", id);
        Assert.Equal("application/vnd.microsoft.card.adaptive", call.Body!["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_CachesToken_WhenSendingMany()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        var sender = Sender();

        for (var i = 0; i < 10; i++)
        {
            await sender.SendAsync(ToUser(i), Ct);
        }

        Assert.Equal(10, _microsoft.Accepted.Count);
        Assert.Equal(1, _microsoft.TokenRequests);
        Assert.All(_microsoft.Accepted, c => Assert.Equal("Bearer outbound-token-1", c.Authorization));
    }

    [Fact]
    public async Task Send_CreatesConversationAndStoresIt_WhenUserHasNoReference()
    {
        var id = Assert.IsType<ChatSent>(await Sender().SendAsync(ToUser(), Ct)).PlatformMessageId;

        Assert.Equal(2, _microsoft.Accepted.Count);
        var create = _microsoft.Accepted[0];
        Assert.Equal("/v3/conversations", create.Path);
        Assert.False(create.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal(TeamsTestApp.BotId, create.Body["bot"]!["id"]!.GetValue<string>());
        Assert.Equal(UserObjectId, create.Body["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(Tenant, create.Body["tenantId"]!.GetValue<string>());
        Assert.Equal(Tenant, create.Body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal("/v3/conversations/a%3Aconversation-1/activities", _microsoft.Accepted[1].Path);
        Assert.Equal("msg-2", id);

        var stored = await _references.FindAsync(Tenant, ConversationReferenceKind.User, UserObjectId, Ct);
        Assert.Equal("a:conversation-1", stored!.ConversationId);
    }

    [Fact]
    public async Task Send_PostsNewThread_WhenRecipientIsChannel()
    {
        var channel = "19:escalations@thread.tacv2";
        await _references.UpsertAsync(
            new TeamsConversationReference(Tenant, ConversationReferenceKind.Channel, channel, _microsoft.ServiceUrl, channel, Tenant, TeamsTestApp.BotId, null, DateTimeOffset.UnixEpoch),
            Ct);

        var id = Assert.IsType<ChatSent>(await Sender().SendAsync(new ChatDelivery(5, Tenant, RecipientKind.Channel, channel, SampleMessages.For(MessageKind.ChannelEscalation)), Ct)).PlatformMessageId;

        var call = Assert.Single(_microsoft.Accepted);
        Assert.Equal("/v3/conversations", call.Path);
        Assert.True(call.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal(channel, call.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal("message", call.Body["activity"]!["type"]!.GetValue<string>());
        Assert.Equal("msg-1", id);
    }

    [Fact]
    public async Task Send_WaitsRetryAfterAndSendsOnce_WhenThrottledBriefly()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(429, RetryAfter: "1"));
        var clock = Stopwatch.StartNew();

        await Sender().SendAsync(ToUser(), Ct);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {clock.Elapsed}");
        Assert.Equal(2, _microsoft.Calls.Count);
        Assert.Single(_microsoft.Accepted);
    }

    [Fact]
    public async Task Send_DefersTransientWithRetryAfter_WhenThrottledLong()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(429, RetryAfter: "120"));

        var error = Assert.IsType<ChatSendDeferred>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(_microsoft.Calls);
        Assert.Empty(_microsoft.Accepted);
    }

    [Fact]
    public async Task Send_RetriesThenSucceeds_WhenGatewayFailsOnce()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(503), new ScriptedResponse(412));

        await Sender().SendAsync(ToUser(), Ct);

        Assert.Equal(3, _microsoft.Calls.Count);
        Assert.Single(_microsoft.Accepted);
    }

    [Fact]
    public async Task Send_DefersTransientAfterMaxAttempts_WhenServiceStaysUnavailable()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(503), new ScriptedResponse(502), new ScriptedResponse(504), new ScriptedResponse(200));

        var error = Assert.IsType<ChatSendDeferred>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Equal(3, _microsoft.Calls.Count);
        Assert.Empty(_microsoft.Accepted);
    }

    [Fact]
    public async Task Send_DoesNotRetry_WhenServerErrorMayHaveDelivered()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(500));

        var error = Assert.IsType<ChatSendDeferred>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Single(_microsoft.Calls);
    }

    [Fact]
    public async Task Send_DoesNotRetry_WhenRequestTimesOut()
    {
        await using var microsoft = await FakeBotFramework.StartAsync();
        var references = new InMemoryConversationReferenceStore();
        // The timeout must be long enough for the request to reach the fake on a busy machine, and shorter than its answer.
        await using var services = BuildServices(microsoft, references, s => s["Teams:ConnectorTimeout"] = "00:00:01.500");
        await references.UpsertAsync(
            new TeamsConversationReference(Tenant, ConversationReferenceKind.User, UserObjectId, microsoft.ServiceUrl, "a:dana-chat", Tenant, TeamsTestApp.BotId, UserObjectId, DateTimeOffset.UnixEpoch),
            Ct);
        microsoft.Script(new ScriptedResponse(200, Delay: TimeSpan.FromSeconds(6)));
        using var scope = services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<TeamsChatSender>();

        var error = Assert.IsType<ChatSendDeferred>(await sender.SendAsync(ToUser(), Ct));

        await FakeBotFramework.WaitUntilAsync(() => microsoft.Calls.Count == 1, "the slow call to finish");
        await Task.Delay(300, Ct);

        // The slow call did arrive (Teams would show it); nothing was sent a second time.
        Assert.Single(microsoft.Calls);
    }

    [Fact]
    public async Task Send_DefersTransientAndSendsNothing_WhenTokenEndpointIsDown()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.TokenStatus = 503;

        var error = Assert.IsType<ChatSendDeferred>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Empty(_microsoft.Calls);
    }

    [Fact]
    public async Task Send_RefusesPermanent_WhenTokenEndpointRejectsCredentials()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.TokenStatus = 401;

        var error = Assert.IsType<ChatSendRefused>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Empty(_microsoft.Calls);
    }

    [Fact]
    public async Task Send_RefusesAndSendsNoToken_WhenServiceUrlIsNotTrusted()
    {
        await StoreUserReferenceAsync("https://attacker.example.net/teams/");

        var error = Assert.IsType<ChatSendRefused>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Contains("not trusted", error.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _microsoft.TokenRequests);
    }

    [Fact]
    public async Task Send_RefusesPermanent_WhenUserBlockedTheBot()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(403, Body: """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."}}"""));

        var error = Assert.IsType<ChatSendRefused>(await Sender().SendAsync(ToUser(), Ct));

        Assert.Contains("ConversationBlockedByUser", error.Reason, StringComparison.Ordinal);
        Assert.Single(_microsoft.Calls);
    }

    [Fact]
    public async Task Send_OpensNewChat_WhenStoredConversationIsGone()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(404, Body: """{"error":{"code":"ConversationNotFound","message":"gone"}}"""));

        await Sender().SendAsync(ToUser(), Ct);

        Assert.Equal(["/v3/conversations/a%3Adana-chat/activities", "/v3/conversations", "/v3/conversations/a%3Aconversation-1/activities"], _microsoft.Calls.Select(c => c.Path));
        Assert.Equal(2, _microsoft.Accepted.Count);
    }

    [Fact]
    public async Task Send_RefreshesTokenOnce_WhenConnectorRejectsIt()
    {
        await StoreUserReferenceAsync(_microsoft.ServiceUrl);
        _microsoft.Script(new ScriptedResponse(401));

        await Sender().SendAsync(ToUser(), Ct);

        Assert.Equal(2, _microsoft.TokenRequests);
        Assert.Equal("Bearer outbound-token-2", Assert.Single(_microsoft.Accepted).Authorization);
    }

    [Fact]
    public async Task FindSent_CannotTell_BecauseTeamsHasNoLookup()
    {
        Assert.IsType<SentUnknowable>(await Sender().FindSentAsync(ToUser(), DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task UpdateActivity_PutsWholeActivity_WhenReplacingCard()
    {
        var client = _services.GetRequiredService<IBotConnectorClient>();
        var renderer = _services.GetRequiredService<Teams.Cards.AdaptiveCardRenderer>();

        await client.UpdateActivityAsync(_microsoft.ServiceUrl, "a:dana-chat", "msg-77", renderer.ToActivity(OutboundMessage.Plain("Done.")), Ct);

        var call = Assert.Single(_microsoft.Accepted);
        Assert.Equal("PUT", call.Method);
        Assert.Equal("/v3/conversations/a%3Adana-chat/activities/msg-77", call.Path);
        Assert.Equal("msg-77", call.Body!["id"]!.GetValue<string>());
    }
}
