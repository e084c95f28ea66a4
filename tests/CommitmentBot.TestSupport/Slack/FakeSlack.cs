using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
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

namespace CommitmentBot.TestSupport.Slack;

/// <summary>A request the fake Slack received.</summary>
/// <param name="Method">The Web API method (<c>chat.postMessage</c>), <c>response_url:&lt;id&gt;</c> or <c>files:&lt;id&gt;</c>.</param>
public sealed record SlackCall(string Method, Uri Uri, string? Authorization, string? ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>A message the fake Slack keeps after chat.postMessage.</summary>
public sealed record PostedMessage(string Channel, string Ts, string Text, string? Authorization, JsonNode? Metadata, JsonNode Request)
{
    /// <summary>When the fake took it (its clock).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The bearer token it was posted with (which app, or which instance of it, sent it).</summary>
    public string? Token => Authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a["Bearer ".Length..] : Authorization;

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
public sealed record FakeReply(HttpStatusCode Status, JsonObject? Body = null, int? RetryAfterSeconds = null)
{
    /// <summary>A body that is not JSON (a file, a sign-in page), with its content type.</summary>
    public (byte[] Content, string ContentType)? Raw { get; init; }
}

/// <summary>
/// The one fake Slack: the Web API (<c>POST /api/{method}</c>, answered like Slack: posted messages are kept and
/// come back from conversations.history with their metadata), <c>response_url</c> (<c>POST /hooks/{id}</c>) and
/// file downloads (<c>GET /files-pri/{id}</c>, bot token only). Every call is recorded and counted, and a test can
/// script the next answers of a method: 429 with Retry-After, <c>ok:false</c>, 5xx, or no answer at all.
/// In process it is an <see cref="HttpMessageHandler"/> at <see cref="InProcessUrl"/>; <see cref="StartAsync"/>
/// serves the same fake on Kestrel at 127.0.0.1 for an app in another host or process.
/// </summary>
public sealed class FakeSlack : HttpMessageHandler, IAsyncDisposable
{
    /// <summary>Where the in-process fake answers (the HttpClient's primary handler must be this fake).</summary>
    public const string InProcessUrl = "https://slack.test";

    /// <summary>The in-process <c>Slack:ApiBaseUrl</c>.</summary>
    public const string InProcessApiBaseUrl = InProcessUrl + "/api/";

    public delegate Task<FakeReply> Script(FakeSlack slack, SlackCall call, CancellationToken aborted);

    private readonly Func<DateTimeOffset> clock;
    private readonly ConcurrentQueue<SlackCall> calls = new();
    private readonly ConcurrentQueue<SlackCall> hookPosts = new();
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Script>> scripts = new(StringComparer.Ordinal);
    private readonly List<PostedMessage> messages = [];
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> files = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? server;
    private long sequence;

    /// <param name="clock">Message timestamps come from this clock (the app's), so history look-ups agree with the app.</param>
    public FakeSlack(Func<DateTimeOffset>? clock = null) => this.clock = clock ?? (() => DateTimeOffset.UtcNow);

    /// <summary>Where the fake answers: <see cref="InProcessUrl"/>, or Kestrel's address once started.</summary>
    public string Url { get; private set; } = InProcessUrl;

    /// <summary>The value for <c>Slack:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => Url + "/api/";

    /// <summary>The time zone users.info reports.</summary>
    public string UserZone { get; set; } = "America/Chicago";

    /// <summary>What users.profile.get reports per user: status emoji, text and expiry (Unix seconds, 0 = none).</summary>
    public ConcurrentDictionary<string, (string Emoji, string Text, long Expiration)> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>False keeps counts only (the load harnesses send too much to keep).</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>
    /// False: conversations.history answers <c>missing_scope</c>, as for an app without the history scopes, so the
    /// app cannot look up what it sent (it is then in Teams' position).
    /// </summary>
    public bool HistoryReadable { get; set; } = true;

    /// <summary>
    /// How long an unscripted chat.postMessage takes to answer. The message is kept as soon as it arrives, as Slack
    /// acts on a request it has read even when its caller dies before the answer: a sender killed in this window
    /// leaves a message the app never recorded.
    /// </summary>
    public TimeSpan PostLatency { get; set; } = TimeSpan.Zero;

    /// <summary>oauth.v2.access answers by code: code → (team id, bot token).</summary>
    public ConcurrentDictionary<string, (string Team, string Token)> Grants { get; } = new(StringComparer.Ordinal);

    /// <summary>Slack Connect channels: channel id → the other organisation's team id (conversations.info).</summary>
    public ConcurrentDictionary<string, string> SharedChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>team.info names by team id.</summary>
    public ConcurrentDictionary<string, string> TeamNames { get; } = new(StringComparer.Ordinal);

    /// <summary>What apps.connections.open answers (a fresh Socket Mode URL each time), or null when Socket Mode is not served.</summary>
    public Func<string>? SocketUrl { get; set; }

    public IReadOnlyList<SlackCall> Calls => calls.ToArray();

    /// <summary>Posts to response_url, oldest first.</summary>
    public IReadOnlyList<SlackCall> HookPosts => hookPosts.ToArray();

    /// <summary>Posts to the response_url <c>/hooks/{id}</c>, oldest first.</summary>
    public IReadOnlyList<SlackCall> HookPostsTo(string id) => HookPosts.Where(c => c.Method == "response_url:" + id).ToList();

    /// <summary>Calls per method (response_url posts as <c>response_url</c>).</summary>
    public IReadOnlyDictionary<string, int> Counts => counts;

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

    /// <summary>A response_url this fake answers.</summary>
    public string ResponseUrl(string id) => Url + "/hooks/" + id;

    /// <summary>A response_url the in-process fake answers.</summary>
    public static string InProcessResponseUrl(string id) => InProcessUrl + "/hooks/" + id;

    /// <summary>Serves a new fake on Kestrel at 127.0.0.1 (a free port).</summary>
    public static async Task<FakeSlack> StartAsync(Func<DateTimeOffset>? clock = null)
    {
        var fake = new FakeSlack(clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(fake.ServeAsync);
        await app.StartAsync();
        fake.server = app;
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

    public static Script Status(HttpStatusCode status, int? retryAfterSeconds = null) =>
        (_, _, _) => Task.FromResult(new FakeReply(status, null, retryAfterSeconds));

    public static Script Error(string error, int? retryAfterSeconds = null) =>
        (_, _, _) => Task.FromResult(new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = error }, retryAfterSeconds));

    public static Script Json(JsonObject body) => (_, _, _) => Task.FromResult(new FakeReply(HttpStatusCode.OK, body));

    /// <summary>Never answers; the caller gives up (its request timeout, or a crash). With <paramref name="postFirst"/> the message is kept first.</summary>
    public static Script Hang(bool postFirst = false) => async (slack, call, aborted) =>
    {
        if (postFirst)
        {
            slack.Store(call);
        }

        // Until the caller gives up, or this fake stops (its server would otherwise wait out its shutdown timeout).
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, slack.stopping.Token);
        await Task.Delay(Timeout.Infinite, either.Token);
        return new FakeReply(HttpStatusCode.InternalServerError);
    };

    /// <summary>Posts the message, then fails: a Slack that acted but could not say so.</summary>
    public static Script PostThenFail(HttpStatusCode status) => (slack, call, _) =>
    {
        slack.Store(call);
        return Task.FromResult(new FakeReply(status));
    };

    public async Task<T> WaitForAsync<T>(Func<FakeSlack, T?> find, TimeSpan? timeout = null)
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

    public Task<SlackCall> WaitForCallAsync(string method, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Calls.FirstOrDefault(c => c.Method == method), timeout);

    /// <summary>Waits for the next response_url post after the first <paramref name="seen"/>.</summary>
    public Task<SlackCall> WaitForHookPostAsync(int seen = 0, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.HookPosts is { } posts && posts.Count > seen ? posts[seen] : null, timeout);

    /// <summary>Holds an uploaded file as Slack would and returns its <c>url_private_download</c> (read with the bot token).</summary>
    public string HostFile(string id, byte[] content, string contentType = "text/csv")
    {
        files[id] = (content, contentType);
        return Url + "/files-pri/" + id;
    }

    /// <summary>Keeps a posted message, as Slack would, and answers like chat.postMessage.</summary>
    public FakeReply Store(SlackCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var json = call.Json;
        var channel = json["channel"]!.GetValue<string>();
        var ts = string.Create(CultureInfo.InvariantCulture, $"{clock().ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence):D6}");
        if (RecordCalls)
        {
            lock (gate)
            {
                messages.Add(new PostedMessage(channel, ts, json["text"]?.GetValue<string>() ?? "", call.Authorization, json["metadata"]?.DeepClone(), json) { ReceivedAt = clock() });
            }
        }

        return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsUpload(request.RequestUri!.AbsolutePath, out var uploadId))
        {
            var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(ReceiveUpload(uploadId, bytes, request.Content?.Headers.ContentType?.ToString()).Status) { Content = new StringContent("OK") };
        }

        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var reply = await ReceiveAsync(request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.ToString(), body, cancellationToken);
        var response = new HttpResponseMessage(reply.Status)
        {
            Content = reply.Body is not null ? new StringContent(reply.Body.ToJsonString(), Encoding.UTF8, "application/json")
                : reply.Raw is { } raw ? new ByteArrayContent(raw.Content) { Headers = { ContentType = MediaTypeHeaderValue.Parse(raw.ContentType) } }
                : new StringContent(""),
        };
        if (reply.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    private async Task ServeAsync(HttpContext http)
    {
        if (IsUpload(http.Request.Path, out var uploadId))
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            http.Response.StatusCode = (int)ReceiveUpload(uploadId, buffer.ToArray(), http.Request.ContentType).Status;
            await http.Response.WriteAsync("OK", http.RequestAborted);
            return;
        }

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var uri = new Uri(Url + http.Request.Path + http.Request.QueryString);
        FakeReply reply;
        try
        {
            reply = await ReceiveAsync(uri, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        http.Response.StatusCode = (int)reply.Status;
        if (reply.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (reply.Body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(reply.Body.ToJsonString(), http.RequestAborted);
        }
        else if (reply.Raw is { } raw)
        {
            http.Response.ContentType = raw.ContentType;
            await http.Response.Body.WriteAsync(raw.Content, http.RequestAborted);
        }
    }

    private async Task<FakeReply> ReceiveAsync(Uri uri, string? authorization, string? contentType, string body, CancellationToken aborted)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var (kind, name) = segments.Length == 2 ? (segments[0], segments[1]) : ("", uri.AbsolutePath);
        var method = kind switch
        {
            "hooks" => "response_url:" + name,
            "files-pri" => "files:" + name,
            _ => name,
        };
        counts.AddOrUpdate(kind == "hooks" ? "response_url" : method, 1, (_, n) => n + 1);
        var call = new SlackCall(method, uri, string.IsNullOrEmpty(authorization) ? null : authorization, contentType, body);
        switch (kind)
        {
            case "hooks":
                if (RecordCalls)
                {
                    hookPosts.Enqueue(call);
                }

                return new FakeReply(HttpStatusCode.OK);
            case "files-pri":
                return File(call, name);
            case "api":
                break;
            default:
                return new FakeReply(HttpStatusCode.NotFound);
        }

        if (RecordCalls)
        {
            calls.Enqueue(call);
        }

        Script? script = null;
        lock (gate)
        {
            if (scripts.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                script = queue.Dequeue();
            }
        }

        if (script is not null)
        {
            return await script(this, call, aborted);
        }

        if (call.Method == "chat.postMessage" && PostLatency > TimeSpan.Zero)
        {
            var stored = Store(call);
            await Task.Delay(PostLatency, aborted);
            return stored;
        }

        return Default(call);
    }

    /// <summary>Files uploaded through files.getUploadURLExternal and its upload URL: id → bytes, and whether completed (and into which channel, if any).</summary>
    public ConcurrentDictionary<string, UploadedFile> Uploads { get; } = new(StringComparer.Ordinal);

    private static bool IsUpload(string path, out string id)
    {
        var segments = path.Trim('/').Split('/');
        id = segments.Length == 2 && segments[0] == "upload" ? segments[1] : "";
        return id.Length > 0;
    }

    /// <summary>The bytes POSTed to an upload URL (no token: the URL is the credential, as Slack's is).</summary>
    private FakeReply ReceiveUpload(string id, byte[] content, string? contentType)
    {
        counts.AddOrUpdate("upload", 1, (_, n) => n + 1);
        if (!Uploads.TryGetValue(id, out var file) || file.ExpectedLength != content.Length)
        {
            return new FakeReply(HttpStatusCode.BadRequest);
        }

        Uploads[id] = file with { Content = content, ContentType = contentType };
        return new FakeReply(HttpStatusCode.OK);
    }

    private FakeReply GetUploadUrl(SlackCall call)
    {
        var id = "F" + Interlocked.Increment(ref sequence).ToString("D8", CultureInfo.InvariantCulture);
        Uploads[id] = new UploadedFile(call.Form["filename"], int.Parse(call.Form["length"], CultureInfo.InvariantCulture), call.Form.GetValueOrDefault("alt_txt"));
        return Ok(new JsonObject { ["upload_url"] = Url + "/upload/" + id, ["file_id"] = id });
    }

    private FakeReply CompleteUpload(SlackCall call)
    {
        var files = call.Json["files"]!.AsArray();
        foreach (var f in files)
        {
            var id = f!["id"]!.GetValue<string>();
            if (!Uploads.TryGetValue(id, out var file) || file.Content is null)
            {
                return new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "file_not_found" });
            }

            Uploads[id] = file with { Completed = true, Title = f["title"]?.GetValue<string>(), SharedTo = call.Json["channel_id"]?.GetValue<string>() ?? call.Json["channels"]?.GetValue<string>() };
        }

        return Ok(new JsonObject { ["files"] = files.DeepClone() });
    }

    private FakeReply File(SlackCall call, string id)
    {
        if (RecordCalls)
        {
            calls.Enqueue(call);
        }

        // Slack shows its sign-in page to a request without a token that may read the file.
        if (call.Authorization?.StartsWith("Bearer xoxb-", StringComparison.Ordinal) != true)
        {
            return new FakeReply(HttpStatusCode.OK) { Raw = (Encoding.UTF8.GetBytes("<html>sign in</html>"), "text/html") };
        }

        return files.TryGetValue(id, out var file)
            ? new FakeReply(HttpStatusCode.OK) { Raw = file }
            : new FakeReply(HttpStatusCode.NotFound);
    }

    private FakeReply Default(SlackCall call) => call.Method switch
    {
        "chat.postMessage" => Store(call),
        "files.getUploadURLExternal" => GetUploadUrl(call),
        "files.completeUploadExternal" => CompleteUpload(call),
        "chat.update" or "chat.postEphemeral" or "views.open" or "views.publish" => Ok(new JsonObject()),
        "conversations.open" => Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + call.Json["users"]!.GetValue<string>() } }),
        "conversations.history" when !HistoryReadable => new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "missing_scope" }),
        "conversations.history" => History(call.Form),
        "users.info" => Ok(new JsonObject { ["user"] = new JsonObject { ["id"] = call.Form["user"], ["tz"] = UserZone, ["tz_offset"] = -21600 } }),
        "users.profile.get" => Ok(new JsonObject
        {
            ["profile"] = Statuses.TryGetValue(call.Form.GetValueOrDefault("user", ""), out var status)
                ? new JsonObject { ["status_emoji"] = status.Emoji, ["status_text"] = status.Text, ["status_expiration"] = status.Expiration }
                : new JsonObject { ["status_emoji"] = "", ["status_text"] = "", ["status_expiration"] = 0 },
        }),
        "chat.getPermalink" => Ok(new JsonObject { ["permalink"] = $"https://acme.slack.test/archives/{call.Form["channel"]}/p{call.Form["message_ts"].Replace(".", "", StringComparison.Ordinal)}" }),
        "conversations.info" => Ok(new JsonObject
        {
            ["channel"] = SharedChannels.TryGetValue(call.Form["channel"], out var external)
                ? new JsonObject { ["id"] = call.Form["channel"], ["is_ext_shared"] = true, ["connected_team_ids"] = new JsonArray("T1", external) }
                : new JsonObject { ["id"] = call.Form["channel"], ["is_ext_shared"] = false },
        }),
        "team.info" => Ok(new JsonObject { ["team"] = new JsonObject { ["id"] = call.Form["team"], ["name"] = TeamNames.GetValueOrDefault(call.Form["team"], "Team " + call.Form["team"]) } }),
        "apps.connections.open" when SocketUrl is { } socketUrl && call.Authorization?.StartsWith("Bearer xapp-", StringComparison.Ordinal) == true => Ok(new JsonObject { ["url"] = socketUrl() }),
        "apps.connections.open" => new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" }),
        // The bot token is team T1's, in Enterprise Grid organisation E1 (single-workspace mode serves both ids).
        "auth.test" => Ok(new JsonObject { ["team_id"] = "T1", ["enterprise_id"] = "E1", ["user_id"] = "UBOT", ["bot_id"] = "B1" }),
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
        "oauth.v2.access" => new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "invalid_code" }),
        _ => new FakeReply(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = "unknown_method" }),
    };

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
        return new FakeReply(HttpStatusCode.OK, body);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stopping.Dispose();
        }

        base.Dispose(disposing);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (server is not null)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        Dispose();
    }
}

/// <summary>A file uploaded to the fake Slack: what getUploadURLExternal was told, the bytes, and how it was completed.</summary>
public sealed record UploadedFile(string Filename, int ExpectedLength, string? AltText)
{
    public byte[]? Content { get; init; }

    public string? ContentType { get; init; }

    public bool Completed { get; init; }

    public string? Title { get; init; }

    /// <summary>The channel it was shared into on completion; null keeps it private.</summary>
    public string? SharedTo { get; init; }
}
