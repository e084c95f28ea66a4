using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Escalation;

/// <summary>Builds the ladder's calendars from stored people, their time away and who covers for them.</summary>
public static class LadderParties
{
    /// <summary>A person's calendar, with their id and their time away.</summary>
    public static LadderParty Party(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new LadderParty(TimeZones.ResolveOrUtc(person.EffectiveZoneId), person.EffectiveWorkingHours)
        {
            UserId = person.UserId,
            Away = person.Away,
        };
    }

    /// <summary>The ids of whoever covers for these people (only those with a time away not yet over at <paramref name="now"/>).</summary>
    public static IEnumerable<string> CoverIds(IEnumerable<Person> people, DateTimeOffset now) =>
        people.Where(p => p.Away is { } away && away.Until > now).Select(p => p.AwayCoverId).OfType<string>();

    /// <summary>
    /// The ladder context for one rep: their calendar, their manager's, the channel, and the calendars of the covers
    /// (looked up in <paramref name="known"/>; a cover not stored gets the defaults).
    /// </summary>
    public static LadderContext Context(Person owner, Person? manager, bool hasChannel, IReadOnlyDictionary<string, Person> known, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(known);
        var covers = new Dictionary<string, LadderParty>(StringComparer.Ordinal);
        var first = CoverIds(manager is null ? [owner] : [owner, manager], now).ToList();
        foreach (var id in first)
        {
            var cover = known.GetValueOrDefault(id) ?? new Person { WorkspaceId = owner.WorkspaceId, UserId = id };
            covers[id] = Party(cover);
            foreach (var second in CoverIds([cover], now))
            {
                covers.TryAdd(second, Party(known.GetValueOrDefault(second) ?? new Person { WorkspaceId = owner.WorkspaceId, UserId = second }));
            }
        }

        return new LadderContext(Party(owner), manager is null ? null : Party(manager), hasChannel) { Covers = covers };
    }
}
