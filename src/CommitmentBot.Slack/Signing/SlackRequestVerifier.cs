using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Signing;

/// <summary>Why a request was refused; <see cref="None"/> means it is genuine.</summary>
internal enum SignatureFailure
{
    None,
    MissingHeaders,
    BadTimestamp,
    StaleTimestamp,
    BadSignature,
    NoSecret,
}

/// <summary>
/// Checks Slack's v0 request signature: HMAC-SHA256 with the signing secret over
/// <c>v0:{timestamp}:{raw body}</c>, within five minutes of now, compared in constant time.
/// </summary>
internal sealed class SlackRequestVerifier
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>Slack's replay window.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int HashLength = 32;
    private static readonly byte[] VersionPrefix = "v0:"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
        : this(options.Value.SigningSecret, time)
    {
    }

    public SlackRequestVerifier(string? signingSecret, TimeProvider time)
    {
        _key = string.IsNullOrEmpty(signingSecret) ? [] : Encoding.UTF8.GetBytes(signingSecret);
        _time = time;
    }

    public SignatureFailure Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (_key.Length == 0)
        {
            return SignatureFailure.NoSecret;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureFailure.MissingHeaders;
        }

        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureFailure.BadTimestamp;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > (long)Tolerance.TotalSeconds)
        {
            return SignatureFailure.StaleTimestamp;
        }

        // "v0=" + 64 hex digits; anything else cannot match.
        if (signature.Length != 3 + (HashLength * 2) || !signature.StartsWith("v0=", StringComparison.Ordinal))
        {
            return SignatureFailure.BadSignature;
        }

        Span<byte> given = stackalloc byte[HashLength];
        if (Convert.FromHexString(signature.AsSpan(3), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != HashLength)
        {
            return SignatureFailure.BadSignature;
        }

        Span<byte> expected = stackalloc byte[HashLength];
        Compute(timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureFailure.None : SignatureFailure.BadSignature;
    }

    /// <summary>The <c>X-Slack-Signature</c> value for a body (used by tests and tools that sign requests).</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[HashLength];
        Compute(timestamp, body, hash);
        return "v0=" + Convert.ToHexStringLower(hash);
    }

    private void Compute(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(VersionPrefix);
        Span<byte> digits = stackalloc byte[16];
        var length = Encoding.ASCII.GetBytes(timestamp, digits);
        hmac.AppendData(digits[..length]);
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
