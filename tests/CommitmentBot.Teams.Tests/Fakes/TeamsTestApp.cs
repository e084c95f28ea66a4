using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.References;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Teams.Tests.Fakes;

/// <summary>
/// The Teams adapter as the host will run it (AddTeams + MapTeams on Kestrel at 127.0.0.1:0),
/// with a recording command handler, in-memory stores, a fake clock and every Microsoft endpoint faked.
/// </summary>
public sealed class TeamsTestApp : IAsyncDisposable
{
    public const string TenantId = "tenant-contoso";
    public const string BotId = "28:" + BotTokens.AppId;

    private TeamsTestApp(
        WebApplication app,
        FakeBotFramework microsoft,
        BotSigningKey key,
        FakeTimeProvider clock,
        RecordingChatRequestHandler handler,
        InMemoryConversationReferenceStore references)
    {
        App = app;
        Microsoft = microsoft;
        Key = key;
        Clock = clock;
        Handler = handler;
        References = references;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }

    public FakeBotFramework Microsoft { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingChatRequestHandler Handler { get; }

    public InMemoryConversationReferenceStore References { get; }

    public BotSigningKey Key { get; }

    public static async Task<TeamsTestApp> StartAsync(Action<Dictionary<string, string?>>? configure = null, IChatRequestHandler? handler = null)
    {
        var microsoft = await FakeBotFramework.StartAsync();
        var key = microsoft.Key;

        var settings = TestSettings(microsoft);
        configure?.Invoke(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);

        var recording = new RecordingChatRequestHandler { Reply = SampleMessages.Created() };
        var references = new InMemoryConversationReferenceStore();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IChatRequestHandler>(handler ?? recording);
        builder.Services.AddSingleton<IRequestDeduplicator, InMemoryDeduplicator>();
        builder.Services.AddSingleton<IConversationReferenceStore>(references);
        builder.Services.AddTeams(builder.Configuration);

        var app = builder.Build();
        app.MapTeams();
        await app.StartAsync();
        return new TeamsTestApp(app, microsoft, key, clock, recording, references);
    }

    public static Dictionary<string, string?> TestSettings(FakeBotFramework microsoft) => new()
    {
        ["Teams:AppId"] = BotTokens.AppId,
        ["Teams:AppPassword"] = "test-secret",
        ["Teams:TenantId"] = TenantId,
        ["Teams:OpenIdMetadataUrl"] = microsoft.OpenIdMetadataUrl,
        ["Teams:TokenUrl"] = microsoft.TokenUrl,
        ["Teams:ConnectorRetryBaseDelay"] = "00:00:00.010",
        // Generous: on a starved CI machine the fake's key document can take seconds; tests of a timeout set their own.
        ["Teams:ConnectorTimeout"] = "00:00:30",
    };

    /// <summary>A valid token for the fake service URL at the app's clock.</summary>
    public string ValidToken() => BotTokens.Issue(Key, Clock.GetUtcNow(), Microsoft.ServiceUrl);

    /// <summary>POSTs an activity with the given token (a valid one when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? ValidToken());
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Microsoft.DisposeAsync();
    }
}
