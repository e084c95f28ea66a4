namespace CommitmentBot.Core.Escalation;

/// <summary>
/// The values behind the escalation ladder. A workspace keeps one current policy; each commitment
/// keeps a copy of the policy it was created (or last moved) under, so a later change never
/// rewrites a ladder already running.
/// </summary>
public sealed record EscalationPolicy
{
    /// <summary>The default policy of SPEC's "The escalation ladder".</summary>
    public static EscalationPolicy Default { get; } = new();

    /// <summary>Share of the promise window used as the heads-up buffer (0.25 = 25%).</summary>
    public double HeadsUpFraction { get; init; } = 0.25;

    /// <summary>Smallest heads-up buffer; a promise shorter than this gets a "no room" warning.</summary>
    public TimeSpan HeadsUpMinimum { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest heads-up buffer.</summary>
    public TimeSpan HeadsUpMaximum { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Working time after due before the overdue nudge.</summary>
    public TimeSpan OverdueAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Working time after due before the manager hears.</summary>
    public TimeSpan ManagerAfter { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Working time after the manager step, without acknowledgement, before the channel post.</summary>
    public TimeSpan ChannelAfterManager { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Working days after due before the channel post when the rep has no manager.</summary>
    public int ChannelWithoutManagerWorkingDays { get; init; } = 1;

    /// <summary>Working days a manager's snooze pushes the manager step.</summary>
    public int SnoozeWorkingDays { get; init; } = 1;

    /// <summary>
    /// <c>admin policy status-away on</c>: a Slack status that says the person is out (SPEC "Away, delegates and snoozes")
    /// counts as away without a cover. Off by default.
    /// </summary>
    public bool StatusAway { get; init; }

    /// <summary>
    /// Noticing promises (<c>admin policy notice on</c>): a channel message that reads as a promise gets a private
    /// "Track it?" note to its author. Off unless a workspace opts in.
    /// </summary>
    public bool NoticePromises { get; init; }

    /// <summary>The weekly digest's day in each manager's zone (<c>admin policy digest-day</c>); Monday by default.</summary>
    public DayOfWeek DigestDay { get; init; } = DayOfWeek.Monday;

    /// <summary>The weekly digest's time of day in each manager's zone (<c>admin policy digest-time</c>); 09:00 by default.</summary>
    public TimeSpan DigestTime { get; init; } = TimeSpan.FromHours(9);

    /// <summary>The heads-up buffer for a window: clamp(fraction × window, minimum, maximum).</summary>
    public TimeSpan BufferFor(TimeSpan window)
    {
        var share = TimeSpan.FromTicks((long)(window.Ticks * HeadsUpFraction));
        return share < HeadsUpMinimum ? HeadsUpMinimum : share > HeadsUpMaximum ? HeadsUpMaximum : share;
    }

    /// <summary>Checks the values make a sensible ladder; returns the problem or null.</summary>
    public string? Validate()
    {
        if (HeadsUpFraction is <= 0 or >= 1)
        {
            return "the heads-up share must be between 0% and 100%";
        }

        if (HeadsUpMinimum <= TimeSpan.Zero || HeadsUpMaximum < HeadsUpMinimum)
        {
            return "the heads-up minimum must be positive and not above the maximum";
        }

        if (OverdueAfter <= TimeSpan.Zero || ManagerAfter <= OverdueAfter)
        {
            return "the overdue nudge must come after due, and the manager step after the overdue nudge";
        }

        if (ChannelAfterManager <= TimeSpan.Zero || ChannelWithoutManagerWorkingDays < 1 || SnoozeWorkingDays < 1)
        {
            return "the channel delay and snooze must be positive";
        }

        if (DigestTime < TimeSpan.Zero || DigestTime >= TimeSpan.FromDays(1) || DigestTime.Ticks % TimeSpan.TicksPerMinute != 0 || !Enum.IsDefined(DigestDay))
        {
            return "the digest time must be a day of the week and a time of day in whole minutes";
        }

        return null;
    }
}
