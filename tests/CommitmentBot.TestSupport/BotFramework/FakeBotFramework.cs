using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.TestSupport.BotFramework;

/// <summary>One request the bot made to the connector, and what the fake did with it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The path under the service URL, ids still escaped as sent.</param>
/// <param name="ConversationId">The conversation id in the path (unescaped), or null for <c>POST v3/conversations</c>.</param>
/// <param name="Authorization">The Authorization header.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Status">The status the fake answered.</param>
/// <param name="Delivered">True when Teams took the message (2xx), even when the bot gave up waiting for the answer.</param>
/// <param name="ResponseId">The activity id (or conversation id) the fake answered with.</param>
public sealed record ConnectorCall(string Method, string Path, string? ConversationId, string? Authorization, JsonNode? Body, int Status, bool Delivered, string? ResponseId)
{
    /// <summary>The activity a send, reply, update or channel post carried.</summary>
    public JsonNode? Activity => ConversationId is null ? Body?["activity"] : Body;

    /// <summary>The Adaptive Card it carried.</summary>
    public JsonNode? Card => Activity?["attachments"]?[0]?["content"];

    /// <summary>The card's headline.</summary>
    public string Headline => Card?["body"]?[0]?["text"]?.GetValue<string>() ?? "";

    /// <summary>Every text a reader sees on the card (text blocks, fact titles and values, button titles).</summary>
    public string Text => Card is null ? "" : CardText.Of(Card);
}

/// <summary>A scripted connector answer. <see cref="Delay"/> makes it slow; <see cref="Taken"/> says whether the message counts as delivered (default: a 2xx is).</summary>
public sealed record ScriptedResponse(int Status, string? RetryAfter = null, string? Body = null, TimeSpan Delay = default, bool? Taken = null);

/// <summary>A 1:1 chat the bot opened with <c>POST v3/conversations</c>.</summary>
public sealed record CreatedChat(string ConversationId, string MemberId, string? TenantId);

/// <summary>
/// The one fake of the Microsoft side of a Teams bot, on Kestrel at 127.0.0.1: the OpenID metadata and signing
/// keys (<see cref="PublishedKeys"/>, starting with <see cref="Key"/>, endorsed for <c>msteams</c>), the token
/// endpoint, and the Bot Connector under <see cref="ServiceUrl"/>. Connector answers can be scripted for the
/// requests matching a condition; every call is recorded (or, for load runs, only counted).
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ConnectorCall> calls = [];
    private readonly List<CreatedChat> chats = [];
    private readonly List<(Func<string, string, bool> When, ScriptedResponse Response)> script = [];
    private readonly ConcurrentDictionary<string, int> repliesByActivity = new(StringComparer.Ordinal);
    private int metadataFetches;
    private int tokenRequests;
    private long connectorCalls;
    private int nextId;

    private FakeBotFramework(WebApplication app, string appId)
    {
        this.app = app;
        AppId = appId;
        PublishedKeys.Add(Key);
    }

    /// <summary>The bot's app id: the token endpoint issues tokens to it only.</summary>
    public string AppId { get; }

    public string BaseUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/botframework.com/oauth2/v2.0/token";

    /// <summary>The service URL activities carry; the connector lives under it.</summary>
    public string ServiceUrl => BaseUrl + "/teams/";

    /// <summary>The key tokens are signed with unless a test says otherwise.</summary>
    public BotSigningKey Key { get; } = new("key-1", "msteams");

    /// <summary>The keys the key set serves; lock it to change it while the app runs.</summary>
    public List<BotSigningKey> PublishedKeys { get; } = [];

    public int MetadataFetches => Volatile.Read(ref metadataFetches);

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>Connector requests received (counted even when <see cref="RecordCalls"/> is off).</summary>
    public long ConnectorCalls => Interlocked.Read(ref connectorCalls);

    /// <summary>Status the OpenID metadata endpoint answers with (200 = serve it).</summary>
    public int MetadataStatus { get; set; } = 200;

    /// <summary>Status the token endpoint answers with (200 = issue a token).</summary>
    public int TokenStatus { get; set; } = 200;

    /// <summary>False keeps counts only (the load harnesses send too much to keep).</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>Replies the bot posted, by the id of the activity they answer.</summary>
    public IReadOnlyDictionary<string, int> RepliesByActivity => repliesByActivity;

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (calls)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>Connector calls Teams took (answered 2xx, or scripted as taken): what a person would see.</summary>
    public IReadOnlyList<ConnectorCall> Accepted => [.. Calls.Where(c => c.Delivered)];

    public IReadOnlyList<CreatedChat> CreatedChats
    {
        get
        {
            lock (chats)
            {
                return [.. chats];
            }
        }
    }

    /// <summary>A line about what the fake saw, for failure messages.</summary>
    public string Describe() =>
        $"{TokenRequests} token request(s); " + string.Join("; ", Calls.Select(c => $"{c.Method} {c.Path} → {c.Status}"));

    /// <summary>Messages Teams took into a conversation (sends and replies), oldest first.</summary>
    public IReadOnlyList<ConnectorCall> MessagesIn(string conversationId) =>
        [.. Calls.Where(c => c.Delivered && c.Method == "POST" && c.ConversationId == conversationId && c.Path.Contains("/activities", StringComparison.Ordinal))];

    /// <summary>Posts Teams took into a channel (new threads), oldest first.</summary>
    public IReadOnlyList<ConnectorCall> PostsIn(string channelId) =>
        [.. Calls.Where(c => c.Delivered && c.ConversationId is null && c.Method == "POST"
            && c.Body?["isGroup"]?.GetValue<bool>() == true
            && c.Body?["channelData"]?["channel"]?["id"]?.GetValue<string>() == channelId)];

    /// <summary>The next connector requests get <paramref name="responses"/>, in order, whatever they are.</summary>
    public void Script(params ScriptedResponse[] responses) => ScriptNext((_, _) => true, responses);

    /// <summary>The next request matching <paramref name="when"/> (method, escaped path) gets <paramref name="responses"/>; rules are used once, in order.</summary>
    public void ScriptNext(Func<string, string, bool> when, params ScriptedResponse[] responses)
    {
        lock (script)
        {
            foreach (var response in responses)
            {
                script.Add((when, response));
            }
        }
    }

    public static async Task<FakeBotFramework> StartAsync(string appId = BotTokens.AppId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFramework(app, appId);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (the adapter works in the background), failing after a while.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 30_000, Func<string>? detail = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}." + (detail is null ? "" : " " + detail()));
            }

            await Task.Delay(10);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        switch (path)
        {
            case "/v1/.well-known/openidconfiguration":
                Interlocked.Increment(ref metadataFetches);
                if (MetadataStatus != 200)
                {
                    context.Response.StatusCode = MetadataStatus;
                    return;
                }

                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["issuer"] = BotTokens.Issuer,
                    ["jwks_uri"] = BaseUrl + "/v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
                return;
            case "/v1/.well-known/keys":
                BotSigningKey[] keys;
                lock (PublishedKeys)
                {
                    keys = [.. PublishedKeys];
                }

                await context.Response.WriteAsJsonAsync(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.ToJwk())]) });
                return;
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            await TokenAsync(context);
            return;
        }

        if (path.StartsWith("/teams/v3/", StringComparison.Ordinal))
        {
            // The raw target keeps the client's escaping of ids, which the tests check.
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
            await ConnectorAsync(context, raw["/teams".Length..]);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task TokenAsync(HttpContext context)
    {
        var issued = Interlocked.Increment(ref tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (TokenStatus != 200)
        {
            context.Response.StatusCode = TokenStatus;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "temporarily_unavailable", ["error_description"] = "down for a test" });
            return;
        }

        if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["scope"] != "https://api.botframework.com/.default")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_request" });
            return;
        }

        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = "outbound-token-" + issued.ToString(CultureInfo.InvariantCulture),
        });
    }

    private async Task ConnectorAsync(HttpContext context, string path)
    {
        Interlocked.Increment(ref connectorCalls);
        var method = context.Request.Method;
        JsonNode? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }

        var conversationId = ConversationOf(path);
        var activities = path.IndexOf("/activities/", StringComparison.Ordinal);
        if (method == "POST" && activities > 0)
        {
            repliesByActivity.AddOrUpdate(Uri.UnescapeDataString(path[(activities + "/activities/".Length)..]), 1, (_, n) => n + 1);
        }

        ScriptedResponse? scripted = null;
        lock (script)
        {
            var index = script.FindIndex(rule => rule.When(method, path));
            if (index >= 0)
            {
                scripted = script[index].Response;
                script.RemoveAt(index);
            }
        }

        if (scripted?.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(scripted.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The bot gave up waiting; whether the message was taken is up to the script.
            }
        }

        var status = scripted?.Status ?? 200;
        var delivered = scripted?.Taken ?? status is >= 200 and < 300;
        var answer = delivered ? Answer(method, path, body) : null;
        var responseId = answer?["activityId"]?.GetValue<string>() ?? answer?["id"]?.GetValue<string>();
        if (RecordCalls)
        {
            if (answer is not null && conversationId is null && method == "POST" && body?["isGroup"]?.GetValue<bool>() != true)
            {
                lock (chats)
                {
                    chats.Add(new CreatedChat(answer["id"]!.GetValue<string>(), body?["members"]?[0]?["id"]?.GetValue<string>() ?? "", body?["tenantId"]?.GetValue<string>()));
                }
            }

            lock (calls)
            {
                calls.Add(new ConnectorCall(method, path, conversationId, context.Request.Headers.Authorization.ToString(), body, status, delivered, responseId));
            }
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = status;
        if (scripted?.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (scripted?.Body is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text);
        }
        else if (status is >= 200 and < 300 && answer is not null)
        {
            await context.Response.WriteAsJsonAsync(answer);
        }
    }

    private JsonObject Answer(string method, string path, JsonNode? body)
    {
        var id = Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
        if (method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            var member = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            return new JsonObject { ["id"] = member, ["name"] = "Member " + member, ["objectId"] = "aad-" + member };
        }

        if (method == "POST" && path == "/v3/conversations")
        {
            if (body?["isGroup"]?.GetValue<bool>() == true)
            {
                var channel = body["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? "19:unknown";
                return new JsonObject { ["id"] = $"{channel};messageid={id}", ["activityId"] = "msg-" + id };
            }

            return new JsonObject { ["id"] = "a:conversation-" + id };
        }

        return new JsonObject { ["id"] = "msg-" + id };
    }

    private static string? ConversationOf(string path)
    {
        const string prefix = "/v3/conversations/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return Uri.UnescapeDataString(slash < 0 ? rest : rest[..slash]);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        foreach (var key in PublishedKeys)
        {
            key.Dispose();
        }
    }
}
