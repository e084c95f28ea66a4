using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Tests.Time;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("america/new_york", "America/New_York")]
    [InlineData("  Asia/Kolkata ", "Asia/Kolkata")]
    [InlineData("UTC", "UTC")]
    [InlineData("Etc/GMT+5", "Etc/GMT+5")]
    [InlineData("Europe/Kyiv", "Europe/Kyiv")]
    public void TryResolve_FindsIanaZones_IgnoringCase(string id, string expected)
    {
        Assert.True(TimeZones.TryResolve(id, out var zone));
        Assert.Equal(expected, zone.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Eastern Standard Daylight")]
    [InlineData("XYZ")]
    [InlineData("UTC+25")]
    [InlineData("UTC+5:3")]
    public void TryResolve_Fails_ForUnknownIds(string? id)
    {
        Assert.False(TimeZones.TryResolve(id, out var zone));
        Assert.Equal(DateTimeZone.Utc, zone);
    }

    [Theory]
    [InlineData("EST", "America/New_York")] // the region with its daylight saving, not the fixed IANA zone "EST"
    [InlineData("est", "America/New_York")]
    [InlineData("EDT", "America/New_York")]
    [InlineData("ET", "America/New_York")]
    [InlineData("Eastern", "America/New_York")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("Pacific", "America/Los_Angeles")]
    [InlineData("pacific time", "America/Los_Angeles")]
    [InlineData("PST", "America/Los_Angeles")]
    [InlineData("Central", "America/Chicago")]
    [InlineData("Mountain Time", "America/Denver")]
    [InlineData("MST", "America/Denver")]
    [InlineData("HST", "Pacific/Honolulu")]
    [InlineData("AKST", "America/Anchorage")]
    [InlineData("CET", "Europe/Berlin")]
    [InlineData("CEST", "Europe/Berlin")]
    [InlineData("WET", "Europe/Lisbon")]
    [InlineData("EET", "Europe/Helsinki")]
    [InlineData("BST", "Europe/London")]
    [InlineData("UK", "Europe/London")]
    [InlineData("IST", "Asia/Kolkata")]
    [InlineData("SGT", "Asia/Singapore")]
    [InlineData("HKT", "Asia/Hong_Kong")]
    [InlineData("JST", "Asia/Tokyo")]
    [InlineData("KST", "Asia/Seoul")]
    [InlineData("AEST", "Australia/Sydney")]
    [InlineData("ACDT", "Australia/Adelaide")]
    [InlineData("AWST", "Australia/Perth")]
    [InlineData("NZDT", "Pacific/Auckland")]
    [InlineData("BRT", "America/Sao_Paulo")]
    [InlineData("GMT", "UTC")]
    [InlineData("Z", "UTC")]
    [InlineData("UTC+5:30", "UTC+05:30")]
    [InlineData("GMT-3", "UTC-03")]
    [InlineData("UTC+10", "UTC+10")]
    [InlineData("utc+0545", "UTC+05:45")]
    public void TryResolve_ReadsSpecsZoneTable(string text, string expected)
    {
        Assert.True(TimeZones.TryResolve(text, out var zone), text);
        Assert.Equal(expected, zone.Id);
    }

    [Fact]
    public void TryResolve_ReadsEstWithDaylightSaving()
    {
        Assert.True(TimeZones.TryResolve("EST", out var zone));
        var june = Instant.FromUtc(2026, 6, 1, 12, 0);
        Assert.Equal(Offset.FromHours(-4), zone.GetUtcOffset(june));
    }

    [Fact]
    public void TryResolve_RoundTripsTheIdsItGives()
    {
        foreach (var text in (string[])["EST", "UTC+5:30", "GMT-3", "Pacific time", "america/chicago"])
        {
            Assert.True(TimeZones.TryResolve(text, out var zone));
            Assert.True(TimeZones.TryResolve(zone.Id, out var again));
            Assert.Equal(zone, again);
        }
    }

    [Fact]
    public void TryResolve_Fails_ForOverlongIds()
        => Assert.False(TimeZones.TryResolve(new string('a', 65), out _));

    [Fact]
    public void ResolveOrUtc_FallsBackToUtc()
    {
        Assert.Equal(DateTimeZone.Utc, TimeZones.ResolveOrUtc("nowhere"));
        Assert.Equal("Europe/London", TimeZones.ResolveOrUtc("Europe/London").Id);
    }
}
