using CommitmentBot.Core.Escalation;

namespace CommitmentBot.Core.Commands;

/// <summary>One escalation policy value an admin sets, already read as its kind (share, duration or working days).</summary>
public abstract record PolicySetting
{
    /// <summary>The policy with this value changed (not yet checked as a whole: see <see cref="EscalationPolicy.Validate"/>).</summary>
    public abstract EscalationPolicy ApplyTo(EscalationPolicy policy);
}

/// <summary><c>admin policy headsup 25%</c>: the share of the window used as the heads-up buffer.</summary>
/// <param name="Share">Between 0 and 1, exclusive.</param>
public sealed record HeadsUpShareSetting(double Share) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { HeadsUpFraction = Share };
    }
}

/// <summary><c>admin policy status-away on|off</c>: a Slack status saying "out" counts as away.</summary>
/// <param name="On">On or off.</param>
public sealed record StatusAwaySetting(bool On) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { StatusAway = On };
    }
}

/// <summary>The policy values that are durations.</summary>
public enum PolicyDuration
{
    /// <summary><c>headsup-min</c>.</summary>
    HeadsUpMinimum,

    /// <summary><c>headsup-max</c>.</summary>
    HeadsUpMaximum,

    /// <summary><c>overdue</c>.</summary>
    OverdueAfter,

    /// <summary><c>manager</c>.</summary>
    ManagerAfter,

    /// <summary><c>channel</c>.</summary>
    ChannelAfterManager,
}

/// <summary><c>admin policy manager 6h</c> and the other durations.</summary>
/// <param name="Which">Which value.</param>
/// <param name="Value">The duration, positive.</param>
public sealed record PolicyDurationSetting(PolicyDuration Which, TimeSpan Value) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Which switch
        {
            PolicyDuration.HeadsUpMinimum => policy with { HeadsUpMinimum = Value },
            PolicyDuration.HeadsUpMaximum => policy with { HeadsUpMaximum = Value },
            PolicyDuration.OverdueAfter => policy with { OverdueAfter = Value },
            PolicyDuration.ManagerAfter => policy with { ManagerAfter = Value },
            _ => policy with { ChannelAfterManager = Value },
        };
    }
}

/// <summary>The policy values counted in working days.</summary>
public enum PolicyWorkingDays
{
    /// <summary><c>channel-nomanager</c>.</summary>
    ChannelWithoutManager,

    /// <summary><c>snooze</c>.</summary>
    Snooze,
}

/// <summary><c>admin policy snooze 2d</c> and <c>channel-nomanager 1d</c>.</summary>
/// <param name="Which">Which value.</param>
/// <param name="Days">Working days, 1 to 30.</param>
public sealed record PolicyWorkingDaysSetting(PolicyWorkingDays Which, int Days) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Which == PolicyWorkingDays.Snooze
            ? policy with { SnoozeWorkingDays = Days }
            : policy with { ChannelWithoutManagerWorkingDays = Days };
    }
}

/// <summary><c>admin policy notice on|off</c>: whether channel messages that read as promises get a private note to their author.</summary>
/// <param name="On">True to notice promises.</param>
public sealed record NoticeSetting(bool On) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { NoticePromises = On };
    }
}

/// <summary><c>admin policy digest-day friday</c>: the weekly digest's day in each manager's zone.</summary>
/// <param name="Day">The day.</param>
public sealed record DigestDaySetting(DayOfWeek Day) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { DigestDay = Day };
    }
}

/// <summary><c>admin policy digest-time 08:30</c>: the weekly digest's time of day in each manager's zone.</summary>
/// <param name="Time">The time of day, whole minutes.</param>
public sealed record DigestTimeSetting(TimeSpan Time) : PolicySetting
{
    /// <inheritdoc />
    public override EscalationPolicy ApplyTo(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy with { DigestTime = Time };
    }
}
