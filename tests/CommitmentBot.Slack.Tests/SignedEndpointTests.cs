using System.Net;
using System.Text;
using CommitmentBot.Slack.Tests.Support;

namespace CommitmentBot.Slack.Tests;

/// <summary>Every signed endpoint refuses what Slack did not sign, before any handler runs.</summary>
public sealed class SignedEndpointTests
{
    private const string CommandBody = "team_id=T1&user_id=U1&command=%2Fpromise&text=list&trigger_id=1.2.3";

    public static TheoryData<string> Paths => new() { "/slack/commands", "/slack/interactivity", "/slack/events" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Post_Returns401AndNeverCallsHandler_WhenBodyIsTampered(string path)
    {
        await using var app = await SlackTestApp.StartAsync();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = Request(path, CommandBody.Replace("list", "done P-1", StringComparison.Ordinal), ts, TestSigner.Sign(SlackTestApp.SigningSecret, ts, CommandBody));

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
        Assert.Empty(app.Api.Calls);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Post_Returns401AndNeverCallsHandler_WhenTimestampIsStale(string path)
    {
        await using var app = await SlackTestApp.StartAsync();
        var ts = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds();
        using var request = Request(path, CommandBody, ts, TestSigner.Sign(SlackTestApp.SigningSecret, ts, CommandBody));

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("five minutes", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(app.Handler.Requests);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Post_Returns401AndNeverCallsHandler_WhenHeadersAreMissing(string path)
    {
        await using var app = await SlackTestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(CommandBody, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Slack-No-Retry").Single());
        Assert.Empty(app.Handler.Requests);
    }

    [Fact]
    public async Task Post_Returns401_WhenSignedWithAnotherSecret()
    {
        await using var app = await SlackTestApp.StartAsync();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = Request("/slack/commands", CommandBody, ts, TestSigner.Sign("not-the-secret", ts, CommandBody));

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
    }

    [Fact]
    public async Task Post_Returns413_WhenBodyIsHuge()
    {
        await using var app = await SlackTestApp.StartAsync();
        var body = "payload=" + new string('x', 600 * 1024);

        using var response = await app.PostSignedAsync("/slack/interactivity", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(app.Handler.Requests);
    }

    [Theory]
    [InlineData(100, HttpStatusCode.OK)]
    [InlineData(600 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Post_ReadsBodiesWithoutContentLength_UpToTheCap(int padding, HttpStatusCode expected)
    {
        await using var app = await SlackTestApp.StartAsync();
        var body = CommandBody + "&pad=" + new string('p', padding);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", TestSigner.Sign(SlackTestApp.SigningSecret, ts, body));

        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, app.Handler.Requests.Count);
    }

    /// <summary>A stream that cannot say how long it is, so the request is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static HttpRequestMessage Request(string path, string body, long timestamp, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }
}
