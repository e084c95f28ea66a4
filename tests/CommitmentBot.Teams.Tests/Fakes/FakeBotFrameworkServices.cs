using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Teams.Tests.Fakes;

/// <summary>One recorded connector request.</summary>
public sealed record ConnectorCall(string Method, string Path, string? Authorization, JsonNode? Body, int Status);

/// <summary>A scripted connector answer; <see cref="Delay"/> makes it slow (for timeouts).</summary>
public sealed record ScriptedResponse(int Status, string? RetryAfter = null, string? Body = null, TimeSpan Delay = default);

/// <summary>
/// Kestrel on 127.0.0.1 playing every Microsoft endpoint the bot talks to: the OpenID metadata and
/// keys, the token endpoint and the Bot Connector. Connector answers can be scripted per call.
/// </summary>
public sealed class FakeBotFrameworkServices : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private int _metadataFetches;
    private int _tokenRequests;
    private int _nextId;

    private FakeBotFrameworkServices(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/botframework.com/oauth2/v2.0/token";

    /// <summary>The service URL activities carry; the connector lives under it.</summary>
    public string ServiceUrl => BaseUrl + "/teams/";

    public List<TestSigningKey> PublishedKeys { get; } = [];

    public int MetadataFetches => _metadataFetches;

    public int TokenRequests => _tokenRequests;

    /// <summary>Status the OpenID metadata endpoint answers with (200 = serve it).</summary>
    public int MetadataStatus { get; set; } = 200;

    /// <summary>Status the token endpoint answers with (200 = issue a token).</summary>
    public int TokenStatus { get; set; } = 200;

    public IReadOnlyList<ConnectorCall> Calls => [.. _calls];

    /// <summary>Connector calls that were answered 2xx: what Teams actually took.</summary>
    public IReadOnlyList<ConnectorCall> Accepted => [.. _calls.Where(c => c.Status is >= 200 and < 300)];

    public void Script(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public static async Task<FakeBotFrameworkServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFrameworkServices(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (background processing), failing after a few seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        if (path == "/v1/.well-known/openidconfiguration")
        {
            Interlocked.Increment(ref _metadataFetches);
            if (MetadataStatus != 200)
            {
                context.Response.StatusCode = MetadataStatus;
                return;
            }

            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["issuer"] = TestTokens.Issuer,
                ["jwks_uri"] = BaseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            });
            return;
        }

        if (path == "/v1/.well-known/keys")
        {
            TestSigningKey[] keys;
            lock (PublishedKeys)
            {
                keys = [.. PublishedKeys];
            }

            await context.Response.WriteAsJsonAsync(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.ToJwk())]) });
            return;
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenRequests);
            var form = await context.Request.ReadFormAsync();
            if (TokenStatus != 200)
            {
                context.Response.StatusCode = TokenStatus;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "temporarily_unavailable", ["error_description"] = "down for a test" });
                return;
            }

            if (form["grant_type"] != "client_credentials" || form["scope"] != "https://api.botframework.com/.default" || form["client_id"] != TestTokens.AppId)
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
                ["access_token"] = "outbound-token-" + _tokenRequests,
            });
            return;
        }

        if (path.StartsWith("/teams/v3/", StringComparison.Ordinal))
        {
            // The raw target keeps the client's escaping of ids, which the tests check.
            var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? path;
            await HandleConnectorAsync(context, method, raw["/teams".Length..]);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task HandleConnectorAsync(HttpContext context, string method, string path)
    {
        JsonNode? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(scripted.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up; what it sent was still received (a slow success).
                }
            }

            _calls.Enqueue(new ConnectorCall(method, path, authorization, body, scripted.Status));
            context.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }

            if (scripted.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(scripted.Body);
            }
            else if (scripted.Status is >= 200 and < 300)
            {
                await context.Response.WriteAsJsonAsync(DefaultAnswer(method, path));
            }

            return;
        }

        _calls.Enqueue(new ConnectorCall(method, path, authorization, body, 200));
        await context.Response.WriteAsJsonAsync(DefaultAnswer(method, path));
    }

    private JsonObject DefaultAnswer(string method, string path)
    {
        var id = Interlocked.Increment(ref _nextId);
        if (method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            var member = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            return new JsonObject { ["id"] = member, ["name"] = "Member " + member, ["objectId"] = "aad-" + member };
        }

        if (method == "POST" && path == "/v3/conversations")
        {
            return new JsonObject { ["id"] = $"a:conversation-{id}", ["activityId"] = $"msg-{id}" };
        }

        return new JsonObject { ["id"] = $"msg-{id}" };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var key in PublishedKeys)
        {
            key.Dispose();
        }
    }
}
