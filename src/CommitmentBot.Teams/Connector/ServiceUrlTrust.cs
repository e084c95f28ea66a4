using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.Connector;

/// <summary>
/// The service URLs our bearer token may be sent to: the configured ones and those carried by
/// activities whose token we validated (the token's <c>serviceurl</c> claim vouches for them).
/// Compared by scheme, host and port; seen URLs live as long as the process, and production's
/// <c>smba.trafficmanager.net</c> is configured by default so proactive sends work after a restart.
/// </summary>
public sealed class ServiceUrlTrust(IOptions<TeamsOptions> options)
{
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string>? _configured;

    /// <summary>Records a service URL from a validated activity.</summary>
    public void Remember(string serviceUrl)
    {
        if (OriginOf(serviceUrl) is { } origin)
        {
            _seen.TryAdd(origin, 0);
        }
    }

    /// <summary>True when a call to <paramref name="serviceUrl"/> may carry our token.</summary>
    public bool IsTrusted(string? serviceUrl)
    {
        if (OriginOf(serviceUrl) is not { } origin)
        {
            return false;
        }

        _configured ??= new HashSet<string>(
            options.Value.TrustedServiceUrls.Select(OriginOf).OfType<string>(),
            StringComparer.OrdinalIgnoreCase);
        return _configured.Contains(origin) || _seen.ContainsKey(origin);
    }

    private static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
