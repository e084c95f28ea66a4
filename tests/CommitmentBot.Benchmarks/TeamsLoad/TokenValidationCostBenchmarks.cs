using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CommitmentBot.Teams;
using CommitmentBot.Teams.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// Where a Bot Framework token check spends its time, with the key as production holds it (a JWK read
/// from the key set): the bare RS256 signature check, parsing the token, and the whole validator.
/// The gap between the first and the last is what the validator adds around the cryptography.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationCostBenchmarks
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private RSA rsa = null!;
    private string[] tokens = null!;
    private byte[][] signedParts = null!;
    private byte[][] signatures = null!;
    private BotFrameworkTokenValidator validator = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench-key" };
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        tokens = [.. Enumerable.Range(0, 1024).Select(i => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TeamsOptions.BotFrameworkIssuer,
            Audience = AppId,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", ServiceUrl), new Claim("jti", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        }))];
        signedParts = [.. tokens.Select(t => Encoding.ASCII.GetBytes(t[..t.LastIndexOf('.')]))];
        signatures = [.. tokens.Select(t => Base64UrlEncoder.DecodeBytes(t[(t.LastIndexOf('.') + 1)..]))];

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
        var options = Options.Create(new TeamsOptions { AppId = AppId, AppPassword = "x", TenantId = "t" });
        validator = new BotFrameworkTokenValidator(new FixedKeys(keys), options, TimeProvider.System, NullLogger<BotFrameworkTokenValidator>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => rsa.Dispose();

    [Benchmark(Baseline = true)]
    public bool RsaSignatureOnly()
    {
        var i = next++ & 1023;
        return rsa.VerifyData(signedParts[i], signatures[i], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [Benchmark]
    public string ReadTokenOnly() => new JsonWebToken(tokens[next++ & 1023]).Kid;

    [Benchmark]
    public async ValueTask<bool> WholeValidator()
    {
        var check = await validator.ValidateAsync("Bearer " + tokens[next++ & 1023], "msteams", ServiceUrl, CancellationToken.None);
        return check.IsValid ? true : throw new InvalidOperationException(check.Failure);
    }

    private sealed class FixedKeys(SigningKeySet keys) : ISigningKeySource
    {
        public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys);

        public ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(keys);
    }
}
