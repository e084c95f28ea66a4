using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Install;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Tests.Support;

/// <summary>
/// The Slack adapter in an in-process web app (TestServer), wired to a fake command handler, in-memory
/// ports and a fake Slack API that also serves response_url posts.
/// </summary>
public sealed class SlackTestApp : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-0123456789";
    public const string BotToken = "xoxb-single-workspace-token";

    private WebApplication _app = null!;

    private SlackTestApp()
    {
    }

    public HttpClient Client { get; private set; } = null!;

    public RecordingChatRequestHandler Handler { get; } = new();

    public InMemoryDeduplicator Deduplicator { get; } = new();

    public InMemoryInstallationStore Installations { get; } = new();

    public FakeSlack Api { get; } = new();

    public InMemoryStores Stores { get; } = new();

    public InMemoryNoticeMutes Mutes { get; } = new();

    public IServiceProvider Services => _app.Services;

    public static async Task<SlackTestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<FakeSlack>? arrange = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ApiBaseUrl"] = FakeSlack.InProcessApiBaseUrl,
            ["Slack:ChannelPostInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration);

        var testApp = new SlackTestApp();
        arrange?.Invoke(testApp.Api);
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddSingleton<IChatRequestHandler>(_ => testApp.Handler);
        builder.Services.AddSingleton<IRequestDeduplicator>(_ => testApp.Deduplicator);
        builder.Services.AddSingleton<ISlackInstallationStore>(_ => testApp.Installations);
        builder.Services.AddSingleton<ICommitmentStore>(testApp.Stores);
        builder.Services.AddSingleton<IPeopleStore>(testApp.Stores);
        builder.Services.AddSingleton<IWorkspaceStore>(testApp.Stores);
        builder.Services.AddSingleton<INoticeMuteStore>(testApp.Mutes);
        builder.Services.ConfigureHttpClientDefaults(http => http
            .ConfigurePrimaryHttpMessageHandler(() => testApp.Api)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan));

        var app = builder.Build();
        app.MapSlack();

        // A do-nothing endpoint: the baseline latency of the in-process server on this machine right now.
        app.MapPost("/test/ping", () => "pong");
        await app.StartAsync();
        testApp._app = app;
        testApp.Client = app.GetTestClient();
        return testApp;
    }

    public Task WhenIdleAsync() => _app.Services.GetRequiredService<SlackFollowUps>().WhenIdleAsync();

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, long? timestamp = null, IDictionary<string, string>? headers = null) =>
        PostSignedAsync(path, Form(fields), "application/x-www-form-urlencoded", timestamp, headers);

    public Task<HttpResponseMessage> PostInteractionAsync(JsonObject payload, long? timestamp = null) =>
        PostFormAsync("/slack/interactivity", new Dictionary<string, string> { ["payload"] = payload.ToJsonString() }, timestamp);

    public Task<HttpResponseMessage> PostEventAsync(JsonObject envelope, IDictionary<string, string>? headers = null) =>
        PostSignedAsync("/slack/events", envelope.ToJsonString(), "application/json", null, headers);

    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, long? timestamp = null, IDictionary<string, string>? headers = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", TestSigner.Sign(SigningSecret, ts, body));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return await Client.SendAsync(request);
    }

    public static string Form(IDictionary<string, string> fields) =>
        string.Join('&', fields.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
