using BenchmarkDotNet.Attributes;
using CommitmentBot.Benchmarks.TeamsLoad;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// Bot Framework token validation with the signing keys already cached: each operation checks one
/// token (RS256 signature, issuer, audience, lifetime, endorsement, serviceurl). Tokens are all
/// distinct, so nothing but the keys and validation parameters is reused. Ops/s = tokens/s.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private TokenBatch tokens = null!;
    private string[] headers = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        tokens = TokenBatch.Create(1024);
        headers = [.. tokens.Tokens.Select(t => "Bearer " + t)];
    }

    [GlobalCleanup]
    public void Cleanup() => tokens.Dispose();

    [Benchmark]
    public ValueTask<bool> ValidateToken() => tokens.CheckAsync(headers[next++ & 1023]);
}
