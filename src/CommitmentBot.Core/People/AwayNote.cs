using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.People;

/// <summary>How a person's time away reads wherever it is shown: <c>list</c>, <c>team</c>, the Slack App Home, the sandbox page.</summary>
public static class AwayNote
{
    /// <summary>"away until Mon 14 Dec, Raj covers" (null when the person is not away at or after <paramref name="now"/>).</summary>
    /// <param name="person">The person.</param>
    /// <param name="coverName">The name of whoever covers, or null when nobody does.</param>
    /// <param name="zone">The zone the last day is named in.</param>
    /// <param name="now">Now: an absence already over reads as nothing.</param>
    public static string? Describe(Person person, string? coverName, DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.Away is not { } away || away.Until <= now)
        {
            return null;
        }

        return $"away until {TimeText.LastDay(away.Until, zone)}" + (coverName is null ? "" : $", {coverName} covers");
    }
}
