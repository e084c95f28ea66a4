namespace CommitmentBot.Core.Escalation;

/// <summary>The steps of the escalation ladder, plus the messages sent outside it.</summary>
public enum LadderStepKind
{
    /// <summary>Before due: on track?</summary>
    HeadsUp = 1,

    /// <summary>At the due instant: delivered?</summary>
    Due = 2,

    /// <summary>Due + overdue delay: no answer, the slip playbook.</summary>
    Overdue = 3,

    /// <summary>Due + manager delay: the manager hears.</summary>
    Manager = 4,

    /// <summary>After a manager's snooze: the manager is reminded.</summary>
    ManagerReminder = 5,

    /// <summary>No acknowledgement: the escalation channel hears.</summary>
    Channel = 6,

    /// <summary>The rep flagged a risk before due: the manager is warned early (not an escalation).</summary>
    EarlyWarning = 7,

    /// <summary>To the admins, once per workspace: a manager step was skipped because a rep has no manager.</summary>
    NoManagerNotice = 8,

    /// <summary>To the admins, once per workspace: a channel step was skipped because no escalation channel is set.</summary>
    NoChannelNotice = 9,

    /// <summary>The rep is away over the due: their cover (else their manager) is told early, at heads-up time (not an escalation).</summary>
    AwayWarning = 10,

    /// <summary>A rep's snoozed nudge comes back, quoting the reason.</summary>
    RepReminder = 11,

    /// <summary>To the rep: their manager (or whoever covers) was just told of their slip.</summary>
    RepToldManager = 12,

    /// <summary>To the rep: the escalation channel was just told of their slip.</summary>
    RepToldChannel = 13,

    /// <summary>Not a step of any promise: a rep's manager changed (told to the old and new manager, the admins, the rep).</summary>
    ManagerChangeNotice = 14,
}

/// <summary>Names of <see cref="LadderStepKind"/> as stored.</summary>
public static class LadderStepNames
{
    /// <summary>Storage name, e.g. <c>heads_up</c>.</summary>
    public static string ToName(this LadderStepKind step) => step switch
    {
        LadderStepKind.HeadsUp => "heads_up",
        LadderStepKind.Due => "due",
        LadderStepKind.Overdue => "overdue",
        LadderStepKind.Manager => "manager",
        LadderStepKind.ManagerReminder => "manager_reminder",
        LadderStepKind.Channel => "channel",
        LadderStepKind.EarlyWarning => "early_warning",
        LadderStepKind.NoManagerNotice => "no_manager_notice",
        LadderStepKind.NoChannelNotice => "no_channel_notice",
        LadderStepKind.AwayWarning => "away_warning",
        LadderStepKind.RepReminder => "rep_reminder",
        LadderStepKind.RepToldManager => "rep_told_manager",
        LadderStepKind.RepToldChannel => "rep_told_channel",
        LadderStepKind.ManagerChangeNotice => "manager_change_notice",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>Parses a storage name.</summary>
    public static LadderStepKind Parse(string name) => name switch
    {
        "heads_up" => LadderStepKind.HeadsUp,
        "due" => LadderStepKind.Due,
        "overdue" => LadderStepKind.Overdue,
        "manager" => LadderStepKind.Manager,
        "manager_reminder" => LadderStepKind.ManagerReminder,
        "channel" => LadderStepKind.Channel,
        "early_warning" => LadderStepKind.EarlyWarning,
        "no_manager_notice" => LadderStepKind.NoManagerNotice,
        "no_channel_notice" => LadderStepKind.NoChannelNotice,
        "away_warning" => LadderStepKind.AwayWarning,
        "rep_reminder" => LadderStepKind.RepReminder,
        "rep_told_manager" => LadderStepKind.RepToldManager,
        "rep_told_channel" => LadderStepKind.RepToldChannel,
        "manager_change_notice" => LadderStepKind.ManagerChangeNotice,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown ladder step."),
    };
}
