using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.TestSupport.BotFramework;

/// <summary>A locally made RSA 2048 signing key, published by <see cref="FakeBotFramework"/> as a JWK and used to issue test tokens.</summary>
public sealed class BotSigningKey : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);

    /// <param name="keyId">The <c>kid</c>.</param>
    /// <param name="endorsements">The channels the key is endorsed for (the Bot Framework's <c>msteams</c>).</param>
    public BotSigningKey(string keyId, params string[] endorsements)
    {
        KeyId = keyId;
        Endorsements = endorsements;
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    public string[] Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    public JsonObject ToJwk()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements.Length > 0)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
        }

        return jwk;
    }

    public void Dispose() => rsa.Dispose();
}

/// <summary>Issues tokens shaped like the Bot Framework channel's (and some it must refuse).</summary>
public static class BotTokens
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string BotId = "28:" + AppId;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="serial">When given, a distinct <c>jti</c> (so each token is a new string).</param>
    public static string Issue(
        BotSigningKey key,
        DateTimeOffset now,
        string serviceUrl,
        string issuer = Issuer,
        string audience = AppId,
        TimeSpan? lifetime = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        DateTimeOffset? notBefore = null,
        int? serial = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        List<Claim> claims = [new("serviceurl", serviceUrl)];
        if (serial is { } jti)
        {
            claims.Add(new Claim("jti", jti.ToString(CultureInfo.InvariantCulture)));
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = now.Add(lifetime ?? TimeSpan.FromHours(1)).UtcDateTime,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(key.SecurityKey, algorithm),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string WithoutSignature(string keyId, DateTimeOffset now, string serviceUrl)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = keyId };
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = AppId,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["serviceurl"] = serviceUrl,
        };
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".";
    }

    /// <summary>A token signed with HMAC (a shared-secret algorithm the validator must refuse).</summary>
    public static string Hmac(string keyId, DateTimeOffset now, string serviceUrl)
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = keyId };
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            NotBefore = now.AddMinutes(-1).UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(secret, SecurityAlgorithms.HmacSha256),
        });
    }
}
