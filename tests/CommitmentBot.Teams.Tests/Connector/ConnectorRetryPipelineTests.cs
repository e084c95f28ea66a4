using System.Globalization;
using System.Net;
using CommitmentBot.Http;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Http;

namespace CommitmentBot.Teams.Tests.Connector;

/// <summary>
/// The Bot Connector client's retry pipeline as AddTeams registers it, against a scripted connector, on a fake clock
/// that only the test moves: what is retried, how long it waits, what is handed back to the outbox.
/// </summary>
public sealed class ConnectorRetryPipelineTests : IDisposable
{
    private static readonly Uri Activities = new("https://smba.example.test/teams/v3/conversations/a%3A1/activities");

    private readonly RetryPipelineProbe _probe = new(
        (services, configuration) => services.AddTeams(configuration),
        new Dictionary<string, string?>
        {
            ["Teams:AppId"] = BotTokens.AppId,
            ["Teams:AppPassword"] = "test-secret",
            ["Teams:TenantId"] = TeamsTestApp.TenantId,
        });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ScriptedHttpHandler Connector => _probe.FarEnd;

    public void Dispose() => _probe.Dispose();

    [Fact]
    public async Task Throttle_WaitsWhatRetryAfterSays_OnTheHostClock()
    {
        Connector.Then(HttpStatusCode.TooManyRequests, "4");

        var send = Post();

        Assert.Equal(TimeSpan.FromSeconds(4), await _probe.Time.NextWaitAsync(RetryPipelineProbe.Patience));
        Assert.Equal(1, Connector.Calls);
        Assert.False(send.IsCompleted);
        _probe.Time.Advance(TimeSpan.FromSeconds(4));
        using var response = await Finished(send);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Connector.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "00:00:10", "120")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "00:00:10", "60")]
    [InlineData(HttpStatusCode.BadGateway, "00:00:00", null)]
    public async Task WaitLongerThanTheCap_IsHandedBackAtOnce_WithoutWaitingOnAClockNobodyMoves(HttpStatusCode status, string cap, string? retryAfter)
    {
        _probe.With(new Dictionary<string, string?> { ["Teams:ConnectorMaxRetryAfter"] = cap });
        Connector.Then(status, retryAfter);

        using var response = await Finished(Post());

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(retryAfter is null ? null : TimeSpan.FromSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)), RetryAfter.Read(response, _probe.Time));
        Assert.Equal(1, Connector.Calls);
        Assert.Equal(0, _probe.Time.WaitsStarted);
    }

    [Fact]
    public async Task Backoff_DoublesFromTheBaseDelay_WithJitterWithinTwentyPercent()
    {
        _probe.With(new Dictionary<string, string?> { ["Teams:ConnectorMaxAttempts"] = "3", ["Teams:ConnectorRetryBaseDelay"] = "00:00:00.500" });
        var waits = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            Connector.Then(HttpStatusCode.ServiceUnavailable).Then(HttpStatusCode.PreconditionFailed);
            var send = Post();
            waits.Add(await _probe.PassNextWaitAsync());
            waits.Add(await _probe.PassNextWaitAsync());
            using var response = await Finished(send);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(waits.Where((_, i) => i % 2 == 0), w => Assert.InRange(w.TotalMilliseconds, 400, 600));
        Assert.All(waits.Where((_, i) => i % 2 == 1), w => Assert.InRange(w.TotalMilliseconds, 800, 1200));
        Assert.Equal(15, Connector.Calls);
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
        _probe.With(new Dictionary<string, string?> { ["Teams:ConnectorMaxAttempts"] = "2" });
        Connector.Then(status);

        var send = Post();
        if (expectedCalls == 2)
        {
            await _probe.PassNextWaitAsync();
        }

        using var response = await Finished(send);
        Assert.Equal(expectedCalls, Connector.Calls);
        Assert.Equal(expectedCalls == 2 ? HttpStatusCode.OK : status, response.StatusCode);
    }

    [Fact]
    public async Task ConnectionFailure_IsNotRetried_SinceTheConnectorMayHaveTakenIt()
    {
        Connector.ThenRefuseConnection();

        await Assert.ThrowsAsync<HttpRequestException>(() => Finished(Post()));
        Assert.Equal(1, Connector.Calls);
    }

    private static Task<HttpResponseMessage> Finished(Task<HttpResponseMessage> send) => send.WaitAsync(RetryPipelineProbe.Patience, Ct);

    private Task<HttpResponseMessage> Post() =>
        _probe.Client(BotConnectorClient.HttpClientName).PostAsync(Activities, new StringContent("""{"type":"message"}"""), Ct);
}
