using System.Net;
using CommitmentBot.Http;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Teams.Tests.Connector;

/// <summary>
/// The Bot Connector client's retry pipeline as AddTeams registers it, against a scripted connector, on a fake clock
/// that only the test moves: what is retried, how long it waits, what is handed back to the outbox.
/// </summary>
public sealed class ConnectorRetryPipelineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly Uri Activities = new("https://smba.example.test/teams/v3/conversations/a%3A1/activities");
    private readonly WaitRecordingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedHttpHandler _connector = new();
    private ServiceProvider? _provider;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _provider?.Dispose();

    [Fact]
    public async Task Throttle_WaitsWhatRetryAfterSays_OnTheHostClock()
    {
        _connector.Then(HttpStatusCode.TooManyRequests, "4");

        var send = Post();

        Assert.Equal(TimeSpan.FromSeconds(4), await _time.NextWaitAsync(Patience));
        Assert.Equal(1, _connector.Calls);
        Assert.False(send.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(4));
        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _connector.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "120")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "60")]
    public async Task WaitLongerThanTheCap_IsHandedBackAtOnce(HttpStatusCode status, string retryAfter)
    {
        Build(new() { ["Teams:ConnectorMaxRetryAfter"] = "00:00:10" });
        _connector.Then(status, retryAfter);

        using var response = await Post().WaitAsync(Patience, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), RetryAfter.Read(response, _time));
        Assert.Equal(1, _connector.Calls);
        Assert.Equal(0, _time.WaitsStarted);
    }

    [Fact]
    public async Task ZeroCap_HandsTheBackOffBack_WithoutWaitingOnAClockNobodyMoves()
    {
        Build(new() { ["Teams:ConnectorMaxRetryAfter"] = "00:00:00" });
        _connector.Then(HttpStatusCode.BadGateway);

        using var response = await Post().WaitAsync(Patience, Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, _connector.Calls);
        Assert.Equal(0, _time.WaitsStarted);
    }

    [Fact]
    public async Task Backoff_DoublesFromTheBaseDelay_WithJitterWithinTwentyPercent()
    {
        Build(new() { ["Teams:ConnectorMaxAttempts"] = "3", ["Teams:ConnectorRetryBaseDelay"] = "00:00:00.500" });
        var waits = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            _connector.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.PreconditionFailed);
            var send = Post();
            foreach (var nominalMs in new[] { 500, 1000 })
            {
                var wait = await _time.NextWaitAsync(Patience) ?? throw new Xunit.Sdk.XunitException("no wait started");
                Assert.InRange(wait.TotalMilliseconds, nominalMs * 0.8, nominalMs * 1.2);
                waits.Add(wait);
                _time.Advance(wait);
            }

            using var response = await send.WaitAsync(Patience, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(15, _connector.Calls);
        Assert.True(waits.Distinct().Count() > 3, "the waits carry no jitter");
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, 2)]
    [InlineData(HttpStatusCode.PreconditionFailed, 2)]
    [InlineData(HttpStatusCode.BadGateway, 2)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 2)]
    [InlineData(HttpStatusCode.GatewayTimeout, 2)]
    [InlineData(HttpStatusCode.InternalServerError, 1)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    [InlineData(HttpStatusCode.Unauthorized, 1)]
    [InlineData(HttpStatusCode.Forbidden, 1)]
    [InlineData(HttpStatusCode.NotFound, 1)]
    public async Task Status_IsRetried_OnlyWhenTheConnectorTookNothing(HttpStatusCode status, int expectedCalls)
    {
        Build(new() { ["Teams:ConnectorMaxAttempts"] = "2" });
        _connector.Then(status);

        var send = Post();
        if (expectedCalls == 2)
        {
            var wait = await _time.NextWaitAsync(Patience) ?? throw new Xunit.Sdk.XunitException("no wait started");
            _time.Advance(wait);
        }

        using var response = await send.WaitAsync(Patience, Ct);
        Assert.Equal(expectedCalls, _connector.Calls);
        Assert.Equal(expectedCalls == 2 ? HttpStatusCode.OK : status, response.StatusCode);
    }

    [Fact]
    public async Task ConnectionFailure_IsNotRetried_SinceTheConnectorMayHaveTakenIt()
    {
        Build();
        _connector.ThenRefuseConnection();

        await Assert.ThrowsAsync<HttpRequestException>(() => Post().WaitAsync(Patience, Ct));
        Assert.Equal(1, _connector.Calls);
    }

    private Task<HttpResponseMessage> Post()
    {
        if (_provider is null)
        {
            Build();
        }

        var client = _provider!.GetRequiredService<IHttpClientFactory>().CreateClient(BotConnectorClient.HttpClientName);
        return client.PostAsync(Activities, new StringContent("""{"type":"message"}"""), Ct);
    }

    private void Build(Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = BotTokens.AppId,
            ["Teams:AppPassword"] = "test-secret",
            ["Teams:TenantId"] = TeamsTestApp.TenantId,
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddTeams(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => _connector).SetHandlerLifetime(Timeout.InfiniteTimeSpan));
        _provider = services.BuildServiceProvider();
    }
}
