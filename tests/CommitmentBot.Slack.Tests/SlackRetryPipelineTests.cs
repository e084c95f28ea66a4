using System.Globalization;
using System.Net;
using CommitmentBot.Http;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// The Web API and response_url clients' retry pipelines as the app registers them (AddSlack), against a scripted far
/// end, on a fake clock that nobody moves unless the test does: what is retried, how long it waits, what is handed back.
/// </summary>
public sealed class SlackRetryPipelineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly WaitRecordingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedHttpHandler _slack = new();
    private ServiceProvider? _provider;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _provider?.Dispose();

    [Theory]
    [InlineData("3", 3000)]
    [InlineData("1.5", 1500)]
    [InlineData("0", 0)]
    public async Task RateLimit_WaitsWhatRetryAfterSays_OnTheHostClock(string retryAfter, int expectedMs)
    {
        _slack.Then(HttpStatusCode.TooManyRequests, retryAfter);

        var send = Post(safe: false);

        if (expectedMs > 0)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), await _time.NextWaitAsync(Patience));
            Assert.Equal(1, _slack.Calls);
            Assert.False(send.IsCompleted);
            _time.Advance(TimeSpan.FromMilliseconds(expectedMs));
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _slack.Calls);
    }

    [Fact]
    public async Task RateLimit_ReadsAnHttpDateAgainstTheHostClock()
    {
        var at = _time.GetUtcNow().AddSeconds(7);
        _slack.Then(HttpStatusCode.TooManyRequests, at.ToString("R", CultureInfo.InvariantCulture));

        var send = Post(safe: false);

        Assert.Equal(TimeSpan.FromSeconds(7), await _time.NextWaitAsync(Patience));
        _time.Advance(TimeSpan.FromSeconds(7));
        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(2, _slack.Calls);
    }

    [Fact]
    public async Task WaitLongerThanTheCap_IsHandedBackAtOnce_WithTheAnswerThatAskedForIt()
    {
        Build(new() { ["Slack:MaxRetryWait"] = "00:00:30" });
        _slack.Then(HttpStatusCode.TooManyRequests, "120");

        using var response = await Post(safe: false).WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Read(response, _time));
        Assert.Equal(1, _slack.Calls);
        Assert.Equal(0, _time.WaitsStarted);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "30")]
    [InlineData(HttpStatusCode.TooManyRequests, null)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    public async Task ZeroCap_HandsEveryWaitBack_WithoutWaitingOnAClockNobodyMoves(HttpStatusCode status, string? retryAfter)
    {
        // As the end-to-end tests run the app: Slack:MaxRetryWait=0 on a manual clock.
        Build(new() { ["Slack:MaxRetryWait"] = "00:00:00" });
        _slack.Then(status, retryAfter);

        using var response = await Post(safe: true).WaitAsync(Patience, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, _slack.Calls);
        Assert.Equal(0, _time.WaitsStarted);
    }

    [Fact]
    public async Task ZeroCap_StillRetriesARetryAfterOfZero_AtOnce()
    {
        Build(new() { ["Slack:MaxRetryWait"] = "00:00:00" });
        _slack.Then(HttpStatusCode.TooManyRequests, "0");

        using var response = await Post(safe: false).WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _slack.Calls);
    }

    [Fact]
    public async Task Backoff_DoublesWithJitterWithinTwentyPercent_WhenNoWaitIsNamed()
    {
        Build(new() { ["Slack:MaxAttempts"] = "4" });
        var waits = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            _slack.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.ServiceUnavailable);
            var send = Post(safe: true);
            foreach (var nominalMs in new[] { 500, 1000, 2000 })
            {
                var wait = await _time.NextWaitAsync(Patience) ?? throw new Xunit.Sdk.XunitException("no wait started");
                Assert.InRange(wait.TotalMilliseconds, nominalMs * 0.8, nominalMs * 1.2);
                waits.Add(wait);
                _time.Advance(wait);
            }

            using var response = await send.WaitAsync(Patience, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, _slack.Calls);
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
        await RetriedAsync(() => _slack.Then(status), safe, expectedCalls);
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
        await RetriedAsync(() => _slack.Then(HttpStatusCode.OK, body: $$"""{"ok":false,"error":"{{error}}"}"""), safe, expectedCalls);
    }

    [Fact]
    public async Task ConnectionNeverMade_IsRetried_EvenForAPost()
    {
        await RetriedAsync(() => _slack.ThenRefuseConnection(), safe: false, expectedCalls: 2);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "2", 2)]
    [InlineData(HttpStatusCode.TooManyRequests, "11", 1)]
    [InlineData(HttpStatusCode.InternalServerError, null, 1)]
    [InlineData(HttpStatusCode.NotFound, null, 1)]
    public async Task ResponseUrl_IsRepeatedAfterShortRateLimitsOnly(HttpStatusCode status, string? retryAfter, int expectedCalls)
    {
        Build();
        _slack.Then(status, retryAfter);
        var client = _provider!.GetRequiredService<IHttpClientFactory>().CreateClient(ResponseUrlClient.HttpClientName);

        var send = client.PostAsync(new Uri("https://hooks.slack.example/commands/T1/1/secret"), new StringContent("{}"), Ct);
        if (expectedCalls == 2)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), await _time.NextWaitAsync(Patience));
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(expectedCalls, _slack.Calls);
    }

    private async Task RetriedAsync(Action script, bool safe, int expectedCalls)
    {
        Build(new() { ["Slack:MaxAttempts"] = "2" });
        script();

        var send = Post(safe);
        if (expectedCalls == 2)
        {
            var wait = await _time.NextWaitAsync(Patience) ?? throw new Xunit.Sdk.XunitException("no wait started");
            _time.Advance(wait);
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(expectedCalls, _slack.Calls);
        Assert.Equal(expectedCalls == 2 ? 1 : 0, _time.WaitsStarted);
    }

    private Task<HttpResponseMessage> Post(bool safe)
    {
        if (_provider is null)
        {
            Build();
        }

        var client = _provider!.GetRequiredService<IHttpClientFactory>().CreateClient(SlackApiClient.HttpClientName);
        var request = new HttpRequestMessage(HttpMethod.Post, "chat.postMessage") { Content = new StringContent("""{"channel":"C1"}""") };
        request.Options.Set(SlackApiRetry.SafeToRepeat, safe);
        return client.SendAsync(request, Ct);
    }

    private void Build(Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackTestApp.SigningSecret,
            ["Slack:BotToken"] = SlackTestApp.BotToken,
            ["Slack:ApiBaseUrl"] = "https://slack.example/api/",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSlack(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => _slack).SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        _provider = services.BuildServiceProvider();
    }
}
