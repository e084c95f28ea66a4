using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Tests.Teams;

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

/// <summary>A scripted connector answer. <see cref="Delay"/> makes it slow; <see cref="Taken"/> says whether the message counts as delivered.</summary>
public sealed record ScriptedResponse(int Status, string? RetryAfter = null, string? Body = null, TimeSpan Delay = default, bool? Taken = null);

/// <summary>A 1:1 chat the bot opened with <c>POST v3/conversations</c>.</summary>
public sealed record CreatedChat(string ConversationId, string MemberId, string? TenantId);

/// <summary>
/// Kestrel on 127.0.0.1 playing every Microsoft endpoint the bot talks to (OpenID metadata and keys,
/// the token endpoint, the Bot Connector under <see cref="ServiceUrl"/>) and a bare Slack Web API.
/// Connector answers can be scripted for requests matching a condition.
/// </summary>
public sealed class FakeMicrosoft : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ConnectorCall> calls = [];
    private readonly List<CreatedChat> chats = [];
    private readonly List<(Func<string, string, bool> When, ScriptedResponse Response)> script = [];
    private int tokenRequests;
    private int nextId;

    private FakeMicrosoft(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/tenant/oauth2/v2.0/token";

    /// <summary>The service URL activities carry; the connector lives under it.</summary>
    public string ServiceUrl => BaseUrl + "/teams/";

    /// <summary>The Slack Web API base (for apps that run Slack too).</summary>
    public string SlackApiUrl => BaseUrl + "/slack-api/";

    public BotSigningKey Key { get; } = new("test-key-1");

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>Status the token endpoint answers (200 issues a token).</summary>
    public int TokenStatus { get; set; } = 200;

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

    /// <summary>The next request matching <paramref name="when"/> (method, escaped path) gets <paramref name="response"/>; rules are used once, in order.</summary>
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

    public static async Task<FakeMicrosoft> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeMicrosoft(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (the adapter works in the background), failing after a while.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 30_000, Func<string>? detail = null)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}." + (detail is null ? "" : " " + detail()));
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
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["issuer"] = BotTokens.Issuer,
                    ["jwks_uri"] = BaseUrl + "/v1/.well-known/keys",
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                });
                return;
            case "/v1/.well-known/keys":
                await context.Response.WriteAsJsonAsync(new JsonObject { ["keys"] = new JsonArray(Key.ToJwk()) });
                return;
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            var issued = Interlocked.Increment(ref tokenRequests);
            var form = await context.Request.ReadFormAsync();
            if (TokenStatus != 200)
            {
                context.Response.StatusCode = TokenStatus;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "temporarily_unavailable", ["error_description"] = "down for a test" });
                return;
            }

            if (form["grant_type"] != "client_credentials" || form["client_id"] != BotTokens.AppId || form["scope"] != "https://api.botframework.com/.default")
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
            return;
        }

        if (path.StartsWith("/teams/v3/", StringComparison.Ordinal))
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
            await ConnectorAsync(context, raw["/teams".Length..]);
            return;
        }

        if (path.StartsWith("/slack-api/", StringComparison.Ordinal))
        {
            await SlackAsync(context, path["/slack-api/".Length..]);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task ConnectorAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        JsonNode? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }

        var conversationId = ConversationOf(path);
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
                return new JsonObject { ["id"] = $"{channel};messageid={id}", ["activityId"] = "post-" + id };
            }

            return new JsonObject { ["id"] = "a:created-chat-" + id };
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

    private static async Task SlackAsync(HttpContext context, string method)
    {
        JsonObject answer = method switch
        {
            "users.info" => new JsonObject { ["ok"] = true, ["user"] = new JsonObject { ["id"] = "U1", ["tz"] = "America/Chicago" } },
            "auth.test" => new JsonObject { ["ok"] = true, ["team_id"] = "T1", ["user_id"] = "UBOT", ["bot_id"] = "BBOT" },
            "chat.postMessage" => new JsonObject { ["ok"] = true, ["channel"] = "D1", ["ts"] = "1700000000.000100" },
            "conversations.open" => new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D1" } },
            _ => new JsonObject { ["ok"] = true },
        };
        await context.Response.WriteAsJsonAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Key.Dispose();
    }
}

/// <summary>Reads what a person sees on an Adaptive Card, and finds its buttons.</summary>
public static class CardText
{
    public static string Of(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var parts = new List<string>();
        Collect(card, parts);
        return string.Join('\n', parts);
    }

    /// <summary>The <c>Action.Execute</c> whose verb is <paramref name="actionId"/> (e.g. <c>done:P-2</c>), or null.</summary>
    public static JsonObject? FindAction(JsonNode? node, string actionId)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit"
                    && (obj["verb"]?.GetValue<string>() == actionId || obj["data"]?["actionId"]?.GetValue<string>() == actionId))
                {
                    return obj;
                }

                foreach (var (_, child) in obj)
                {
                    if (FindAction(child, actionId) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                return array.Select(item => FindAction(item, actionId)).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static void Collect(JsonNode? node, List<string> parts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in new[] { "text", "title", "value" })
                {
                    if (obj[key] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        parts.Add(text);
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (key is not ("text" or "title" or "value" or "data"))
                    {
                        Collect(child, parts);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, parts);
                }

                break;
        }
    }
}
