using System.Collections.Concurrent;
using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>IANA time zones, resolved once and cached.</summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, DateTimeZone?> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone used when a person has not set one and the platform offers none.</summary>
    public const string DefaultZoneId = "UTC";

    /// <summary>Resolves an IANA id (case-insensitive), or returns false.</summary>
    public static bool TryResolve(string? id, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        var found = Cache.GetOrAdd(id.Trim(), static key =>
        {
            var provider = DateTimeZoneProviders.Tzdb;
            var direct = provider.GetZoneOrNull(key);
            if (direct is not null)
            {
                return direct;
            }

            // Case-insensitive match ("america/new_york").
            var match = provider.Ids.FirstOrDefault(i => string.Equals(i, key, StringComparison.OrdinalIgnoreCase));
            return match is null ? null : provider[match];
        });
        if (found is null)
        {
            return false;
        }

        zone = found;
        return true;
    }

    /// <summary>Resolves an IANA id, falling back to UTC.</summary>
    public static DateTimeZone ResolveOrUtc(string? id) => TryResolve(id, out var zone) ? zone : DateTimeZone.Utc;
}
