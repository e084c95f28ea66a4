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
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown ladder step."),
    };
}
