using System.Net;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Slack.Tests;

public sealed class SlackChatSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatDelivery Delivery(long id, RecipientKind kind = RecipientKind.User, string recipient = "U1", string workspace = "T1") => new(
        id,
        workspace,
        kind,
        recipient,
        new OutboundMessage(MessageKind.HeadsUp, "P-3 is due in 2 hours", [new MessageSection("P-3 · Acme", "Send the Q3 deck", [], [new MessageButton("ontrack:P-3", "On track", ButtonStyle.Primary)], [], "P-3")]));

    [Fact]
    public async Task SendAsync_OpensTheDirectMessageAndPostsWithTheDeliveryIdInMetadata()
    {
        using var services = new SlackServices();

        var id = Assert.IsType<ChatSent>(await services.Sender.SendAsync(Delivery(501), Ct)).PlatformMessageId;

        var open = Assert.Single(services.Api.CallsTo("conversations.open"));
        Assert.Equal("U1", open.Json["users"]!.GetValue<string>());
        var message = Assert.Single(services.Api.Messages);
        Assert.Equal("DU1", message.Channel);
        Assert.Equal("P-3 is due in 2 hours", message.Text);
        Assert.Equal(501, message.Metadata!["event_payload"]!["delivery_id"]!.GetValue<long>());
        Assert.Equal("DU1:" + message.Ts, id);
        Assert.Empty(BlockKitLimits.Check(message.Request, Surface.Message));
        Assert.Equal("slack", services.Sender.Platform);
    }

    [Fact]
    public async Task SendAsync_PostsToTheChannel_ForChannelRecipients()
    {
        using var services = new SlackServices();

        await services.Sender.SendAsync(Delivery(502, RecipientKind.Channel, "C777"), Ct);

        Assert.Empty(services.Api.CallsTo("conversations.open"));
        Assert.Equal("C777", Assert.Single(services.Api.Messages).Channel);
    }

    [Fact]
    public async Task SendAsync_OpensEachDirectMessageOnce()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:ChannelPostInterval"] = "00:00:00" });

        await services.Sender.SendAsync(Delivery(1), Ct);
        await services.Sender.SendAsync(Delivery(2), Ct);

        Assert.Single(services.Api.CallsTo("conversations.open"));
        Assert.Equal(2, services.Api.Messages.Count);
    }

    [Fact]
    public async Task SendAsync_ReturnsTheMessageFoundInHistory_WhenSlackPostedButAnsweredWithAnError()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.PostThenFail(HttpStatusCode.InternalServerError));

        var id = Assert.IsType<ChatSent>(await services.Sender.SendAsync(Delivery(503), Ct)).PlatformMessageId;

        var message = Assert.Single(services.Api.Messages);
        Assert.Equal("DU1:" + message.Ts, id);
        Assert.Single(services.Api.CallsTo("conversations.history"));
    }

    [Fact]
    public async Task SendAsync_DefersTransient_AndTheRetrySendsExactlyOnce_WhenTheFirstPostWasLost()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.BadGateway));

        var error = Assert.IsType<ChatSendDeferred>(await services.Sender.SendAsync(Delivery(504), Ct));
        Assert.Empty(services.Api.Messages);

        var id = Assert.IsType<ChatSent>(await services.Sender.SendAsync(Delivery(504), Ct)).PlatformMessageId;

        Assert.Equal("DU1:" + Assert.Single(services.Api.Messages).Ts, id);
    }

    [Fact]
    public async Task SendAsync_DefersTransient_WhenSlackTimesOutWithoutPosting()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Hang());

        var error = Assert.IsType<ChatSendDeferred>(await services.Sender.SendAsync(Delivery(505), Ct));

        Assert.Empty(services.Api.Messages);
    }

    [Fact]
    public async Task SendAsync_WaitsOutARateLimit_AndPostsOnce()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 4));

        await services.Sender.SendAsync(Delivery(506), Ct);

        Assert.Single(services.Api.Messages);
        Assert.Contains(TimeSpan.FromSeconds(4), services.Time.Waits);
    }

    [Fact]
    public async Task SendAsync_PassesRetryAfterOn_WhenTheRateLimitIsLong()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 300));

        var error = Assert.IsType<ChatSendDeferred>(await services.Sender.SendAsync(Delivery(507), Ct));

        Assert.Equal(TimeSpan.FromSeconds(300), error.RetryAfter);
        Assert.Empty(services.Api.Messages);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("is_archived")]
    [InlineData("account_inactive")]
    public async Task SendAsync_RefusesPermanent_ForErrorsATryAgainCannotFix(string slackError)
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Error(slackError));

        var error = Assert.IsType<ChatSendRefused>(await services.Sender.SendAsync(Delivery(508, RecipientKind.Channel, "C1"), Ct));

        Assert.Contains(slackError, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RefusesPermanent_WhenTheWorkspaceHasNoInstall()
    {
        using var services = new SlackServices(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = null,
            ["Slack:ClientId"] = "cid",
            ["Slack:ClientSecret"] = "csecret",
        });

        var error = Assert.IsType<ChatSendRefused>(await services.Sender.SendAsync(Delivery(509, workspace: "T404"), Ct));

        Assert.Empty(services.Api.Calls);
    }

    [Fact]
    public async Task SendAsync_UsesTheStoredTokenOfTheWorkspace_InMultiWorkspaceMode()
    {
        using var services = new SlackServices(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = null,
            ["Slack:ClientId"] = "cid",
            ["Slack:ClientSecret"] = "csecret",
        });
        var protector = services.Get<SlackTokenProtector>();
        var now = services.Time.GetUtcNow();
        await services.Installations.SaveAsync(new SlackInstallation("T2", "T2", null, "Globex", "UBOT", "A1", protector.Protect("xoxb-globex"), "chat:write", now, now), Ct);

        await services.Sender.SendAsync(Delivery(510, RecipientKind.Channel, "C5", workspace: "T2"), Ct);

        Assert.Equal("Bearer xoxb-globex", Assert.Single(services.Api.Calls).Authorization);
    }

    [Fact]
    public async Task FindSentAsync_FindsTheMessageByItsDeliveryId()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:ChannelPostInterval"] = "00:00:00" });
        var started = services.Time.GetUtcNow();
        await services.Sender.SendAsync(Delivery(700), Ct);
        var sent = Assert.IsType<ChatSent>(await services.Sender.SendAsync(Delivery(701), Ct)).PlatformMessageId;
        await services.Sender.SendAsync(Delivery(702), Ct);

        var found = await services.Sender.FindSentAsync(Delivery(701), started, Ct);

        Assert.Equal(new SentFound(sent), found);
        var history = services.Api.CallsTo("conversations.history")[^1];
        Assert.Equal("DU1", history.Form["channel"]);
        Assert.Equal("true", history.Form["include_all_metadata"]);
        Assert.Equal("15", history.Form["limit"]);
        var oldest = decimal.Parse(history.Form["oldest"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(oldest, started.AddMinutes(-2).ToUnixTimeSeconds(), started.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task FindSentAsync_ReturnsNull_WhenTheDeliveryWasNotSent()
    {
        using var services = new SlackServices();
        var started = services.Time.GetUtcNow();
        await services.Sender.SendAsync(Delivery(800), Ct);

        Assert.IsType<SentNotFound>(await services.Sender.FindSentAsync(Delivery(801), started, Ct));
    }

    [Fact]
    public async Task FindSentAsync_PagesThroughHistory()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:ChannelPostInterval"] = "00:00:00" });
        var started = services.Time.GetUtcNow();
        var first = Assert.IsType<ChatSent>(await services.Sender.SendAsync(Delivery(900, RecipientKind.Channel, "C9"), Ct)).PlatformMessageId;
        for (var i = 1; i <= 20; i++)
        {
            await services.Sender.SendAsync(Delivery(900 + i, RecipientKind.Channel, "C9"), Ct);
        }

        var found = await services.Sender.FindSentAsync(Delivery(900, RecipientKind.Channel, "C9"), started, Ct);

        Assert.Equal(new SentFound(first), found);
        Assert.Equal(2, services.Api.CallsTo("conversations.history").Count);
    }

    [Fact]
    public async Task FindSentAsync_SaysItCannotTell_WhenTheBotCannotReadTheChannel()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("conversations.history", FakeSlack.Error("not_in_channel"));

        Assert.IsType<SentUnknowable>(await services.Sender.FindSentAsync(Delivery(1000, RecipientKind.Channel, "C1"), services.Time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task FindSentAsync_IgnoresOtherAppsMetadata()
    {
        using var services = new SlackServices();
        var started = services.Time.GetUtcNow();
        var call = new SlackCall("chat.postMessage", new Uri(FakeSlack.InProcessApiBaseUrl + "chat.postMessage"), null, "application/json",
            """{"channel":"C1","text":"other","metadata":{"event_type":"commitmentbot_delivery","event_payload":{"delivery_id":{"nested":1100}}}}""");
        services.Api.Store(call);
        var call2 = new SlackCall("chat.postMessage", new Uri(FakeSlack.InProcessApiBaseUrl + "chat.postMessage"), null, "application/json",
            """{"channel":"C1","text":"other","metadata":{"event_type":"someone_else","event_payload":{"delivery_id":1100}}}""");
        services.Api.Store(call2);

        Assert.IsType<SentNotFound>(await services.Sender.FindSentAsync(Delivery(1100, RecipientKind.Channel, "C1"), started, Ct));
    }
}
