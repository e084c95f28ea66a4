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
    public void TryResolve_FindsIanaZones_IgnoringCase(string id, string expected)
    {
        Assert.True(TimeZones.TryResolve(id, out var zone));
        Assert.Equal(expected, zone.Id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Eastern Standard Time")]
    public void TryResolve_Fails_ForUnknownIds(string? id)
    {
        Assert.False(TimeZones.TryResolve(id, out var zone));
        Assert.Equal(DateTimeZone.Utc, zone);
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
