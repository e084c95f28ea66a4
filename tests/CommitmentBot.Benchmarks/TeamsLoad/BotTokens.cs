using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CommitmentBot.Teams;
using CommitmentBot.Teams.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// Distinct Bot Framework tokens signed with one local RSA key, and the production validator holding that
/// key as production holds it: a JWK read from a key set, with the <c>msteams</c> endorsement, already cached.
/// </summary>
internal sealed class BotTokens : IDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private BotTokens(RSA rsa, string[] tokens, BotFrameworkTokenValidator validator)
    {
        Rsa = rsa;
        Tokens = tokens;
        Validator = validator;
    }

    /// <summary>The signing key (its public half is what the validator knows).</summary>
    public RSA Rsa { get; }

    /// <summary>The tokens, each with its own <c>jti</c>, valid for an hour from creation.</summary>
    public string[] Tokens { get; }

    public BotFrameworkTokenValidator Validator { get; }

    public static BotTokens Create(int count)
    {
        var rsa = RSA.Create(2048);
        var signing = new RsaSecurityKey(rsa) { KeyId = "bench-key" };
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        var tokens = Enumerable.Range(0, count).Select(i => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TeamsOptions.BotFrameworkIssuer,
            Audience = AppId,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", ServiceUrl), new Claim("jti", i.ToString(CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        })).ToArray();

        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = "bench-key",
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        };
        var keys = new SigningKeySet(OpenIdSigningKeySource.ParseKeys(jwks.ToJsonString()), DateTimeOffset.UtcNow);
        var validator = new BotFrameworkTokenValidator(
            new FixedKeys(keys),
            Options.Create(new TeamsOptions { AppId = AppId, AppPassword = "x", TenantId = "t" }),
            TimeProvider.System,
            NullLogger<BotFrameworkTokenValidator>.Instance);
        return new BotTokens(rsa, tokens, validator);
    }

    /// <summary>Validates an Authorization header value as the endpoint does; throws if it is refused.</summary>
    public async ValueTask<bool> CheckAsync(string bearerHeader)
    {
        var check = await Validator.ValidateAsync(bearerHeader, "msteams", ServiceUrl, CancellationToken.None);
        return check.IsValid ? true : throw new InvalidOperationException(check.Failure);
    }

    public void Dispose() => Rsa.Dispose();

    private sealed class FixedKeys(SigningKeySet keys) : ISigningKeySource
    {
        public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys);

        public ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(keys);
    }
}
