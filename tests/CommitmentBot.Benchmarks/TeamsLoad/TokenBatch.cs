using System.Text.Json.Nodes;
using CommitmentBot.Teams;
using CommitmentBot.Teams.Auth;
using CommitmentBot.TestSupport.BotFramework;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// Distinct Bot Framework tokens signed with one local RSA key, and the production validator holding that
/// key as production holds it: a JWK read from a key set, with the <c>msteams</c> endorsement, already cached.
/// </summary>
internal sealed class TokenBatch : IDisposable
{
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private TokenBatch(BotSigningKey key, string[] tokens, BotFrameworkTokenValidator validator)
    {
        Key = key;
        Tokens = tokens;
        Validator = validator;
    }

    /// <summary>The signing key (its public half is what the validator knows).</summary>
    public BotSigningKey Key { get; }

    /// <summary>The tokens, each with its own <c>jti</c>, valid for an hour from creation.</summary>
    public string[] Tokens { get; }

    public BotFrameworkTokenValidator Validator { get; }

    public static TokenBatch Create(int count)
    {
        var key = new BotSigningKey("bench-key", "msteams");
        var now = DateTimeOffset.UtcNow;
        var tokens = Enumerable.Range(0, count).Select(i => BotTokens.Issue(key, now, ServiceUrl, serial: i)).ToArray();
        var jwks = new JsonObject { ["keys"] = new JsonArray(key.ToJwk()) };
        var keys = new SigningKeySet(OpenIdSigningKeySource.ParseKeys(jwks.ToJsonString()), DateTimeOffset.UtcNow);
        var validator = new BotFrameworkTokenValidator(
            new FixedKeys(keys),
            Options.Create(new TeamsOptions { AppId = BotTokens.AppId, AppPassword = "x", TenantId = "t" }),
            TimeProvider.System,
            NullLogger<BotFrameworkTokenValidator>.Instance);
        return new TokenBatch(key, tokens, validator);
    }

    /// <summary>Validates an Authorization header value as the endpoint does; throws if it is refused.</summary>
    public async ValueTask<bool> CheckAsync(string bearerHeader)
    {
        var check = await Validator.ValidateAsync(bearerHeader, "msteams", ServiceUrl, CancellationToken.None);
        return check.IsValid ? true : throw new InvalidOperationException(check.Failure);
    }

    public void Dispose() => Key.Dispose();

    private sealed class FixedKeys(SigningKeySet keys) : ISigningKeySource
    {
        public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys);

        public ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(keys);
    }
}
