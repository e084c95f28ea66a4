using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>A parsed <c>/promise</c> command.</summary>
public abstract record Command;

/// <summary><c>/promise &lt;what&gt; [for &lt;customer&gt;] by &lt;when&gt;</c> and its other forms.</summary>
/// <param name="What">What was promised.</param>
/// <param name="Customer">The customer, if named.</param>
/// <param name="DuePhrase">The due phrase as typed (empty when missing).</param>
public sealed record CreateCommand(string What, string? Customer, string DuePhrase) : Command;

/// <summary><c>/promise list</c>.</summary>
public sealed record ListCommand : Command;

/// <summary>What a closing or flagging command does.</summary>
public enum ChangeKind
{
    /// <summary>Close as kept (kept late when past due).</summary>
    Done,

    /// <summary>Flag at risk.</summary>
    Risk,

    /// <summary>Close as missed.</summary>
    Missed,

    /// <summary>Close as cancelled.</summary>
    Cancel,
}

/// <summary><c>/promise done|risk|missed|cancel &lt;id&gt; [why]</c>.</summary>
/// <param name="Kind">Which change.</param>
/// <param name="Number">The commitment number.</param>
/// <param name="Why">The reason, if given.</param>
public sealed record ChangeCommand(ChangeKind Kind, int Number, string? Why) : Command;

/// <summary><c>/promise move &lt;id&gt; to &lt;when&gt; [why]</c>.</summary>
/// <param name="Number">The commitment number.</param>
/// <param name="DuePhrase">The new due phrase.</param>
/// <param name="Why">The reason, if given.</param>
public sealed record MoveCommand(int Number, string DuePhrase, string? Why) : Command;

/// <summary><c>/promise team</c>.</summary>
public sealed record TeamCommand : Command;

/// <summary><c>/promise show P-3</c>: the promise with its whole history.</summary>
/// <param name="Number">The promise's number.</param>
public sealed record ShowCommand(int Number) : Command;

/// <summary><c>/promise record [@user|team|customer &lt;name&gt;|all] [period]</c>.</summary>
/// <param name="Subject">Whose record.</param>
/// <param name="Period">The period (the last 30 days when none is given).</param>
public sealed record RecordCommand(Records.RecordSubject Subject, Records.RecordPeriod Period) : Command;

/// <summary><c>/promise settings digest off|on</c>: the weekly digest (and "your week").</summary>
/// <param name="Enabled">True to receive it.</param>
public sealed record SetDigestCommand(bool Enabled) : SettingsCommand;

/// <summary><c>/promise help [topic]</c>.</summary>
/// <param name="Topic">The topic asked about, or null.</param>
public sealed record HelpCommand(string? Topic) : Command;

/// <summary><c>/promise settings …</c>.</summary>
public abstract record SettingsCommand : Command;

/// <summary><c>/promise settings</c>: show my settings.</summary>
public sealed record ShowSettingsCommand : SettingsCommand;

/// <summary><c>/promise settings zone &lt;IANA zone&gt;</c> (or <c>zone auto</c> to follow the platform).</summary>
/// <param name="ZoneId">The zone, or null to follow the platform.</param>
public sealed record SetZoneCommand(string? ZoneId) : SettingsCommand;

/// <summary><c>/promise settings hours Mon-Fri 08:00-18:00</c> (or just <c>9-5</c>, keeping the person's days).</summary>
/// <param name="Hours">The working hours.</param>
/// <param name="DaysGiven">False when only the times were written: the person's own working days stay.</param>
public sealed record SetHoursCommand(WorkingHours Hours, bool DaysGiven = true) : SettingsCommand;

/// <summary><c>/promise settings manager @user</c> (or <c>manager none</c>).</summary>
/// <param name="ManagerId">The manager's user id, or null to clear.</param>
public sealed record SetMyManagerCommand(string? ManagerId) : SettingsCommand;

/// <summary><c>/promise admin …</c>.</summary>
public abstract record AdminCommand : Command;

/// <summary><c>/promise admin</c>: show the workspace's settings.</summary>
public sealed record ShowAdminCommand : AdminCommand;

/// <summary><c>/promise admin manager @rep @manager</c>.</summary>
/// <param name="RepId">The rep.</param>
/// <param name="ManagerId">The manager, or null to clear.</param>
public sealed record AdminSetManagerCommand(string RepId, string? ManagerId) : AdminCommand;

/// <summary><c>/promise admin channel</c> (run inside the channel) or <c>admin channel none</c>.</summary>
/// <param name="Clear">True to clear the channel.</param>
public sealed record AdminSetChannelCommand(bool Clear) : AdminCommand;

/// <summary><c>/promise admin dateorder MDY|DMY</c>.</summary>
/// <param name="Order">The order.</param>
public sealed record AdminSetDateOrderCommand(DateOrder Order) : AdminCommand;

/// <summary><c>/promise admin policy [name value]</c>.</summary>
/// <param name="Setting">The value to change, read and checked for its kind; null to show the policy.</param>
public sealed record AdminPolicyCommand(PolicySetting? Setting) : AdminCommand;

/// <summary><c>/promise admin import</c> followed by CSV lines <c>rep,manager</c>.</summary>
/// <param name="Pairs">The rep and manager ids read.</param>
public sealed record AdminImportCommand(IReadOnlyList<(string RepId, string ManagerId)> Pairs) : AdminCommand;

/// <summary><c>/promise admin admin @user</c>: make someone an admin.</summary>
/// <param name="UserId">The new admin.</param>
public sealed record AdminGrantCommand(string UserId) : AdminCommand;

/// <summary>
/// <c>/promise away &lt;from&gt; to &lt;until&gt; [cover @user]</c> or <c>away until &lt;when&gt; [cover @user]</c>: the phrases are read
/// by the due-time parser when the command runs (from the start of the <c>from</c> day, or now; to the end of the <c>until</c> day).
/// </summary>
/// <param name="FromPhrase">When the absence starts, or null for now.</param>
/// <param name="UntilPhrase">The last day away.</param>
/// <param name="CoverId">Who covers, or null.</param>
public sealed record AwayCommand(string? FromPhrase, string UntilPhrase, string? CoverId) : Command;

/// <summary><c>/promise away off</c>: back at the desk.</summary>
public sealed record AwayOffCommand : Command;

/// <summary><c>/promise away</c>: show my time away.</summary>
public sealed record ShowAwayCommand : Command;

/// <summary>Text the grammar could not read; <paramref name="Message"/> says why and shows examples.</summary>
/// <param name="Message">What to tell the person.</param>
public sealed record InvalidCommand(string Message) : Command;
