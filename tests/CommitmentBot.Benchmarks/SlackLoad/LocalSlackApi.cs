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

/// <summary>A chat.postMessage the fake took: where, its ts, the delivery id in its metadata, and who sent it (the bot token).</summary>
public sealed record RecordedPost(string Channel, string Ts, string Text, long? DeliveryId, string Token, DateTimeOffset ReceivedAt);

/// <summary>
/// A minimal Slack Web API on 127.0.0.1 for the load and chaos runs: every method answers <c>ok</c> at once
/// (users.info with a time zone, conversations.open with a DM channel, chat.postMessage with a ts), response_url
/// posts are accepted, and calls are counted per method. Every posted message is kept with its metadata, and
/// conversations.history serves them back as Slack does (newest first, from <c>oldest</c>, paged by <c>limit</c>) —
/// unless <see cref="HistoryReadable"/> is off, when it answers <c>missing_scope</c> like an app without the
/// history scopes: then the app cannot look up what it sent, as with Teams.
/// </summary>
public sealed class LocalSlackApi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly List<RecordedPost> posts = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> responseUrlPosts = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long sequence;

    private LocalSlackApi(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyDictionary<string, int> Counts => counts;

    /// <summary>False: conversations.history answers <c>missing_scope</c>.</summary>
    public bool HistoryReadable { get; set; } = true;

    /// <summary>Every chat.postMessage taken, in arrival order.</summary>
    public IReadOnlyList<RecordedPost> Posts
    {
        get
        {
            lock (gate)
            {
                return posts.ToList();
            }
        }
    }

    /// <summary>The bodies posted to the response_url <c>/hooks/{id}</c>, in arrival order.</summary>
    public IReadOnlyList<string> ResponseUrlPosts(string id) => responseUrlPosts.TryGetValue(id, out var bodies) ? bodies.ToArray() : [];

    public static async Task<LocalSlackApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new LocalSlackApi(app);
        app.MapPost("/api/{method}", (string method, HttpRequest request) => fake.Answer(method, request));
        app.MapPost("/hooks/{id}", async (string id, HttpRequest request) =>
        {
            fake.counts.AddOrUpdate("response_url", 1, (_, n) => n + 1);
            using var reader = new StreamReader(request.Body);
            fake.responseUrlPosts.GetOrAdd(id, _ => new ConcurrentQueue<string>()).Enqueue(await reader.ReadToEndAsync());
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
                var channel = post?["channel"]?.GetValue<string>() ?? "";
                var ts = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence):D6}");
                Record(channel, ts, post, request.Headers.Authorization.ToString());
                body["channel"] = channel;
                body["ts"] = ts;
                break;
            case "conversations.history":
                if (!HistoryReadable)
                {
                    body = new JsonObject { ["ok"] = false, ["error"] = "missing_scope" };
                    break;
                }

                body = History(await request.ReadFormAsync());
                break;
        }

        return Results.Text(body.ToJsonString(), "application/json; charset=utf-8");
    }

    private void Record(string channel, string ts, JsonNode? post, string authorization)
    {
        long? deliveryId = post?["metadata"]?["event_payload"]?["delivery_id"] is JsonValue id && id.TryGetValue<long>(out var value) ? value : null;
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : authorization;
        lock (gate)
        {
            posts.Add(new RecordedPost(channel, ts, post?["text"]?.GetValue<string>() ?? "", deliveryId, token, DateTimeOffset.UtcNow));
        }
    }

    private JsonObject History(IFormCollection form)
    {
        var channel = form["channel"].ToString();
        var oldest = double.TryParse(form["oldest"], NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var limit = int.TryParse(form["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var skip = int.TryParse(form["cursor"], CultureInfo.InvariantCulture, out var c) ? c : 0;
        List<RecordedPost> matching;
        lock (gate)
        {
            matching = posts
                .Where(p => p.Channel == channel && double.Parse(p.Ts, CultureInfo.InvariantCulture) >= oldest)
                .Reverse()
                .ToList();
        }

        var page = matching.Skip(skip).Take(limit).ToList();
        var messages = new JsonArray();
        foreach (var p in page)
        {
            var message = new JsonObject { ["type"] = "message", ["ts"] = p.Ts, ["text"] = p.Text, ["bot_id"] = "B0FAKE" };
            if (p.DeliveryId is { } deliveryId)
            {
                message["metadata"] = new JsonObject
                {
                    ["event_type"] = "commitmentbot_delivery",
                    ["event_payload"] = new JsonObject { ["delivery_id"] = deliveryId },
                };
            }

            messages.Add(message);
        }

        var more = skip + page.Count < matching.Count;
        return new JsonObject
        {
            ["ok"] = true,
            ["messages"] = messages,
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : "" },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
