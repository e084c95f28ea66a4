using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using CommitmentBot.Core.Ports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Install;

/// <summary>
/// OAuth state without a table of its own: the state is a random nonce and its expiry, protected by
/// Data Protection (so nobody can forge one), and it is used up through <see cref="IRequestDeduplicator"/>
/// (so it works once, across instances, as long as they share Data Protection keys and the database).
/// </summary>
internal sealed class ProtectedOAuthStateStore(IDataProtectionProvider provider, IServiceScopeFactory scopes) : ISlackOAuthStateStore
{
    /// <summary>States are not tied to a workspace yet; they share one deduplication scope.</summary>
    internal const string DedupScope = "slack-oauth";

    private readonly IDataProtector _protector = provider.CreateProtector("CommitmentBot.Slack.OAuthState.v1");

    public Task<string> CreateAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var payload = nonce + "|" + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Task.FromResult(_protector.Protect(payload));
    }

    public async Task<bool> TryConsumeAsync(string state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 1024)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(state);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(payload.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || now.ToUnixTimeSeconds() > expires)
        {
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var deduplicator = scope.ServiceProvider.GetRequiredService<IRequestDeduplicator>();
        return await deduplicator.TryBeginAsync(DedupScope, "oauth-state:" + payload[..bar], now, cancellationToken);
    }
}
