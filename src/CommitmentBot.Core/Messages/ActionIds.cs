namespace CommitmentBot.Core.Messages;

/// <summary>
/// Button action ids have the form <c>verb:P-n</c>: the verb says what to do, the short id says to
/// which commitment. Platforms carry them as-is (Slack <c>action_id</c>, Adaptive Card data, sandbox).
/// </summary>
public static class ActionIds
{
    public const string OnTrack = "ontrack";
    public const string Done = "done";
    public const string AtRisk = "risk";
    public const string MoreTime = "moretime";
    public const string Missed = "missed";
    public const string Acknowledge = "ack";
    public const string Snooze = "snooze";

    /// <summary>A rep snoozes a nudge (1 hour, tomorrow morning or a picked time, with a reason).</summary>
    public const string SnoozeNudge = "nudgesnooze";
    public const string Edit = "edit";
    public const string Undo = "undo";
    public const string CustomerTold = "told";
    public const string CustomerNotTold = "nottold";

    /// <summary>"Track as a promise" submitted: <c>capture:new</c> with the form's inputs (what, customer, when, link).</summary>
    public const string Capture = "capture";

    /// <summary>"Not a promise" on a noticed promise: <c>notapromise:&lt;channel&gt;</c> mutes its author there for 30 days.</summary>
    public const string NotAPromise = "notapromise";

    /// <summary>The link input of the capture form.</summary>
    public const string LinkInput = "link";

    /// <summary>Slip playbook steps: <c>pb-own</c>, <c>pb-manager</c>, …</summary>
    public const string PlaybookPrefix = "pb-";

    /// <summary>Input ids used by the buttons that submit inputs.</summary>
    public const string DateInput = "date";
    public const string TimeInput = "time";
    public const string WhenInput = "when";
    public const string TextInput = "text";
    public const string CustomerInput = "customer";
    public const string NoteInput = "note";
    public const string SnoozeForInput = "snooze_for";
    public const string SnoozeAtInput = "snooze_at";
    public const string SnoozeWhyInput = "snooze_why";

    /// <summary>Builds <c>verb:P-n</c>.</summary>
    public static string For(string verb, string shortId) => verb + ":" + shortId;

    /// <summary>Splits an action id into verb and short id.</summary>
    public static bool TryParse(string? actionId, out string verb, out string shortId)
    {
        verb = "";
        shortId = "";
        if (string.IsNullOrEmpty(actionId) || actionId.Length > 255)
        {
            return false;
        }

        var colon = actionId.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == actionId.Length - 1)
        {
            return false;
        }

        verb = actionId[..colon];
        shortId = actionId[(colon + 1)..];
        return true;
    }
}
