using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Slack.Support;

/// <summary>A request the fake received.</summary>
public sealed record SlackCall(string Method, string Path, string? Authorization, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>A message the fake Slack keeps after chat.postMessage.</summary>
public sealed record PostedMessage(string Channel, string Ts, string Text, string? Authorization, JsonNode? Metadata, JsonNode Request)
{
    public JsonArray Blocks => Request["blocks"]?.AsArray() ?? [];

    /// <summary>The delivery id the app put in the message metadata.</summary>
    public long? DeliveryId => Metadata?["event_payload"]?["delivery_id"]?.GetValue<long>();

    /// <summary>Every button's action id, in order.</summary>
    public IReadOnlyList<string> ActionIds => Blocks
        .Where(b => b?["type"]?.GetValue<string>() == "actions")
        .SelectMany(b => b!["elements"]!.AsArray())
        .Select(e => e!["action_id"]!.GetValue<string>())
        .ToList();
}

/// <summary>What the fake answers one call with.</summary>
public sealed record FakeReply(int Status, JsonObject? Body = null, int? RetryAfterSeconds = null);

/// <summary>
/// A local Slack Web API on Kestrel (127.0.0.1, a free port): <c>POST /api/{method}</c> answers like Slack
/// (posted messages are kept and come back from conversations.history with their metadata), and
/// <c>POST /hooks/{id}</c> stands in for response_url. Every call is recorded, and a test can script
/// the next answers of a method: 429 with Retry-After, <c>ok:false</c>, 5xx, or no answer at all.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    public delegate Task<FakeReply> Script(FakeSlackServer slack, SlackCall call, CancellationToken aborted);

    private readonly WebApplication app;
    private readonly Func<DateTimeOffset> clock;
    private readonly ConcurrentQueue<SlackCall> calls = new();
    private readonly ConcurrentQueue<SlackCall> hookPosts = new();
    private readonly Dictionary<string, Queue<Script>> scripts = new(StringComparer.Ordinal);
    private readonly List<PostedMessage> messages = [];
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> files = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long sequence;

    private FakeSlackServer(WebApplication app, Func<DateTimeOffset> clock)
    {
        this.app = app;
        this.clock = clock;
    }

    public string Url { get; private set; } = "";

    /// <summary>The value for <c>Slack:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => Url + "/api/";

    /// <summary>The time zone users.info reports.</summary>
    public string UserZone { get; set; } = "America/Chicago";

    /// <summary>oauth.v2.access answers by code: code → (team id, bot token).</summary>
    public ConcurrentDictionary<string, (string Team, string Token)> Grants { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SlackCall> Calls => calls.ToArray();

    public IReadOnlyList<SlackCall> HookPosts => hookPosts.ToArray();

    public IReadOnlyList<PostedMessage> Messages
    {
        get
        {
            lock (gate)
            {
                return messages.ToList();
            }
        }
    }

    public IReadOnlyList<SlackCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    public IReadOnlyList<PostedMessage> MessagesIn(string channel) => Messages.Where(m => m.Channel == channel).ToList();

    public string ResponseUrl(string id) => Url + "/hooks/" + id;

    /// <param name="clock">Message timestamps come from this clock (the app's), so history look-ups agree with the app.</param>
    public static async Task<FakeSlackServer> StartAsync(Func<DateTimeOffset> clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSlackServer(app, clock);
        app.MapPost("/api/{method}", (HttpContext http, string method) => fake.ApiAsync(http, method));
        app.MapPost("/hooks/{id}", (HttpContext http, string id) => fake.HookAsync(http, id));
        app.MapGet("/files-pri/{id}", (HttpContext http, string id) => fake.FileAsync(http, id));
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    public void Enqueue(string method, Script script)
    {
        lock (gate)
        {
            if (!scripts.TryGetValue(method, out var queue))
            {
                scripts[method] = queue = new Queue<Script>();
            }

            queue.Enqueue(script);
        }
    }

    public static Script Status(int status, int? retryAfterSeconds = null) =>
        (_, _, _) => Task.FromResult(new FakeReply(status, null, retryAfterSeconds));

    public static Script Error(string error, int? retryAfterSeconds = null) =>
        (_, _, _) => Task.FromResult(new FakeReply(200, new JsonObject { ["ok"] = false, ["error"] = error }, retryAfterSeconds));

    /// <summary>Never answers; the caller gives up (its request timeout, or a crash).</summary>
    public static Script Hang(bool postFirst = false) => async (slack, call, aborted) =>
    {
        if (postFirst)
        {
            slack.Store(call);
        }

        await Task.Delay(Timeout.Infinite, aborted);
        return new FakeReply(500);
    };

    /// <summary>Posts the message, then fails: a Slack that acted but could not say so.</summary>
    public static Script PostThenFail(int status) => (slack, call, _) =>
    {
        slack.Store(call);
        return Task.FromResult(new FakeReply(status));
    };

    public async Task<T> WaitForAsync<T>(Func<FakeSlackServer, T?> find, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (find(this) is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The fake Slack did not receive the expected call.");
    }

    /// <summary>Waits for the next response_url post after the first <paramref name="seen"/>.</summary>
    public Task<SlackCall> WaitForHookPostAsync(int seen = 0) =>
        WaitForAsync(s => s.HookPosts is { } posts && posts.Count > seen ? posts[seen] : null);

    private async Task<IResult> ApiAsync(HttpContext http, string method)
    {
        var call = await RecordAsync(http, method);
        calls.Enqueue(call);
        Script? script = null;
        lock (gate)
        {
            if (scripts.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                script = queue.Dequeue();
            }
        }

        FakeReply reply;
        try
        {
            reply = script is not null ? await script(this, call, http.RequestAborted) : Default(call);
        }
        catch (OperationCanceledException)
        {
            return Results.Empty;
        }

        if (reply.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return reply.Body is null
            ? Results.StatusCode(reply.Status)
            : Results.Text(reply.Body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, reply.Status);
    }

    /// <summary>Holds an uploaded file as Slack would and returns its <c>url_private_download</c> (read with the bot token).</summary>
    public string HostFile(string id, byte[] content, string contentType = "text/csv")
    {
        files[id] = (content, contentType);
        return Url + "/files-pri/" + id;
    }

    private async Task<IResult> FileAsync(HttpContext http, string id)
    {
        var call = await RecordAsync(http, "files:" + id);
        calls.Enqueue(call);
        if (call.Authorization?.StartsWith("Bearer xoxb-", StringComparison.Ordinal) != true)
        {
            // Slack shows its sign-in page to a request without a token that may read the file.
            return Results.Text("<html>sign in</html>", "text/html");
        }

        return files.TryGetValue(id, out var file) ? Results.Bytes(file.Content, file.ContentType) : Results.NotFound();
    }

    private async Task<IResult> HookAsync(HttpContext http, string id)
    {
        hookPosts.Enqueue(await RecordAsync(http, "response_url:" + id));
        return Results.Text("ok");
    }

    private static async Task<SlackCall> RecordAsync(HttpContext http, string method)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        return new SlackCall(method, http.Request.Path, http.Request.Headers.Authorization.ToString(), body);
    }

    private FakeReply Default(SlackCall call) => call.Method switch
    {
        "chat.postMessage" => Store(call),
        "chat.update" or "chat.postEphemeral" or "views.open" or "views.publish" => Ok(new JsonObject()),
        "conversations.open" => Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + call.Json["users"]!.GetValue<string>() } }),
        "conversations.history" => History(call.Form),
        "users.info" => Ok(new JsonObject { ["user"] = new JsonObject { ["id"] = call.Form["user"], ["tz"] = UserZone } }),
        "oauth.v2.access" when Grants.TryGetValue(call.Form.GetValueOrDefault("code", ""), out var grant) => Ok(new JsonObject
        {
            ["access_token"] = grant.Token,
            ["token_type"] = "bot",
            ["scope"] = "commands,chat:write,im:write,im:history,users:read",
            ["bot_user_id"] = "UBOT" + grant.Team,
            ["app_id"] = "A1",
            ["team"] = new JsonObject { ["id"] = grant.Team, ["name"] = "Team " + grant.Team },
            ["is_enterprise_install"] = false,
        }),
        "oauth.v2.access" => new FakeReply(200, new JsonObject { ["ok"] = false, ["error"] = "invalid_code" }),
        _ => new FakeReply(200, new JsonObject { ["ok"] = false, ["error"] = "unknown_method" }),
    };

    /// <summary>Keeps a posted message, as Slack would, and answers like chat.postMessage.</summary>
    public FakeReply Store(SlackCall call)
    {
        var json = call.Json;
        var channel = json["channel"]!.GetValue<string>();
        var ts = string.Create(CultureInfo.InvariantCulture, $"{clock().ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence):D6}");
        lock (gate)
        {
            messages.Add(new PostedMessage(channel, ts, json["text"]?.GetValue<string>() ?? "", call.Authorization, json["metadata"]?.DeepClone(), json));
        }

        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts });
    }

    private FakeReply History(IReadOnlyDictionary<string, string> form)
    {
        var channel = form["channel"];
        var oldest = decimal.Parse(form.GetValueOrDefault("oldest", "0"), CultureInfo.InvariantCulture);
        var limit = int.Parse(form.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var start = int.Parse(form.GetValueOrDefault("cursor", "0"), CultureInfo.InvariantCulture);
        var withMetadata = form.GetValueOrDefault("include_all_metadata") == "true";
        var matching = MessagesIn(channel)
            .Where(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture) > oldest)
            .OrderByDescending(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture))
            .ToList();
        var page = matching.Skip(start).Take(limit).ToList();
        var items = new JsonArray();
        foreach (var message in page)
        {
            var item = new JsonObject { ["type"] = "message", ["ts"] = message.Ts, ["bot_id"] = "B1", ["text"] = message.Text };
            if (message.Metadata?.DeepClone().AsObject() is { } metadata)
            {
                if (!withMetadata)
                {
                    metadata.Remove("event_payload");
                }

                item["metadata"] = metadata;
            }

            items.Add(item);
        }

        var more = start + page.Count < matching.Count;
        return Ok(new JsonObject
        {
            ["messages"] = items,
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : "" },
        });
    }

    private static FakeReply Ok(JsonObject body)
    {
        body["ok"] = true;
        return new FakeReply(200, body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
