using System.Globalization;
using NodaTime;

namespace CommitmentBot.Core.Time;

/// <summary>
/// The ways a person names a time zone (SPEC "More due forms"): the abbreviations of SPEC's table
/// (<c>ET</c>, <c>CET</c>, <c>IST</c>…), the regions <c>Eastern</c>/<c>Central</c>/<c>Mountain</c>/<c>Pacific</c>,
/// IANA names (<c>America/Chicago</c>, any case) and fixed offsets (<c>UTC+5:30</c>, <c>GMT-3</c>).
/// </summary>
/// <remarks>
/// A standard or daylight spelling names the region, not the offset: <c>EST</c> is America/New_York, so
/// <c>3pm EST</c> in June is 15:00 EDT, because that is what people who write EST all year mean.
/// Every look-up here reads a span and allocates nothing once a zone has been used: the due-time parser
/// calls it on its hot path.
/// </remarks>
public static class ZoneNames
{
    /// <summary>Longest IANA id looked up (the longest real one is 32 characters).</summary>
    public const int MaxIanaLength = 64;

    /// <summary>The greatest fixed offset read (NodaTime's limit).</summary>
    public const int MaxOffsetHours = 18;

    private static readonly string[] TableIds =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage",
        "Pacific/Honolulu", "UTC", "Europe/London", "Europe/Lisbon", "Europe/Berlin", "Europe/Helsinki",
        "Asia/Kolkata", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Seoul", "Australia/Sydney",
        "Australia/Adelaide", "Australia/Perth", "Pacific/Auckland", "America/Sao_Paulo",
    ];

    private static readonly DateTimeZone[] Table = Array.ConvertAll(TableIds, id => id == "UTC" ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb[id]);

    // IANA ids by their lower-case name (callers fold the text first: an ordinal hash is the cheap one); zones are
    // resolved on first use and kept.
    private static readonly Dictionary<string, int> IanaIndex = BuildIanaIndex(out IanaIds);
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> IanaLookup = IanaIndex.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly string[] IanaIds;
    private static readonly DateTimeZone?[] IanaZones = new DateTimeZone?[IanaIds.Length];

    // Fixed offsets, one per minute from -18:00 to +18:00, made on first use.
    private static readonly DateTimeZone?[] Fixed = new DateTimeZone?[(2 * MaxOffsetHours * 60) + 1];

    /// <summary>Index in SPEC's table of the zone UTC (what <c>UTC</c>, <c>GMT</c> and <c>Z</c> name).</summary>
    internal const int UtcIndex = 6;

    /// <summary>How many zones SPEC's table names.</summary>
    internal static int TableCount => Table.Length;

    /// <summary>
    /// Reads one lower-case word of SPEC's table (<c>est</c>, <c>cet</c>, <c>z</c>) or a region
    /// (<c>eastern</c>); <paramref name="index"/> is its place in the table.
    /// </summary>
    internal static bool TryFindWord(ReadOnlySpan<char> lowerWord, out int index)
    {
        index = lowerWord switch
        {
            "et" or "est" or "edt" or "eastern" => 0,
            "ct" or "cst" or "cdt" or "central" => 1,
            "mt" or "mst" or "mdt" or "mountain" => 2,
            "pt" or "pst" or "pdt" or "pacific" => 3,
            "akt" or "akst" or "akdt" => 4,
            "hst" => 5,
            "gmt" or "utc" or "z" => UtcIndex,
            "bst" or "uk" => 7,
            "wet" or "west" => 8,
            "cet" or "cest" => 9,
            "eet" or "eest" => 10,
            "ist" => 11,
            "sgt" => 12,
            "hkt" => 13,
            "jst" => 14,
            "kst" => 15,
            "aest" or "aedt" => 16,
            "acst" or "acdt" => 17,
            "awst" => 18,
            "nzst" or "nzdt" => 19,
            "brt" => 20,
            _ => -1,
        };
        return index >= 0;
    }

    /// <summary>The zone at <paramref name="index"/> in SPEC's table.</summary>
    internal static DateTimeZone FromTable(int index) => Table[index];

    /// <summary>An IANA id with at least one <c>/</c>, written in lower case (<c>america/chicago</c>), or false.</summary>
    internal static bool TryFindIana(ReadOnlySpan<char> id, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        if (id.Length is 0 or > MaxIanaLength || !id.Contains('/') || !IanaLookup.TryGetValue(id, out var index))
        {
            return false;
        }

        // A race here resolves the same zone twice; the provider returns one instance per id either way.
        zone = IanaZones[index] ??= DateTimeZoneProviders.Tzdb[IanaIds[index]];
        return true;
    }

    /// <summary>A fixed offset of <paramref name="totalMinutes"/> east of UTC (within ±18 hours), or false.</summary>
    internal static bool TryFixed(int totalMinutes, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        var slot = totalMinutes + (MaxOffsetHours * 60);
        if ((uint)slot >= (uint)Fixed.Length)
        {
            return false;
        }

        zone = Fixed[slot] ??= totalMinutes == 0 ? DateTimeZone.Utc : DateTimeZone.ForOffset(Offset.FromSeconds(totalMinutes * 60));
        return true;
    }

    /// <summary>
    /// Reads a zone a person typed (settings, the sandbox, the command line): a word of SPEC's table or a
    /// region (optionally followed by <c>time</c>), an IANA id (any case), or a fixed offset
    /// (<c>UTC+5:30</c>, <c>GMT-3</c>, <c>UTC+10</c>). The table comes first, so <c>EST</c> is New York with its
    /// daylight saving, not the fixed zone of the same IANA name.
    /// </summary>
    public static bool TryRead(string? text, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        var t = (text ?? "").AsSpan().Trim();
        if (t.IsEmpty || t.Length > MaxIanaLength)
        {
            return false;
        }

        Span<char> lower = stackalloc char[t.Length];
        t.ToLowerInvariant(lower);
        ReadOnlySpan<char> word = lower;

        // "Pacific time", "Eastern Standard Time"
        foreach (var tail in (string[])[" standard time", " daylight time", " time"])
        {
            if (word.EndsWith(tail, StringComparison.Ordinal))
            {
                word = word[..^tail.Length].TrimEnd();
                break;
            }
        }

        if (TryFindWord(word, out var index))
        {
            zone = Table[index];
            return true;
        }

        if (TryReadOffset(word, out zone))
        {
            return true;
        }

        if (!IanaLookup.TryGetValue(lower, out var iana))
        {
            return false;
        }

        zone = IanaZones[iana] ??= DateTimeZoneProviders.Tzdb[IanaIds[iana]];
        return true;
    }

    /// <summary>"utc+5:30", "gmt-3", "utc+10", "utc+0530" (lower case).</summary>
    private static bool TryReadOffset(ReadOnlySpan<char> text, out DateTimeZone zone)
    {
        zone = DateTimeZone.Utc;
        if (text.Length < 5 || !(text.StartsWith("utc", StringComparison.Ordinal) || text.StartsWith("gmt", StringComparison.Ordinal))
            || text[3] is not ('+' or '-'))
        {
            return false;
        }

        var sign = text[3] == '-' ? -1 : 1;
        var digits = text[4..];
        var colon = digits.IndexOf(':');
        var hoursText = colon >= 0 ? digits[..colon] : digits.Length == 4 ? digits[..2] : digits;
        var minutesText = colon >= 0 ? digits[(colon + 1)..] : digits.Length == 4 ? digits[2..] : "00";
        if (hoursText.Length is 0 or > 2 || minutesText.Length != 2
            || !int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(minutesText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            return false;
        }

        return hours <= MaxOffsetHours && minutes <= 59 && TryFixed(sign * ((hours * 60) + minutes), out zone);
    }

    private static Dictionary<string, int> BuildIanaIndex(out string[] ids)
    {
        ids = [.. DateTimeZoneProviders.Tzdb.Ids];
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i].ToLowerInvariant()] = i;
        }

        return index;
    }
}
