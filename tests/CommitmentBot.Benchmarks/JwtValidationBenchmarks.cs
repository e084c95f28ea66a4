using System.Collections.Frozen;
using System.Security.Claims;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using CommitmentBot.Teams;
using CommitmentBot.Teams.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// Bot Framework token validation with the signing keys already cached: each operation checks one
/// token (RS256 signature, issuer, audience, lifetime, endorsement, serviceurl). Tokens are all
/// distinct, so nothing but the keys and validation parameters is reused. Ops/s = tokens/s.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    private RSA _rsa = null!;
    private string[] _headers = null!;
    private BotFrameworkTokenValidator _validator = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(_rsa) { KeyId = "bench-key" };
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        _headers = [.. Enumerable.Range(0, 1024).Select(i => "Bearer " + handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TeamsOptions.BotFrameworkIssuer,
            Audience = AppId,
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("serviceurl", ServiceUrl), new Claim("jti", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        }))];

        var publicKey = new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "bench-key" };
        var keys = new SigningKeySet(
            new Dictionary<string, EndorsedKey> { ["bench-key"] = new(publicKey, ["msteams"]) }.ToFrozenDictionary(),
            DateTimeOffset.UtcNow);
        var options = Options.Create(new TeamsOptions { AppId = AppId, AppPassword = "x", TenantId = "t" });
        _validator = new BotFrameworkTokenValidator(new CachedKeys(keys), options, TimeProvider.System, NullLogger<BotFrameworkTokenValidator>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => _rsa.Dispose();

    [Benchmark]
    public async ValueTask<bool> ValidateToken()
    {
        var header = _headers[_next++ & 1023];
        var check = await _validator.ValidateAsync(header, "msteams", ServiceUrl, CancellationToken.None);
        return check.IsValid ? true : throw new InvalidOperationException(check.Failure);
    }

    private sealed class CachedKeys(SigningKeySet keys) : ISigningKeySource
    {
        public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys);

        public ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(keys);
    }
}
