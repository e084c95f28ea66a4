using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace CommitmentBot.Slack.Tests.Support;

/// <summary>A request the fake received.</summary>
public sealed record RecordedCall(string Method, Uri Uri, string? Authorization, string? ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>A message the fake Slack "stored" after chat.postMessage.</summary>
public sealed record StoredMessage(string Channel, string Ts, string Text, JsonNode? Metadata, JsonNode Request);

/// <summary>
/// An in-memory Slack: serves <c>POST /api/{method}</c> like the Web API (messages posted are kept and
/// come back from conversations.history), records every call, answers <c>response_url</c> posts, and
/// lets a test script the next answers of a method (429, <c>ok:false</c>, 5xx, hangs).
/// </summary>
public sealed class FakeSlackApi(Func<DateTimeOffset>? clock = null) : HttpMessageHandler
{
    public const string BaseUrl = "https://slack.test/api/";
    public const string ResponseUrlHost = "hooks.slack.test";

    public delegate Task<HttpResponseMessage> Reply(FakeSlackApi api, RecordedCall call, CancellationToken cancellationToken);

    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<RecordedCall> _responsePosts = new();
    private readonly Dictionary<string, Queue<Reply>> _scripts = new(StringComparer.Ordinal);
    private readonly List<StoredMessage> _messages = [];
    private readonly Lock _gate = new();
    private long _sequence;

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public IReadOnlyList<RecordedCall> ResponsePosts => _responsePosts.ToArray();

    public IReadOnlyList<StoredMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToList();
            }
        }
    }

    public IReadOnlyList<RecordedCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>The time zone users.info reports.</summary>
    public string UserZone { get; set; } = "America/Chicago";

    public static string ResponseUrl(string id) => $"https://{ResponseUrlHost}/commands/{id}";

    public void Enqueue(string method, Reply reply)
    {
        lock (_gate)
        {
            if (!_scripts.TryGetValue(method, out var queue))
            {
                _scripts[method] = queue = new Queue<Reply>();
            }

            queue.Enqueue(reply);
        }
    }

    public static Reply Status(HttpStatusCode status, int? retryAfterSeconds = null) => (_, _, _) =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("") };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return Task.FromResult(response);
    };

    public static Reply Error(string error, int? retryAfterSeconds = null) => (_, _, _) =>
    {
        var response = JsonResponse(new JsonObject { ["ok"] = false, ["error"] = error });
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return Task.FromResult(response);
    };

    public static Reply Json(JsonObject body) => (_, _, _) => Task.FromResult(JsonResponse(body));

    /// <summary>Never answers (until the caller gives up).</summary>
    public static Reply Hang() => async (_, _, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    };

    /// <summary>Posts the message, then answers with an error status, as a Slack that failed after acting would.</summary>
    public static Reply PostThenFail(HttpStatusCode status) => (api, call, _) =>
    {
        api.Store(call);
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("upstream error") });
    };

    public async Task<RecordedCall> WaitForAsync(Func<FakeSlackApi, RecordedCall?> find, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
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

    public Task<RecordedCall> WaitForCallAsync(string method, TimeSpan? timeout = null) =>
        WaitForAsync(api => api.Calls.FirstOrDefault(c => c.Method == method), timeout);

    public Task<RecordedCall> WaitForResponsePostAsync(TimeSpan? timeout = null) =>
        WaitForAsync(api => api.ResponsePosts is { Count: > 0 } posts ? posts[0] : null, timeout);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var uri = request.RequestUri!;
        var call = new RecordedCall(
            uri.Host == ResponseUrlHost ? "response_url" : uri.Segments[^1],
            uri,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            body);

        if (uri.Host == ResponseUrlHost)
        {
            _responsePosts.Enqueue(call);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
        }

        _calls.Enqueue(call);
        Reply? script = null;
        lock (_gate)
        {
            if (_scripts.TryGetValue(call.Method, out var queue) && queue.Count > 0)
            {
                script = queue.Dequeue();
            }
        }

        return script is not null ? await script(this, call, cancellationToken) : Default(call);
    }

    private HttpResponseMessage Default(RecordedCall call) => call.Method switch
    {
        "chat.postMessage" => Store(call),
        "chat.update" or "chat.postEphemeral" or "views.open" or "views.publish" => JsonResponse(new JsonObject { ["ok"] = true }),
        "conversations.open" => JsonResponse(new JsonObject
        {
            ["ok"] = true,
            ["channel"] = new JsonObject { ["id"] = "D" + call.Json["users"]!.GetValue<string>() },
        }),
        "conversations.history" => History(call.Form),
        "users.info" => JsonResponse(new JsonObject
        {
            ["ok"] = true,
            ["user"] = new JsonObject { ["id"] = call.Form["user"], ["tz"] = UserZone, ["tz_offset"] = -21600 },
        }),
        "auth.test" => JsonResponse(new JsonObject { ["ok"] = true, ["team_id"] = "T1", ["user_id"] = "UBOT", ["bot_id"] = "B1" }),
        _ => JsonResponse(new JsonObject { ["ok"] = false, ["error"] = "unknown_method" }),
    };

    /// <summary>Keeps a posted message (as Slack would) and answers like chat.postMessage.</summary>
    public HttpResponseMessage Store(RecordedCall call)
    {
        var json = call.Json;
        var channel = json["channel"]!.GetValue<string>();
        var sequence = Interlocked.Increment(ref _sequence);
        var ts = string.Create(CultureInfo.InvariantCulture, $"{_clock().ToUnixTimeSeconds()}.{sequence:D6}");
        lock (_gate)
        {
            _messages.Add(new StoredMessage(channel, ts, json["text"]?.GetValue<string>() ?? "", json["metadata"]?.DeepClone(), json));
        }

        return JsonResponse(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts });
    }

    private HttpResponseMessage History(IReadOnlyDictionary<string, string> form)
    {
        var channel = form["channel"];
        var oldest = decimal.Parse(form.GetValueOrDefault("oldest", "0"), CultureInfo.InvariantCulture);
        var limit = int.Parse(form.GetValueOrDefault("limit", "100"), CultureInfo.InvariantCulture);
        var start = int.Parse(form.GetValueOrDefault("cursor", "0"), CultureInfo.InvariantCulture);
        var includeMetadata = form.GetValueOrDefault("include_all_metadata") == "true";

        List<StoredMessage> matching;
        lock (_gate)
        {
            matching = _messages
                .Where(m => m.Channel == channel && decimal.Parse(m.Ts, CultureInfo.InvariantCulture) > oldest)
                .OrderByDescending(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture))
                .ToList();
        }

        var page = matching.Skip(start).Take(limit).ToList();
        var messages = new JsonArray();
        foreach (var message in page)
        {
            var item = new JsonObject { ["type"] = "message", ["ts"] = message.Ts, ["bot_id"] = "B1", ["text"] = message.Text };
            if (message.Metadata is not null)
            {
                var metadata = message.Metadata.DeepClone().AsObject();
                if (!includeMetadata)
                {
                    metadata.Remove("event_payload");
                }

                item["metadata"] = metadata;
            }

            messages.Add(item);
        }

        var more = start + page.Count < matching.Count;
        return JsonResponse(new JsonObject
        {
            ["ok"] = true,
            ["messages"] = messages,
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : "" },
        });
    }

    private static HttpResponseMessage JsonResponse(JsonObject body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
