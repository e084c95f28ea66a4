using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
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
    private TokenBatch tokens = null!;
    private byte[][] signedParts = null!;
    private byte[][] signatures = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        tokens = TokenBatch.Create(1024);
        signedParts = [.. tokens.Tokens.Select(t => Encoding.ASCII.GetBytes(t[..t.LastIndexOf('.')]))];
        signatures = [.. tokens.Tokens.Select(t => Base64UrlEncoder.DecodeBytes(t[(t.LastIndexOf('.') + 1)..]))];
    }

    [GlobalCleanup]
    public void Cleanup() => tokens.Dispose();

    [Benchmark(Baseline = true)]
    public bool RsaSignatureOnly()
    {
        var i = next++ & 1023;
        return tokens.Key.SecurityKey.Rsa.VerifyData(signedParts[i], signatures[i], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [Benchmark]
    public string ReadTokenOnly() => new JsonWebToken(tokens.Tokens[next++ & 1023]).Kid;

    [Benchmark]
    public ValueTask<bool> WholeValidator() => tokens.CheckAsync("Bearer " + tokens.Tokens[next++ & 1023]);
}
