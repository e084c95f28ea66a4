using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.People;

/// <summary>A rep, manager or admin as the bot knows them, within one workspace.</summary>
public sealed record Person
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The platform's user id (Slack <c>U…</c>, Teams AAD object id, sandbox name).</summary>
    public required string UserId { get; init; }

    /// <summary>The name shown to others.</summary>
    public string? DisplayName { get; init; }

    /// <summary>IANA zone the person set, or null.</summary>
    public string? TimeZone { get; init; }

    /// <summary>IANA zone the platform reported, used when <see cref="TimeZone"/> is not set.</summary>
    public string? PlatformTimeZone { get; init; }

    /// <summary>The person's working hours, or null for the default.</summary>
    public WorkingHours? WorkingHours { get; init; }

    /// <summary>The manager's user id, or null.</summary>
    public string? ManagerId { get; init; }

    /// <summary>True for workspace admins.</summary>
    public bool IsAdmin { get; init; }

    /// <summary>Start of the person's away period (<c>/promise away</c>), or null when none is set.</summary>
    public DateTimeOffset? AwayFrom { get; init; }

    /// <summary>When the person is back (end of the away period, exclusive), or null when none is set.</summary>
    public DateTimeOffset? AwayUntil { get; init; }

    /// <summary>Who covers while the person is away, or null (then the manager hears, or the channel).</summary>
    public string? AwayCoverId { get; init; }

    /// <summary>The away period set with <c>/promise away</c>, or null.</summary>
    public Absence? Away => AwayFrom is { } from && AwayUntil is { } until && until > from ? new Absence(from, until, AwayCoverId) : null;

    /// <summary>True when the person is away at <paramref name="at"/>.</summary>
    public bool IsAwayAt(DateTimeOffset at) => Away?.Covers(at) == true;

    /// <summary>The zone to read and show times in.</summary>
    public string EffectiveZoneId => TimeZone ?? PlatformTimeZone ?? TimeZones.DefaultZoneId;

    /// <summary>The working hours in force.</summary>
    public WorkingHours EffectiveWorkingHours => WorkingHours ?? Time.WorkingHours.Default;

    /// <summary>A name for messages: the display name, else the user id.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? UserId : DisplayName!;
}
