using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>Time zones by the name a person, a platform or storage gives them.</summary>
public static class TimeZones
{
    /// <summary>The zone used when a person has not set one and the platform offers none.</summary>
    public const string DefaultZoneId = "UTC";

    /// <summary>
    /// Resolves a zone name (case-insensitive, surrounding spaces ignored): an IANA id, a fixed offset
    /// (<c>UTC+5:30</c>), or a name of SPEC's table (<c>EST</c>, <c>Pacific</c>, <c>CET</c>), which means the
    /// region with its daylight saving. Returns false for anything else.
    /// </summary>
    public static bool TryResolve(string? id, out DateTimeZone zone) => ZoneNames.TryRead(id, out zone);

    /// <summary>Resolves a zone name, falling back to UTC.</summary>
    public static DateTimeZone ResolveOrUtc(string? id) => TryResolve(id, out var zone) ? zone : DateTimeZone.Utc;
}
