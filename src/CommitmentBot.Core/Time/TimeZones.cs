using System.Collections.Concurrent;
using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>IANA time zones, resolved once and cached.</summary>
public static class TimeZones
{
    // Only zones that exist are cached, so ids sent by clients cannot grow the cache without bound.
    private static readonly ConcurrentDictionary<string, DateTimeZone> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone used when a person has not set one and the platform offers none.</summary>
    public const string DefaultZoneId = "UTC";

    /// <summary>Resolves an IANA id (case-insensitive, surrounding spaces ignored), or returns false.</summary>
    public static bool TryResolve(string? id, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        var key = id.Trim();
        if (Cache.TryGetValue(key, out var cached))
        {
            zone = cached;
            return true;
        }

        var provider = DateTimeZoneProviders.Tzdb;
        var found = provider.GetZoneOrNull(key);
        if (found is null)
        {
            // Case-insensitive match ("america/new_york").
            foreach (var candidate in provider.Ids)
            {
                if (string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase))
                {
                    found = provider[candidate];
                    break;
                }
            }
        }

        if (found is null)
        {
            return false;
        }

        zone = Cache.GetOrAdd(key, found);
        return true;
    }

    /// <summary>Resolves an IANA id, falling back to UTC.</summary>
    public static DateTimeZone ResolveOrUtc(string? id) => TryResolve(id, out var zone) ? zone : DateTimeZone.Utc;
}
