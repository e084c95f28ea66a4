using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Messages;

/// <summary>
/// What each person hears when a rep's manager changes (issue 9.19): the old manager that the rep no longer reports to
/// them, the new one that the rep now does, the rep when someone else made the change, and the admins what changed.
/// </summary>
public static class ManagerChangeMessages
{
    /// <summary>The names the messages use; a missing one reads as its id.</summary>
    /// <param name="Rep">The rep.</param>
    /// <param name="OldManager">The manager before, or null for none.</param>
    /// <param name="NewManager">The manager now, or null for none.</param>
    /// <param name="ChangedBy">Who made the change.</param>
    public sealed record Names(string Rep, string? OldManager, string? NewManager, string ChangedBy);

    /// <summary>The message for <paramref name="recipientId"/> about <paramref name="change"/>.</summary>
    public static OutboundMessage For(string recipientId, ManagerChange change, Names names)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(names);
        var rep = names.Rep;
        var byRep = change.ChangedById == change.RepId;
        var who = byRep ? rep : names.ChangedBy;
        var setIt = names.NewManager is { } now
            ? (byRep ? $"{rep} set their manager to {now}" : $"{who} set {rep}'s manager to {now}")
            : (byRep ? $"{rep} removed their manager" : $"{who} removed {rep}'s manager");
        string text;
        if (recipientId == change.NewManagerId)
        {
            text = $"{rep} now reports to you: {setIt}"
                + (names.OldManager is { } before ? $" (before: {before})" : "")
                + $". You'll get {rep}'s early warnings, and an escalation if one of {rep}'s promises slips with no word.";
        }
        else if (recipientId == change.OldManagerId)
        {
            text = $"{rep} no longer reports to you: {setIt}. "
                + (names.NewManager is { } next
                    ? $"Early warnings and escalations about {rep}'s promises go to {next} now."
                    : $"Escalations about {rep}'s promises skip the manager step now.");
        }
        else if (recipientId == change.RepId)
        {
            text = names.NewManager is { } mine
                ? $"Your manager is now {mine} ({who} changed it). They hear early warnings you raise and escalations if a promise slips silently."
                : $"You have no manager now ({who} changed it); escalations skip that step.";
        }
        else
        {
            text = $"For admins: {setIt}"
                + $" (before: {names.OldManager ?? "none"})."
                + (names.NewManager is null ? $" Escalations about {rep}'s promises skip the manager step until one is set." : "");
        }

        return new OutboundMessage(MessageKind.TeamChange, text, []);
    }
}
