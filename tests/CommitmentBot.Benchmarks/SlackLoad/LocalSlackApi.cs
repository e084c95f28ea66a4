using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>
/// A minimal Slack Web API on 127.0.0.1 for the load run: every method answers <c>ok</c> at once (users.info
/// with a time zone, conversations.open with a DM channel, chat.postMessage with a ts), response_url posts
/// are accepted, and calls are counted per method.
/// </summary>
public sealed class LocalSlackApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private long sequence;

    private LocalSlackApi(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyDictionary<string, int> Counts => counts;

    public static async Task<LocalSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new LocalSlackApi(app);
        app.MapPost("/api/{method}", (string method, HttpRequest request) => fake.Answer(method, request));
        app.MapPost("/hooks/{id}", (string id) =>
        {
            fake.counts.AddOrUpdate("response_url", 1, (_, n) => n + 1);
            return Results.Text("ok");
        });
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    private async Task<IResult> Answer(string method, HttpRequest request)
    {
        counts.AddOrUpdate(method, 1, (_, n) => n + 1);
        var body = new JsonObject { ["ok"] = true };
        switch (method)
        {
            case "users.info":
                var form = await request.ReadFormAsync();
                body["user"] = new JsonObject { ["id"] = form["user"].ToString(), ["tz"] = "America/Chicago" };
                break;
            case "conversations.open":
                var open = await JsonNode.ParseAsync(request.Body);
                body["channel"] = new JsonObject { ["id"] = "D" + open?["users"]?.GetValue<string>() };
                break;
            case "chat.postMessage":
                var post = await JsonNode.ParseAsync(request.Body);
                body["channel"] = post?["channel"]?.GetValue<string>();
                body["ts"] = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence):D6}");
                break;
            case "conversations.history":
                body["messages"] = new JsonArray();
                break;
        }

        return Results.Text(body.ToJsonString(), "application/json; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
