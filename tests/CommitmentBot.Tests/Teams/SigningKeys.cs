using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Tests.Teams;

/// <summary>An RSA 2048 key made for the test, published by the fake as a JWK endorsed for <c>msteams</c>.</summary>
public sealed class BotSigningKey : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);

    public BotSigningKey(string keyId)
    {
        KeyId = keyId;
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    public RsaSecurityKey SecurityKey { get; }

    public JsonObject ToJwk()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new JsonArray("msteams"),
        };
    }

    public void Dispose() => rsa.Dispose();
}

/// <summary>Issues tokens shaped like the Bot Framework channel's.</summary>
public static class BotTokens
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string BotId = "28:" + AppId;

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Issue(BotSigningKey key, DateTimeOffset now, string serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.AddMinutes(-1).UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
        });
    }
}
