using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Slack.Tests;

public sealed class SlackApiClientTests
{
    private const string Token = "xoxb-test";
    private static readonly SlackMessage Hello = new("Hello", [new SectionBlock { Text = TextObject.Mrkdwn("Hello") }]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostMessage_SendsJsonWithBearerToken()
    {
        using var services = new SlackServices();
        var client = services.Get<ISlackApiClient>();

        var posted = await client.PostMessageAsync(Token, "C1", Hello, new OutgoingMetadata("commitmentbot_delivery", new DeliveryPayload(42)), Ct);

        var call = Assert.Single(services.Api.Calls);
        Assert.Equal(new Uri(FakeSlack.InProcessApiBaseUrl + "chat.postMessage"), call.Uri);
        Assert.Equal("Bearer " + Token, call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Equal("C1", call.Json["channel"]!.GetValue<string>());
        Assert.Equal("Hello", call.Json["text"]!.GetValue<string>());
        Assert.Equal("section", call.Json["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(42, call.Json["metadata"]!["event_payload"]!["delivery_id"]!.GetValue<long>());
        Assert.Equal("commitmentbot_delivery", call.Json["metadata"]!["event_type"]!.GetValue<string>());
        Assert.Equal(services.Api.Messages.Single().Ts, posted.Ts);
    }

    [Fact]
    public async Task PostMessage_WaitsRetryAfterAndPostsOnce_WhenRateLimitedWith429()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 3));
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 2));

        await services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct);

        Assert.Equal(3, services.Api.CallsTo("chat.postMessage").Count);
        Assert.Single(services.Api.Messages);
        Assert.Contains(TimeSpan.FromSeconds(3), services.Time.Waits);
        Assert.Contains(TimeSpan.FromSeconds(2), services.Time.Waits);
    }

    [Fact]
    public async Task PostMessage_RetriesAndPostsOnce_WhenSlackAnswersRatelimited()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Error("ratelimited", retryAfterSeconds: 5));

        await services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct);

        Assert.Equal(2, services.Api.CallsTo("chat.postMessage").Count);
        Assert.Single(services.Api.Messages);
        Assert.Contains(TimeSpan.FromSeconds(5), services.Time.Waits);
    }

    [Fact]
    public async Task PostMessage_HandsTheWaitBack_WhenRetryAfterIsLongerThanAllowed()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:MaxRetryWait"] = "00:00:30" });
        services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 120));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct));

        Assert.True(error.Transient);
        Assert.False(error.MaybeDone);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(services.Api.CallsTo("chat.postMessage"));
        Assert.Empty(services.Api.Messages);
    }

    [Fact]
    public async Task PostMessage_GivesUp_AfterMaxAttemptsOfRateLimits()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:MaxAttempts"] = "3" });
        for (var i = 0; i < 5; i++)
        {
            services.Api.Enqueue("chat.postMessage", FakeSlack.Status(HttpStatusCode.TooManyRequests, retryAfterSeconds: 1));
        }

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct));

        Assert.True(error.Transient);
        Assert.Equal(3, services.Api.CallsTo("chat.postMessage").Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task PostMessage_DoesNotRepeat_WhenServerErrorLeavesTheOutcomeUnknown(HttpStatusCode status)
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.PostThenFail(status));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct));

        Assert.True(error.Transient);
        Assert.True(error.MaybeDone);
        Assert.Single(services.Api.CallsTo("chat.postMessage"));
        Assert.Single(services.Api.Messages);
    }

    [Fact]
    public async Task PostMessage_ReportsMaybeDone_WhenSlackDoesNotAnswerInTime()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Hang());

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct));

        Assert.Equal("timeout", error.Error);
        Assert.True(error.Transient);
        Assert.True(error.MaybeDone);
        Assert.Single(services.Api.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ReadMethods_AreRetried_AfterServerErrorsAndTimeouts()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("users.info", FakeSlack.Status(HttpStatusCode.InternalServerError));
        services.Api.Enqueue("users.info", FakeSlack.Hang());
        services.Api.Enqueue("users.info", FakeSlack.Error("internal_error"));

        var user = await services.Get<ISlackApiClient>().GetUserAsync(Token, "U1", Ct);

        Assert.Equal("America/Chicago", user.Tz);
        Assert.Equal(4, services.Api.CallsTo("users.info").Count);
    }

    [Fact]
    public async Task Publish_IsRetried_AfterServerError()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("views.publish", FakeSlack.Status(HttpStatusCode.ServiceUnavailable));

        await services.Get<ISlackApiClient>().PublishViewAsync(Token, "U1", new SlackView("home", []), Ct);

        Assert.Equal(2, services.Api.CallsTo("views.publish").Count);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("invalid_auth")]
    [InlineData("not_in_channel")]
    public async Task Call_ThrowsPermanentError_WithoutRetrying(string slackError)
    {
        using var services = new SlackServices();
        services.Api.Enqueue("chat.postMessage", FakeSlack.Error(slackError));

        var error = await Assert.ThrowsAsync<SlackApiException>(() => services.Get<ISlackApiClient>().PostMessageAsync(Token, "C1", Hello, null, Ct));

        Assert.False(error.Transient);
        Assert.Equal(slackError, error.Error);
        Assert.Single(services.Api.Calls);
    }

    [Fact]
    public async Task History_IsFormEncodedWithMetadataAndNarrowLimit()
    {
        using var services = new SlackServices();
        var oldest = new DateTimeOffset(2026, 3, 2, 9, 59, 0, TimeSpan.Zero).AddTicks(1234560);

        await services.Get<ISlackApiClient>().GetHistoryAsync(Token, "D1", oldest, 15, null, Ct);

        var call = Assert.Single(services.Api.Calls);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("D1", call.Form["channel"]);
        Assert.Equal("1772445540.123456", call.Form["oldest"]);
        Assert.Equal("15", call.Form["limit"]);
        Assert.Equal("true", call.Form["include_all_metadata"]);
    }

    [Fact]
    public async Task PostMessage_PacesPostsToOneChannel()
    {
        using var services = new SlackServices(new Dictionary<string, string?> { ["Slack:ChannelPostInterval"] = "00:00:01" });
        var client = services.Get<ISlackApiClient>();

        await client.PostMessageAsync(Token, "C1", Hello, null, Ct);
        await client.PostMessageAsync(Token, "C2", Hello, null, Ct);
        Assert.Empty(services.Time.Waits);

        await client.PostMessageAsync(Token, "C1", Hello, null, Ct);

        var wait = Assert.Single(services.Time.Waits);
        Assert.InRange(wait, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(1));
        Assert.Equal(3, services.Api.Messages.Count);
    }

    [Fact]
    public async Task ExchangeCode_UsesBasicAuthAndTheRedirectUri()
    {
        using var services = new SlackServices();
        services.Api.Enqueue("oauth.v2.access", FakeSlack.Json(new JsonObject
        {
            ["ok"] = true,
            ["access_token"] = "xoxb-new",
            ["token_type"] = "bot",
            ["team"] = new JsonObject { ["id"] = "T9", ["name"] = "Globex" },
        }));

        var access = await services.Get<ISlackApiClient>().ExchangeCodeAsync("cid", "csecret", "code-1", "https://bot.example/slack/oauth/callback", Ct);

        var call = Assert.Single(services.Api.Calls);
        Assert.Equal("Basic " + Convert.ToBase64String("cid:csecret"u8.ToArray()), call.Authorization);
        Assert.Equal("code-1", call.Form["code"]);
        Assert.Equal("https://bot.example/slack/oauth/callback", call.Form["redirect_uri"]);
        Assert.Equal("xoxb-new", access.AccessToken);
        Assert.Equal("Globex", access.Team!.Name);
    }

    [Theory]
    [InlineData("https://files.slack.com/files-pri/T1-F1/download/managers.csv", "https://slack.com/api/", true)]
    [InlineData("https://FILES.slack.com/files-pri/T1-F1/managers.csv", "https://slack.com/api/", true)]
    [InlineData("http://files.slack.com/files-pri/T1-F1/managers.csv", "https://slack.com/api/", false)]
    [InlineData("https://files.slack.com.evil.example/f.csv", "https://slack.com/api/", false)]
    [InlineData("https://evil.example/files.slack.com/f.csv", "https://slack.com/api/", false)]
    [InlineData("https://slack.com/files-pri/f.csv", "https://slack.com/api/", true)]
    [InlineData("http://127.0.0.1:5001/files-pri/F1", "http://127.0.0.1:5001/api/", true)]
    [InlineData("http://127.0.0.1:5002/files-pri/F1", "http://127.0.0.1:5001/api/", false)]
    [InlineData("not a url", "https://slack.com/api/", false)]
    [InlineData("", "https://slack.com/api/", false)]
    public void IsSlackFileUrl_TrustsSlacksFileHostAndTheConfiguredApiHostOnly(string url, string apiBaseUrl, bool trusted) =>
        Assert.Equal(trusted, SlackApiClient.IsSlackFileUrl(url, apiBaseUrl, out _));

    [Fact]
    public async Task DownloadFile_RefusesAnUntrustedUrl_WithoutSendingTheToken()
    {
        using var services = new SlackServices();

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            services.Get<ISlackApiClient>().DownloadFileAsync(Token, "https://files.example.net/F1/managers.csv", 1024, Ct));

        Assert.Equal("untrusted_file_url", error.Error);
        Assert.False(error.Transient);
        Assert.Empty(services.Api.Calls);
    }
}
