using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Slack.Support;

/// <summary>
/// The real app (TestApp: WebApplicationFactory, SQLite, fake clock) configured for Slack against a
/// <see cref="FakeSlack"/>, with helpers that sign and send what Slack would send.
/// </summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "e2e-signing-secret-0123456789abcdef";
    public const string BotToken = "xoxb-single-workspace";

    private int triggers;

    private SlackHost(TestApp app, FakeSlack slack, HttpClient client)
    {
        App = app;
        Slack = slack;
        Client = client;
    }

    public TestApp App { get; }

    public FakeSlack Slack { get; }

    public HttpClient Client { get; }

    public DateTimeOffset Now => App.Clock.GetUtcNow();

    /// <summary>Single-workspace mode (<c>Slack:BotToken</c>) unless <paramref name="oauth"/>; extra settings override.</summary>
    public static async Task<SlackHost> StartAsync(bool oauth = false, IDictionary<string, string?>? settings = null)
    {
        TestApp? app = null;
        var slack = await FakeSlack.StartAsync(() => app?.Clock.GetUtcNow() ?? DateTimeOffset.UtcNow);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Slack:ChannelPostInterval"] = "00:00:00",

            // The fake clock never runs on by itself: Slack's waits go back to the outbox, which the test's clock drives.
            ["Slack:MaxRetryWait"] = "00:00:00",
            ["Slack:RequestTimeout"] = "00:00:02",
        };
        if (oauth)
        {
            all["Slack:ClientId"] = "111.222";
            all["Slack:ClientSecret"] = "client-secret";
            all["Slack:RedirectUri"] = "https://bot.example.test/slack/oauth/callback";
            all["Slack:AuthorizeUrl"] = slack.Url + "/oauth/v2/authorize";
        }
        else
        {
            all["Slack:BotToken"] = BotToken;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        app = new TestApp(all);
        var client = app.CreateClient();
        return new SlackHost(app, slack, client);
    }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public string NextTrigger() => "trig-" + Interlocked.Increment(ref triggers).ToString(CultureInfo.InvariantCulture);

    /// <summary>A signed <c>/promise</c> slash command, as Slack sends it.</summary>
    public Task<HttpResponseMessage> CommandAsync(string team, string user, string text, string channel = "C-GENERAL", string? trigger = null, int? retryNum = null)
    {
        var trigger1 = trigger ?? NextTrigger();
        var fields = new Dictionary<string, string>
        {
            ["token"] = "legacy-ignored",
            ["team_id"] = team,
            ["team_domain"] = team.ToLowerInvariant(),
            ["channel_id"] = channel,
            ["channel_name"] = channel.StartsWith('D') ? "directmessage" : "general",
            ["user_id"] = user,
            ["user_name"] = user.ToLowerInvariant(),
            ["command"] = "/promise",
            ["text"] = text,
            ["api_app_id"] = "A1",
            ["response_url"] = Slack.ResponseUrl("cmd-" + trigger1),
            ["trigger_id"] = trigger1,
        };
        var headers = retryNum is { } n ? new Dictionary<string, string> { ["X-Slack-Retry-Num"] = n.ToString(CultureInfo.InvariantCulture), ["X-Slack-Retry-Reason"] = "http_timeout" } : null;
        return PostSignedAsync("/slack/commands", Form(fields), "application/x-www-form-urlencoded", headers);
    }

    /// <summary>Sends a command and returns Slack's view of the answer (the JSON body).</summary>
    public async Task<JsonObject> SayAsync(string team, string user, string text, string channel = "C-GENERAL")
    {
        using var response = await CommandAsync(team, user, text, channel);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/slack/commands answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public Task<HttpResponseMessage> InteractAsync(JsonObject payload) =>
        PostSignedAsync("/slack/interactivity", Form(new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> EventAsync(JsonObject envelope) =>
        PostSignedAsync("/slack/events", envelope.ToJsonString(), "application/json");

    /// <summary>A click on a button of a message the bot posted (block_actions).</summary>
    public static JsonObject Click(string team, string user, string channel, string ts, string actionId, string? value = null, string? responseUrl = null, string? triggerId = null) => new()
    {
        ["type"] = "block_actions",
        ["team"] = new JsonObject { ["id"] = team },
        ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = team },
        ["api_app_id"] = "A1",
        ["trigger_id"] = triggerId ?? "click-trigger",
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = ts },
        ["channel"] = new JsonObject { ["id"] = channel },
        ["message"] = new JsonObject { ["ts"] = ts },
        ["response_url"] = responseUrl,
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = actionId, ["block_id"] = "b1", ["value"] = value, ["action_ts"] = "1" }),
    };

    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, IDictionary<string, string>? headers = null)
    {
        var ts = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", Sign(SigningSecret, ts, body));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return await Client.SendAsync(request);
    }

    public static string Sign(string secret, string timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("v0:" + timestamp + ":" + body));
        return "v0=" + Convert.ToHexStringLower(hash);
    }

    public static string Form(IDictionary<string, string> fields) =>
        string.Join('&', fields.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>Moves the app's clock on, running every ladder step and delivery due on the way.</summary>
    public Task AdvanceAsync(TimeSpan by) => App.AdvanceAsync(Now + by);

    public async Task<Commitment> CommitmentAsync(string team, int number) =>
        await Service<ICommitmentStore>().FindByNumberAsync(team, number, CancellationToken.None)
        ?? throw new InvalidOperationException($"P-{number} does not exist in {team}.");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
