using System.Diagnostics;
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
/// <c>teams-jwt [--seconds 10] [--threads 1]</c>: validates distinct tokens with cached keys (held as JWKs,
/// as production holds them) for a while and reports tokens per second of wall time and per second of
/// this process's CPU time. The CPU figure is "per core" and stays meaningful on a machine shared with
/// other work, where BenchmarkDotNet's wall-clock means wander.
/// </summary>
internal static class JwtThroughput
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ReadNumber(args, "--seconds", 10);
        var threads = ReadNumber(args, "--threads", 1);
        using var rsa = RSA.Create(2048);
        var signing = new RsaSecurityKey(rsa) { KeyId = "bench-key" };
        var handler = new JsonWebTokenHandler();
        var now = DateTime.UtcNow;
        var headers = Enumerable.Range(0, 4096).Select(i => "Bearer " + handler.CreateToken(new SecurityTokenDescriptor
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

        // Warm up (JIT, provider caches), then measure.
        for (var i = 0; i < 2000; i++)
        {
            await CheckAsync(validator, headers[i & 4095]);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            long n = 0;
            while (wall.Elapsed < deadline)
            {
                await CheckAsync(validator, headers[(int)((n * threads) + t) & 4095]);
                n++;
            }

            return n;
        })));
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var total = counts.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JWT validation, cached keys, {threads} thread(s), {wall.Elapsed.TotalSeconds:0.0} s: {total} tokens"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total / wall.Elapsed.TotalSeconds:0} tokens/s wall, {total / cpu.TotalSeconds:0} tokens per CPU-second ({cpu.TotalMilliseconds * 1000 / total:0.0} µs of CPU each)"));
        Console.WriteLine($"  target ≥ 20,000 tokens/s per core: {(total / cpu.TotalSeconds >= 20_000 ? "met" : "MISSED")} (load average {File.ReadAllText("/proc/loadavg").Trim()})");
        return 0;
    }

    private static async ValueTask CheckAsync(BotFrameworkTokenValidator validator, string header)
    {
        var check = await validator.ValidateAsync(header, "msteams", ServiceUrl, CancellationToken.None);
        if (!check.IsValid)
        {
            throw new InvalidOperationException(check.Failure);
        }
    }

    private static int ReadNumber(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
    }

    private sealed class FixedKeys(SigningKeySet keys) : ISigningKeySource
    {
        public ValueTask<SigningKeySet> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys);

        public ValueTask<SigningKeySet> RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult(keys);
    }
}
