using System.Globalization;
using System.Net;
using CommitmentBot.Http;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Http;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// The Web API and response_url clients' retry pipelines as AddSlack registers them, against a scripted Slack, on a
/// fake clock that nobody moves unless the test does: what is retried, how long it waits, what is handed back.
/// </summary>
public sealed class SlackRetryPipelineTests : IDisposable
{
    private static readonly TimeSpan Patience = RetryPipelineProbe.Patience;

    private readonly RetryPipelineProbe _probe = new(
        (services, configuration) => services.AddSlack(configuration),
        new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackTestApp.SigningSecret,
            ["Slack:BotToken"] = SlackTestApp.BotToken,
            ["Slack:ApiBaseUrl"] = "https://slack.example/api/",
        });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ScriptedHttpHandler Slack => _probe.FarEnd;

    private WaitRecordingTimeProvider Time => _probe.Time;

    public void Dispose() => _probe.Dispose();

    [Theory]
    [InlineData("3", 3000)]
    [InlineData("1.5", 1500)]
    public async Task RateLimit_WaitsWhatRetryAfterSays_OnTheHostClock(string retryAfter, int expectedMs)
    {
        Slack.Then(HttpStatusCode.TooManyRequests, retryAfter);

        var send = Post(safe: false);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), await Time.NextWaitAsync(Patience));
        Assert.Equal(1, Slack.Calls);
        Assert.False(send.IsCompleted);
        Time.Advance(TimeSpan.FromMilliseconds(expectedMs));
        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Slack.Calls);
    }

    [Fact]
    public async Task RateLimit_ReadsAnHttpDateAgainstTheHostClock()
    {
        Slack.Then(HttpStatusCode.TooManyRequests, Time.GetUtcNow().AddSeconds(7).ToString("R", CultureInfo.InvariantCulture));

        var send = Post(safe: false);

        Assert.Equal(TimeSpan.FromSeconds(7), await _probe.PassNextWaitAsync());
        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(2, Slack.Calls);
    }

    [Fact]
    public async Task WaitLongerThanTheCap_IsHandedBackAtOnce_WithTheAnswerThatAskedForIt()
    {
        _probe.With(new Dictionary<string, string?> { ["Slack:MaxRetryWait"] = "00:00:30" });
        Slack.Then(HttpStatusCode.TooManyRequests, "120");

        using var response = await Post(safe: false).WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Read(response, Time));
        Assert.Equal(1, Slack.Calls);
        Assert.Equal(0, Time.WaitsStarted);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "30", 1)]
    [InlineData(HttpStatusCode.TooManyRequests, null, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, 1)]
    [InlineData(HttpStatusCode.TooManyRequests, "0", 2)]
    public async Task ZeroCap_NeverWaitsOnAClockNobodyMoves(HttpStatusCode status, string? retryAfter, int expectedCalls)
    {
        // As the end-to-end tests run the app: Slack:MaxRetryWait=0 on a manual clock. Every wait is handed back, and a
        // Retry-After of zero is retried at once.
        _probe.With(new Dictionary<string, string?> { ["Slack:MaxRetryWait"] = "00:00:00" });
        Slack.Then(status, retryAfter);

        using var response = await Post(safe: true).WaitAsync(Patience, Ct);

        Assert.Equal(expectedCalls == 1 ? status : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedCalls, Slack.Calls);
    }

    [Fact]
    public async Task Backoff_DoublesWithJitterWithinTwentyPercent_WhenNoWaitIsNamed()
    {
        _probe.With(new Dictionary<string, string?> { ["Slack:MaxAttempts"] = "4" });
        var waits = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            Slack.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.ServiceUnavailable);
            var send = Post(safe: true);
            foreach (var nominalMs in new[] { 500, 1000, 2000 })
            {
                var wait = await _probe.PassNextWaitAsync();
                Assert.InRange(wait.TotalMilliseconds, nominalMs * 0.8, nominalMs * 1.2);
                waits.Add(wait);
            }

            using var response = await send.WaitAsync(Patience, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, Slack.Calls);
        Assert.True(waits.Distinct().Count() > 3, "the waits carry no jitter");
    }

    [Theory]
    [InlineData(0.0, 1, 400)]
    [InlineData(0.999_999, 1, 600)]
    [InlineData(0.5, 3, 2000)]
    [InlineData(0.999_999, 10, 9600)]
    [InlineData(0.0, 10, 6400)]
    public void Backoff_StaysWithinItsBounds(double unit, int failedAttempts, int expectedMs)
    {
        var settings = new ChatApiRetrySettings(10, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10));

        Assert.Equal(expectedMs, settings.Backoff(failedAttempts, unit).TotalMilliseconds, 0.01);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, false, 2)]
    [InlineData(HttpStatusCode.InternalServerError, true, 2)]
    [InlineData(HttpStatusCode.BadGateway, true, 2)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true, 2)]
    [InlineData(HttpStatusCode.InternalServerError, false, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false, 1)]
    [InlineData(HttpStatusCode.BadRequest, true, 1)]
    [InlineData(HttpStatusCode.Unauthorized, true, 1)]
    [InlineData(HttpStatusCode.Forbidden, true, 1)]
    [InlineData(HttpStatusCode.NotFound, true, 1)]
    public async Task Status_IsRetried_OnlyWhenSlackTookNothingOrTheCallIsSafeToRepeat(HttpStatusCode status, bool safe, int expectedCalls)
    {
        await RetriedAsync(() => Slack.Then(status), safe, expectedCalls);
    }

    [Theory]
    [InlineData("ratelimited", false, 2)]
    [InlineData("internal_error", true, 2)]
    [InlineData("internal_error", false, 1)]
    [InlineData("service_unavailable", true, 2)]
    [InlineData("channel_not_found", true, 1)]
    [InlineData("invalid_auth", true, 1)]
    public async Task OkFalse_IsRetried_ByItsErrorCode(string error, bool safe, int expectedCalls)
    {
        await RetriedAsync(() => Slack.Then(HttpStatusCode.OK, body: $$"""{"ok":false,"error":"{{error}}"}"""), safe, expectedCalls);
    }

    [Fact]
    public async Task ConnectionNeverMade_IsRetried_EvenForAPost()
    {
        await RetriedAsync(() => Slack.ThenRefuseConnection(), safe: false, expectedCalls: 2);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "2", 2)]
    [InlineData(HttpStatusCode.TooManyRequests, "11", 1)]
    [InlineData(HttpStatusCode.InternalServerError, null, 1)]
    [InlineData(HttpStatusCode.NotFound, null, 1)]
    public async Task ResponseUrl_IsRepeatedAfterShortRateLimitsOnly(HttpStatusCode status, string? retryAfter, int expectedCalls)
    {
        Slack.Then(status, retryAfter);

        var send = _probe.Client(ResponseUrlClient.HttpClientName).PostAsync(new Uri("https://hooks.slack.example/commands/T1/1/secret"), new StringContent("{}"), Ct);
        if (expectedCalls == 2)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), await _probe.PassNextWaitAsync());
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(expectedCalls, Slack.Calls);
    }

    private async Task RetriedAsync(Action script, bool safe, int expectedCalls)
    {
        _probe.With(new Dictionary<string, string?> { ["Slack:MaxAttempts"] = "2" });
        script();

        var send = Post(safe);
        if (expectedCalls == 2)
        {
            await _probe.PassNextWaitAsync();
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(expectedCalls, Slack.Calls);
        Assert.Equal(expectedCalls - 1, Time.WaitsStarted);
    }

    private Task<HttpResponseMessage> Post(bool safe)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "chat.postMessage") { Content = new StringContent("""{"channel":"C1"}""") };
        request.Options.Set(SlackApiRetry.SafeToRepeat, safe);
        return _probe.Client(SlackApiClient.HttpClientName).SendAsync(request, Ct);
    }
}
