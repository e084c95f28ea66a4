using System.Globalization;
using System.Text.RegularExpressions;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// <c>/promise show P-3</c>: one promise with its whole history, every event at its instant in the viewer's zone. Its
/// owner, the owner's manager and the workspace's admins may see it.
/// </summary>
internal sealed partial class ShowPromise(CommandPorts ports)
{
    /// <summary>History lines per section (chat platforms limit a section's text).</summary>
    private const int LinesPerSection = 15;

    public async Task<OutboundMessage> ShowAsync(CommandContext context, int number, CancellationToken cancellationToken)
    {
        var notFound = OutboundMessage.Problem($"I can't find {ShortId.Format(number)} among the promises you can see. `/promise list` shows yours, `/promise team` your reports'.");
        var c = await ports.Commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
        if (c is null)
        {
            return notFound;
        }

        var mine = c.OwnerId == context.Me.UserId;
        var owner = mine ? context.Me : await ports.People.FindAsync(context.WorkspaceId, c.OwnerId, cancellationToken);
        if (!mine && !context.Me.IsAdmin && owner?.ManagerId != context.Me.UserId && !await CoversAsync(context, owner, cancellationToken))
        {
            return notFound;
        }

        var history = await ports.Commitments.HistoryAsync(context.WorkspaceId, c.Id, cancellationToken);
        var actors = (await ports.People.FindManyAsync(
                context.WorkspaceId,
                history.Select(e => e.ActorId).Where(a => a != CommitmentEventKinds.Bot).Distinct(StringComparer.Ordinal).ToList(),
                cancellationToken))
            .ToDictionary(p => p.UserId, p => p.Name, StringComparer.Ordinal);
        var lines = history.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => Line(e, actors, context.Zone, context.Now)).ToList();

        var sections = new List<MessageSection>
        {
            CommitmentMessages.Section(
                c,
                context.Zone,
                context.Now,
                mine && !c.IsClosed ? CommitmentMessages.RepButtons(c) : [],
                mine && !c.IsClosed ? CommitmentMessages.NewDateInputs(c, context.Zone) : null,
                mine ? null : owner?.Name ?? c.OwnerId),
        };
        for (var start = 0; start < lines.Count; start += LinesPerSection)
        {
            var title = start == 0 ? $"History ({lines.Count} event{(lines.Count == 1 ? "" : "s")}, times in {ZoneLabel(context.Zone)})" : null;
            sections.Add(new MessageSection(title, string.Join("\n", lines.Skip(start).Take(LinesPerSection)), [], [], [], null));
        }

        return new OutboundMessage(MessageKind.Reply, $"{CommitmentMessages.Title(c)}: {c.Status.ToLabel()}, with its whole history.", sections);
    }

    /// <summary>Whoever covers for the away owner, or for the owner's away manager (SPEC "Away, delegates and snoozes").</summary>
    private async Task<bool> CoversAsync(CommandContext context, Person? owner, CancellationToken cancellationToken)
    {
        var me = context.Me;
        if (owner?.Away is { } away && away.CoverId == me.UserId && away.Until > context.Now)
        {
            return true;
        }

        return owner?.ManagerId is { } managerId
            && await ports.People.FindAsync(context.WorkspaceId, managerId, cancellationToken) is { Away: { } managerAway } && managerAway.CoverId == me.UserId && managerAway.Until > context.Now;
    }

    /// <summary>"Wed 25 Nov, 9:00 AM EST · Ana: made the promise (due Fri 27 Nov, 3:00 PM EST)".</summary>
    private static string Line(CommitmentEvent e, IReadOnlyDictionary<string, string> actors, DateTimeZone zone, DateTimeOffset now)
    {
        var who = e.ActorId == CommitmentEventKinds.Bot ? "CommitmentBot" : actors.GetValueOrDefault(e.ActorId, e.ActorId);
        var note = e.Note is { Length: > 0 } n ? Localise(CommandParser.Clip(n, 300), zone, now) : null;
        var what = e.Kind switch
        {
            CommitmentEventKinds.Created => "made the promise" + Detail(note),
            CommitmentEventKinds.Edited => "edited it" + Detail(note),
            CommitmentEventKinds.Undone => "undid the close" + Detail(note),
            CommitmentEventKinds.OnTrack => "said it is on track" + Detail(note),
            CommitmentEventKinds.AtRisk => "flagged it at risk" + Detail(note),
            CommitmentEventKinds.Moved => "moved the due" + Detail(note),
            CommitmentEventKinds.CustomerTold => note == "no" ? "said the customer has not been told yet" : "said the customer has been told",
            CommitmentEventKinds.Kept => "marked it kept" + Detail(note),
            CommitmentEventKinds.KeptLate => "marked it kept, late" + Detail(note),
            CommitmentEventKinds.Missed => "marked it missed" + Detail(note),
            CommitmentEventKinds.Cancelled => "cancelled it" + Detail(note),
            CommitmentEventKinds.StepSent => "sent " + StepName(e.Note),
            CommitmentEventKinds.StepSkipped => "skipped " + StepName(e.Note) + " (the clock reached it too late; the next step said it all)",
            CommitmentEventKinds.ManagerAcknowledged => "acknowledged it as the manager" + Detail(note),
            CommitmentEventKinds.Snoozed => note is not null && note.StartsWith("nudge ", StringComparison.Ordinal)
                ? "snoozed the nudge" + Detail(note["nudge ".Length..])
                : "snoozed the escalation" + Detail(note),
            CommitmentEventKinds.Playbook => "playbook: " + PlaybookStep(note),
            _ => e.Kind.Replace('_', ' ') + Detail(note),
        };
        return $"{TimeText.Format(e.At, zone, now)} · {who}: {what}";
    }

    /// <summary>"alert my manager ✓" from "manager", "customer ✓ (told them Monday)" from "customer: told them Monday".</summary>
    private static string PlaybookStep(string? note)
    {
        if (note is null)
        {
            return "a step done";
        }

        var colon = note.IndexOf(':', StringComparison.Ordinal);
        var key = colon < 0 ? note : note[..colon];
        var label = CommitmentBot.Core.Playbook.SlipPlaybook.Find(key)?.Label ?? key;
        return $"\"{label}\" done" + (colon < 0 ? "" : Detail(note[(colon + 1)..].Trim()));
    }

    private static string Detail(string? note) => note is null ? "" : " (" + note + ")";

    private static string StepName(string? step) => step switch
    {
        "heads_up" => "the heads-up",
        "due" => "the check-in at due",
        "overdue" => "the overdue nudge",
        "manager" => "the escalation to the manager",
        "manager_reminder" => "the reminder to the manager after a snooze",
        "channel" => "the post to the escalation channel",
        "early_warning" => "the early warning to the manager",
        "no_manager_notice" => "the no-manager notice to the admins",
        "no_channel_notice" => "the no-channel notice to the admins",
        "away_warning" => "the early warning that the rep is away over the due",
        "rep_reminder" => "the snoozed nudge, back",
        "rep_told_manager" => "the note to the rep that the manager was told",
        "rep_told_channel" => "the note to the rep that the channel was told",
        null or "" => "a step",
        var other => other.Replace('_', ' '),
    };

    /// <summary>Every instant written in a note (ISO 8601, as recorded) shown in the viewer's zone instead.</summary>
    private static string Localise(string note, DateTimeZone zone, DateTimeOffset now) =>
        IsoInstant().Replace(note, m => DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? TimeText.Format(at, zone, now)
            : m.Value);

    private static string ZoneLabel(DateTimeZone zone) => zone.Id;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex IsoInstant();
}
