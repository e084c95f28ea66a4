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

    /// <summary>The zone to read and show times in.</summary>
    public string EffectiveZoneId => TimeZone ?? PlatformTimeZone ?? TimeZones.DefaultZoneId;

    /// <summary>The working hours in force.</summary>
    public WorkingHours EffectiveWorkingHours => WorkingHours ?? Time.WorkingHours.Default;

    /// <summary>A name for messages: the display name, else the user id.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? UserId : DisplayName!;
}
