using CommitmentBot.Core.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.TimeZones;

namespace CommitmentBot.Core.Tests.Time;

public sealed class ZoneMathTests
{
    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, 2, 30, "2026-03-08T07:30:00Z")] // gap: forward by an hour
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, "2026-11-01T05:30:00Z")] // twice: the earlier
    [InlineData("America/New_York", 2026, 11, 23, 10, 0, "2026-11-23T15:00:00Z")]
    [InlineData("Australia/Lord_Howe", 2026, 10, 4, 2, 15, "2026-10-03T15:45:00Z")] // a half-hour gap (02:00 → 02:30)
    [InlineData("Asia/Kolkata", 2026, 11, 23, 10, 0, "2026-11-23T04:30:00Z")]
    public void ResolveLeniently_FollowsSpecRules(string zone, int y, int mo, int d, int h, int mi, string expectedUtc)
    {
        var instant = ZoneMath.ResolveLeniently(DateTimeZoneProviders.Tzdb[zone], new LocalDateTime(y, mo, d, h, mi));
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(expectedUtc).Value, instant);
    }

    /// <summary>The fast path must agree with NodaTime's lenient resolver everywhere, above all around transitions.</summary>
    [Property(MaxTest = 2000)]
    public Property ResolveLeniently_AgreesWithNodaTimesLenientResolver()
        => Prop.ForAll(NearTransitions().ToArbitrary(), pair =>
        {
            var (zone, local) = pair;
            return ZoneMath.ResolveLeniently(zone, local) == zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();
        });

    private static Gen<(DateTimeZone Zone, LocalDateTime Local)> NearTransitions()
    {
        var ids = DateTimeZoneProviders.Tzdb.Ids.ToArray();
        return from id in Gen.Elements(ids)
               from year in Gen.Choose(1970, 2037)
               from pick in Gen.Choose(0, 1000)
               from minutes in Gen.Choose(-36 * 60, 36 * 60)
               select Near(DateTimeZoneProviders.Tzdb[id], year, pick, minutes);
    }

    private static (DateTimeZone, LocalDateTime) Near(DateTimeZone zone, int year, int pick, int minutes)
    {
        var from = Instant.FromUtc(year, 1, 1, 0, 0);
        var starts = zone.GetZoneIntervals(from, Instant.FromUtc(year + 1, 1, 1, 0, 0))
            .Where(i => i.HasStart && i.Start >= from)
            .Select(i => i.IsoLocalStart)
            .ToArray();
        var anchor = starts.Length == 0 ? new LocalDateTime(year, 1 + (pick % 12), 1 + (pick % 28), 12, 0) : starts[pick % starts.Length];
        return (zone, anchor.PlusMinutes(minutes));
    }
}
