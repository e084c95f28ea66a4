using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// The Microsoft side of a Teams bot for the load run, on Kestrel at 127.0.0.1: OpenID metadata and
/// signing keys (one RSA key endorsed for <c>msteams</c>), the token endpoint, and a connector that
/// answers every post at once and counts the replies each inbound activity got.
/// </summary>
internal sealed class FakeBotServices : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string BotId = "28:" + AppId;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly WebApplication app;
    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;
    private readonly ConcurrentDictionary<string, int> repliesByActivity = new(StringComparer.Ordinal);
    private long connectorCalls;
    private long tokenRequests;
    private long nextId;

    private FakeBotServices(WebApplication app)
    {
        this.app = app;
        key = new RsaSecurityKey(rsa) { KeyId = "load-key-1" };
    }

    public string BaseUrl { get; private set; } = "";

    public string OpenIdMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";

    public string TokenUrl => BaseUrl + "/tenant/oauth2/v2.0/token";

    public string ServiceUrl => BaseUrl + "/teams/";

    public long ConnectorCalls => Interlocked.Read(ref connectorCalls);

    public long TokenRequests => Interlocked.Read(ref tokenRequests);

    /// <summary>Replies the bot posted, by the id of the activity they answer.</summary>
    public IReadOnlyDictionary<string, int> RepliesByActivity => repliesByActivity;

    public static async Task<FakeBotServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotServices(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>A channel token for <see cref="ServiceUrl"/>, valid for an hour from <paramref name="now"/>.</summary>
    public string IssueToken(DateTimeOffset now, int serial) => Handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = AppId,
        IssuedAt = now.UtcDateTime,
        NotBefore = now.AddMinutes(-1).UtcDateTime,
        Expires = now.AddHours(1).UtcDateTime,
        Subject = new ClaimsIdentity([new Claim("serviceurl", ServiceUrl), new Claim("jti", serial.ToString(CultureInfo.InvariantCulture))]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/v1/.well-known/openidconfiguration")
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = BaseUrl + "/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            });
            return;
        }

        if (path == "/v1/.well-known/keys")
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray("msteams"),
                }),
            });
            return;
        }

        if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref tokenRequests);
            await context.Request.ReadFormAsync();
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["ext_expires_in"] = 3600,
                ["access_token"] = "load-outbound-token",
            });
            return;
        }

        if (path.StartsWith("/teams/v3/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref connectorCalls);

            // Drain the body as Teams would read it.
            await context.Request.Body.CopyToAsync(Stream.Null);
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? path;
            var activities = raw.IndexOf("/activities/", StringComparison.Ordinal);
            if (context.Request.Method == "POST" && activities > 0)
            {
                var replyTo = Uri.UnescapeDataString(raw[(activities + "/activities/".Length)..]);
                repliesByActivity.AddOrUpdate(replyTo, 1, (_, n) => n + 1);
            }

            var id = Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "msg-" + id });
            return;
        }

        context.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }
}
