using System.Globalization;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Tests.Time;

/// <summary>Builds parser contexts and checks outcomes; expected instants are written as local times with their offset.</summary>
internal static class DueExpect
{
    public static DueContext Context(string zoneId, string nowUtc, DateOrder order = DateOrder.MDY, WorkingHours? hours = null)
        => new(
            DateTimeOffset.Parse(nowUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            DateTimeZoneProviders.Tzdb[zoneId],
            order,
            hours ?? WorkingHours.Default);

    public static void Resolves(string phrase, in DueContext context, string expected)
    {
        var result = DueTimeParser.Parse(phrase, context);
        Assert.True(result.Success, $"\"{phrase}\" was rejected: {result.Error}: {result.Message}");
        Assert.Null(result.Message);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), result.Due);
        Assert.Equal(TimeSpan.Zero, result.Due.Offset);
    }

    public static void Fails(string phrase, in DueContext context, DueError error, string message)
    {
        var result = DueTimeParser.Parse(phrase, context);
        Assert.False(result.Success, $"\"{phrase}\" was accepted as {result.Due:O}");
        Assert.Equal(error, result.Error);
        Assert.Equal(message, result.Message);
    }

    public static WorkingHours Hours(string text)
    {
        Assert.True(WorkingHours.TryParse(text, out var hours, out var error), error);
        return hours;
    }
}
