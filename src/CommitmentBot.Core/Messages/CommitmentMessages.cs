using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Messages;

/// <summary>What a ladder message says beyond the commitment: who the reader covers for, who was told and when, an away rep's return.</summary>
public sealed record StepDetails
{
    /// <summary>No details.</summary>
    public static StepDetails None { get; } = new();

    /// <summary>The name of the person the reader covers for ("covering for Ana"), or null.</summary>
    public string? CoveringFor { get; init; }

    /// <summary>For the rep's "what the manager heard": who was told (a name, or a channel).</summary>
    public string? ToldWho { get; init; }

    /// <summary>When they were told.</summary>
    public DateTimeOffset? ToldAt { get; init; }

    /// <summary>
    /// How late it was when they were told, in the words their own message used ("18 hours", "2 days": elapsed time,
    /// as <see cref="TimeText.Duration"/> counts it), so the rep's note and the manager's message state the same lateness.
    /// </summary>
    public string? LateWhenTold { get; init; }

    /// <summary>When the away rep is back.</summary>
    public DateTimeOffset? AwayUntil { get; init; }

    /// <summary>The away rep's zone: their last day away is that day in their zone, whoever reads it.</summary>
    public string? AwayZoneId { get; init; }

    /// <summary>Why the rep flagged it at risk, in their words (for the early warning), or null.</summary>
    public string? RiskReason { get; init; }
}

/// <summary>
/// Builds the messages about commitments — replies, lists, ladder nudges and escalations — in the
/// reader's zone. One place, so Slack, Teams and the sandbox say the same thing.
/// </summary>
public static class CommitmentMessages
{
    /// <summary>How long after its due a promise reads "due now" before it reads "overdue".</summary>
    public static readonly TimeSpan DueNowFor = TimeSpan.FromMinutes(1);

    /// <summary>The label of the fact that links back to the message a promise was captured from.</summary>
    public const string SourceLinkLabel = "Message";

    /// <summary>The status badge a reader sees: "overdue", "at risk", "open"…</summary>
    public static string Badge(Commitment commitment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (commitment.Status.IsActive() && commitment.DueAt <= now)
        {
            // At the due instant (and within the minute, as the clock's sweep reads it) it is due now, not yet overdue.
            return now - commitment.DueAt < DueNowFor ? "⏰ due now" : "🔴 overdue";
        }

        return commitment.Status switch
        {
            CommitmentStatus.AtRisk => "🟠 at risk",
            CommitmentStatus.Renegotiated => "🔵 renegotiated",
            CommitmentStatus.Open => "🟢 open",
            CommitmentStatus.Kept => "✅ kept",
            CommitmentStatus.KeptLate => "☑️ kept late",
            CommitmentStatus.Missed => "❌ missed",
            _ => "⚪ " + commitment.Status.ToLabel(),
        };
    }

    /// <summary>The zone the promise's due named ("3pm CET"), or null when it named none.</summary>
    public static DateTimeZone? NamedZone(Commitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return commitment.DueZone is { } id && TimeZones.TryResolve(id, out var zone) ? zone : null;
    }

    /// <summary>The due in the reader's zone and the promise's named one: "Fri 4 Dec, 3:00 AM EST (9:00 AM CET)".</summary>
    public static string DueText(Commitment commitment, DateTimeZone zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return TimeText.FormatDue(commitment.DueAt, zone, NamedZone(commitment), now);
    }

    /// <summary>A "Due" fact: both zones and how far off, with the instant for platforms that draw it themselves.</summary>
    public static MessageFact DueFact(Commitment commitment, DateTimeZone zone, DateTimeOffset now, string label = "Due")
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var named = NamedZone(commitment);
        return new MessageFact(
            label,
            TimeText.FormatDueWithRelative(commitment.DueAt, zone, named, now),
            commitment.DueAt,
            TimeText.AlsoIn(commitment.DueAt, zone, named, now));
    }

    /// <summary>"P-3 · Acme" (or just "P-3").</summary>
    public static string Title(Commitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return commitment.Customer is { Length: > 0 } customer ? $"{commitment.ShortId} · {customer}" : commitment.ShortId;
    }

    /// <summary>What the new-date forms offer to type instead of picking.</summary>
    public const string WhenInputLabel = "Or say when (e.g. next Tuesday 3pm ET)";

    /// <summary>
    /// The inputs for Need more time: a date and time set to the current due in the reader's zone, and a box to
    /// say it in words instead (any due phrase, e.g. "next week" or "Friday 3pm CET"), which wins when filled.
    /// </summary>
    public static IReadOnlyList<MessageInput> NewDateInputs(Commitment commitment, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var local = ZoneMath.Shown(commitment.DueAt, zone);
        return
        [
            new MessageInput(ActionIds.DateInput, InputKind.Date, "New date", local.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Required: true),
            new MessageInput(ActionIds.TimeInput, InputKind.Time, "Time", local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)),
            new MessageInput(ActionIds.WhenInput, InputKind.Text, WhenInputLabel, MaxLength: 100),
        ];
    }

    /// <summary>The ids of <see cref="NewDateInputs"/>, submitted with the button that moves the promise.</summary>
    public static IReadOnlyList<string> NewDateInputIds { get; } = [ActionIds.DateInput, ActionIds.TimeInput, ActionIds.WhenInput];

    /// <summary>A section describing one commitment, with the given buttons.</summary>
    public static MessageSection Section(
        Commitment commitment,
        DateTimeZone zone,
        DateTimeOffset now,
        IReadOnlyList<MessageButton> buttons,
        IReadOnlyList<MessageInput>? inputs = null,
        string? owner = null)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var facts = new List<MessageFact>
        {
            DueFact(commitment, zone, now),
            new("Status", Badge(commitment, now)),
        };
        if (commitment.SourceLink is { } link)
        {
            facts.Add(new MessageFact(SourceLinkLabel, link));
        }

        if (owner is not null)
        {
            facts.Insert(0, new MessageFact("Owner", owner));
        }

        return new MessageSection(Title(commitment), commitment.Text, facts, buttons, inputs ?? [], commitment.ShortId);
    }

    /// <summary>The rep's everyday buttons: Done · At risk · Need more time · Missed.</summary>
    public static IReadOnlyList<MessageButton> RepButtons(Commitment commitment, bool onTrack = false)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var id = commitment.ShortId;
        var buttons = new List<MessageButton>(5);
        if (onTrack)
        {
            buttons.Add(new MessageButton(ActionIds.For(ActionIds.OnTrack, id), "On track", ButtonStyle.Primary));
        }

        buttons.Add(new MessageButton(ActionIds.For(ActionIds.Done, id), "Done", onTrack ? ButtonStyle.Default : ButtonStyle.Primary));
        if (commitment.Status != CommitmentStatus.AtRisk)
        {
            buttons.Add(new MessageButton(ActionIds.For(ActionIds.AtRisk, id), "At risk"));
        }

        buttons.Add(new MessageButton(ActionIds.For(ActionIds.MoreTime, id), "Need more time", ButtonStyle.Default, NewDateInputIds));
        buttons.Add(new MessageButton(ActionIds.For(ActionIds.Missed, id), "Missed", ButtonStyle.Danger));
        return buttons;
    }

    /// <summary>The reply to a new promise: due, nudge plan, Edit / Undo; <paramref name="warning"/> and <paramref name="note"/> go under the text.</summary>
    public static OutboundMessage Created(Commitment commitment, IReadOnlyList<LadderStep> plan, DateTimeZone zone, DateTimeOffset now, string? warning, string? channelName, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(plan);
        var id = commitment.ShortId;
        var facts = new List<MessageFact>
        {
            DueFact(commitment, zone, now),
            new("Nudge plan", PlanText(plan, zone, channelName, now)),
        };
        if (commitment.SourceLink is { } link)
        {
            facts.Add(new MessageFact(SourceLinkLabel, link));
        }

        var local = ZoneMath.Shown(commitment.DueAt, zone);
        IReadOnlyList<MessageInput> editInputs =
        [
            new(ActionIds.TextInput, InputKind.Text, "What you promised", commitment.Text, Required: true, MaxLength: 500),
            new(ActionIds.CustomerInput, InputKind.Text, "Customer", commitment.Customer, MaxLength: 100),
            new(ActionIds.DateInput, InputKind.Date, "Due date", local.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Required: true),
            new(ActionIds.TimeInput, InputKind.Time, "Time", local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)),
            new(ActionIds.WhenInput, InputKind.Text, WhenInputLabel, MaxLength: 100),
        ];
        var section = new MessageSection(
            Title(commitment),
            commitment.Text + (note is null ? "" : "\n📅 " + note) + (warning is null ? "" : "\n⚠️ " + warning),
            facts,
            [
                new MessageButton(ActionIds.For(ActionIds.Edit, id), "Edit", ButtonStyle.Default, [ActionIds.TextInput, ActionIds.CustomerInput, ActionIds.DateInput, ActionIds.TimeInput, ActionIds.WhenInput]),
                new MessageButton(ActionIds.For(ActionIds.Undo, id), "Undo", ButtonStyle.Danger),
            ],
            editInputs,
            id);
        return new OutboundMessage(MessageKind.Created, $"Got it: {id} is saved. I'll keep an eye on it.", [section]);
    }

    /// <summary>"heads-up Thu 26 Nov 3:00 PM · at due · again Mon 30 Nov 10:00 AM · manager Mon … · #channel …".</summary>
    public static string PlanText(IReadOnlyList<LadderStep> plan, DateTimeZone zone, string? channelName, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Count == 0)
        {
            return "no nudges left";
        }

        var parts = new List<string>(plan.Count);
        foreach (var step in plan)
        {
            var when = TimeText.FormatShort(step.At, zone, now);
            parts.Add(step.Kind switch
            {
                LadderStepKind.HeadsUp => $"heads-up {when}",
                LadderStepKind.Due => $"check-in at due ({when})",
                LadderStepKind.Overdue => $"if no word, again {when}",
                LadderStepKind.Manager => $"your manager would hear {when}",
                LadderStepKind.ManagerReminder => $"manager reminded {when}",
                LadderStepKind.Channel => $"{(channelName is null ? "the escalation channel" : channelName)} {when}",
                _ => when,
            });
        }

        return string.Join(" · ", parts);
    }

    /// <summary>": "finance has not approved the discount"" (the rep's reason, quoted), or nothing.</summary>
    private static string Because(string? reason) =>
        reason is { Length: > 0 } r ? $": \"{r.Trim().TrimEnd('.')}\"" : "";

    /// <summary>Where the slip playbook stands: "Playbook: 2 of 7 steps done (I own it, Alert my manager); next: Options listed."</summary>
    private static string PlaybookStanding(IReadOnlySet<string>? done)
    {
        var steps = SlipPlaybook.Steps;
        var finished = steps.Where(s => done?.Contains(s.Key) == true).Select(s => s.Label).ToList();
        var next = steps.FirstOrDefault(s => done?.Contains(s.Key) != true);
        return $"Playbook: {finished.Count} of {steps.Count} steps done"
            + (finished.Count == 0 ? "" : " (" + string.Join(", ", finished) + ")")
            + (next is null ? "." : $"; next: {next.Label}.");
    }

    /// <summary>The message for one ladder step, written for its recipient.</summary>
    /// <param name="step">The step.</param>
    /// <param name="commitment">The commitment.</param>
    /// <param name="repName">The owner's name.</param>
    /// <param name="zone">The recipient's zone.</param>
    /// <param name="now">Now.</param>
    /// <param name="playbookDone">Playbook steps already done (for the overdue step).</param>
    /// <param name="repHasManager">Whether the rep has a manager (the playbook offers "Alert my manager" only then).</param>
    /// <param name="details">Who the recipient covers for, what the manager was told, when an away rep is back, why it is at risk.</param>
    public static OutboundMessage ForStep(LadderStepKind step, Commitment commitment, string repName, DateTimeZone zone, DateTimeOffset now, IReadOnlySet<string>? playbookDone = null, bool repHasManager = true, StepDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var message = ForStepCore(step, commitment, repName, zone, now, playbookDone, repHasManager, details ?? StepDetails.None);
        return details?.CoveringFor is { } coveredName
            ? message with { Text = $"Covering for {coveredName}: {message.Text}" }
            : message;
    }

    /// <summary>The choices of a rep's Snooze.</summary>
    public const string SnoozeHour = "1h", SnoozeTomorrow = "tomorrow";

    /// <summary>The inputs of a rep's Snooze: 1 hour or tomorrow morning, or a picked time, and a short why.</summary>
    public static IReadOnlyList<MessageInput> SnoozeInputs { get; } =
    [
        new(ActionIds.SnoozeForInput, InputKind.Choice, "Snooze for", SnoozeHour, Choices: [new(SnoozeHour, "1 hour"), new(SnoozeTomorrow, "Tomorrow morning")]),
        new(ActionIds.SnoozeAtInput, InputKind.Text, "Or until (e.g. 3pm, never past the due)", MaxLength: 60),
        new(ActionIds.SnoozeWhyInput, InputKind.Text, "Why (optional)", MaxLength: MaxSnoozeReason),
    ];

    /// <summary>The longest snooze reason kept.</summary>
    public const int MaxSnoozeReason = 200;

    /// <summary>A rep's Snooze button (submits <see cref="SnoozeInputs"/>).</summary>
    public static MessageButton SnoozeButton(Commitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return new MessageButton(ActionIds.For(ActionIds.SnoozeNudge, commitment.ShortId), "Snooze", ButtonStyle.Default, [ActionIds.SnoozeForInput, ActionIds.SnoozeAtInput, ActionIds.SnoozeWhyInput]);
    }

    /// <summary>A nudge's buttons plus Snooze, and its inputs plus the snooze inputs.</summary>
    private static MessageSection NudgeSection(Commitment commitment, DateTimeZone zone, DateTimeOffset now, IReadOnlyList<MessageButton> buttons) =>
        Section(commitment, zone, now, [.. buttons, SnoozeButton(commitment)], [.. NewDateInputs(commitment, zone), .. SnoozeInputs]);

    private static string Quoted(string? reason, string who) =>
        reason is { Length: > 0 } r ? $" {who} snoozed it: “{r}”." : "";

    private static OutboundMessage ForStepCore(LadderStepKind step, Commitment commitment, string repName, DateTimeZone zone, DateTimeOffset now, IReadOnlySet<string>? playbookDone, bool repHasManager, StepDetails details)
    {
        var id = commitment.ShortId;
        var lateBy = TimeText.Duration(now - commitment.DueAt);
        switch (step)
        {
            case LadderStepKind.HeadsUp:
                return new OutboundMessage(
                    MessageKind.HeadsUp,
                    $"Heads-up: {id} is due {TimeText.Relative(commitment.DueAt, zone, now)}. On track?",
                    [NudgeSection(commitment, zone, now, RepButtons(commitment, onTrack: true))]);
            case LadderStepKind.RepReminder:
                return new OutboundMessage(
                    MessageKind.HeadsUp,
                    (now < commitment.DueAt
                        ? $"Back from snooze: {id} is due {TimeText.Relative(commitment.DueAt, zone, now)}."
                        : $"Back from snooze: {id} is {lateBy} past due.")
                        + Quoted(commitment.SnoozeReason, "You"),
                    [NudgeSection(commitment, zone, now, now < commitment.DueAt ? RepButtons(commitment, onTrack: true) : DueButtons(commitment))]);
            case LadderStepKind.Due:
                return new OutboundMessage(
                    MessageKind.Due,
                    $"{id} is due now. Delivered?",
                    [NudgeSection(commitment, zone, now, DueButtons(commitment))]);
            case LadderStepKind.AwayWarning:
                return new OutboundMessage(
                    MessageKind.ManagerEarlyWarning,
                    $"Early warning (not an escalation): {repName} is away"
                        + (details.AwayUntil is { } back ? $" until {TimeText.LastDay(back, details.AwayZoneId is { } awayZone ? TimeZones.ResolveOrUtc(awayZone) : zone)}" : "")
                        + $"; {id}{ForCustomer(commitment)} falls due {TimeText.FormatShort(commitment.DueAt, zone, now)}.",
                    [Section(commitment, zone, now, [.. RepButtons(commitment), new MessageButton(ActionIds.For(ActionIds.Acknowledge, id), "I'll handle it")], NewDateInputs(commitment, zone), owner: repName)]);
            case LadderStepKind.RepToldManager:
            case LadderStepKind.RepToldChannel:
            {
                var who = details.ToldWho ?? (step == LadderStepKind.RepToldManager ? "Your manager" : "The escalation channel");
                var late = details.LateWhenTold ?? lateBy;
                var sections = new List<MessageSection> { Section(commitment, zone, now, DueButtons(commitment), NewDateInputs(commitment, zone)) };
                // The manager (or the channel) has heard already: the next step is never "Alert my manager".
                var next = SlipPlaybook.Steps.FirstOrDefault(s => s.Key != SlipPlaybook.Manager && !(playbookDone ?? new HashSet<string>()).Contains(s.Key));
                if (next is not null)
                {
                    sections.Add(new MessageSection(
                        "Next step: " + next.Label,
                        next.Guidance,
                        [],
                        [new MessageButton(ActionIds.For(ActionIds.PlaybookPrefix + next.Key, id), next.Label, ButtonStyle.Primary)],
                        [],
                        id));
                }

                return new OutboundMessage(
                    MessageKind.Overdue,
                    $"{who} was told at {TimeText.FormatClock(details.ToldAt ?? now, zone, now)} that {id}{ForCustomer(commitment)} is {late} late.",
                    sections);
            }
            case LadderStepKind.Overdue:
            {
                var sections = new List<MessageSection>
                {
                    NudgeSection(commitment, zone, now, DueButtons(commitment)),
                    MessageSection.FromText("A slip told early is a slip forgiven. Here is the playbook:"),
                };
                sections.AddRange(SlipPlaybook.Sections(commitment, playbookDone ?? new HashSet<string>(), repName, zone, now, repHasManager));
                // Neutral about who hears next: a rep without a manager escalates straight to the channel (or the admin).
                return new OutboundMessage(
                    MessageKind.Overdue,
                    $"{id} is {lateBy} past due and I haven't heard from you. Update it now, before it escalates.",
                    sections);
            }

            case LadderStepKind.Manager:
            case LadderStepKind.ManagerReminder:
                return new OutboundMessage(
                    MessageKind.ManagerEscalation,
                    (step == LadderStepKind.ManagerReminder ? "Reminder: " : "")
                        + $"{repName}'s promise {id}{ForCustomer(commitment)} is {lateBy} late, and there has been no word from {repName}."
                        + (step == LadderStepKind.ManagerReminder ? Quoted(commitment.SnoozeReason, "You") : ""),
                    [Section(
                        commitment,
                        zone,
                        now,
                        ManagerButtons(commitment, allowSnooze: step == LadderStepKind.Manager),
                        step == LadderStepKind.Manager ? [new MessageInput(ActionIds.SnoozeWhyInput, InputKind.Text, "Why snooze (optional)", MaxLength: MaxSnoozeReason)] : null,
                        owner: repName)]);
            case LadderStepKind.EarlyWarning:
                return new OutboundMessage(
                    MessageKind.ManagerEarlyWarning,
                    now < commitment.DueAt
                        ? $"Early warning (not an escalation): {repName} flagged {id}{ForCustomer(commitment)} at risk, {TimeText.Duration(commitment.DueAt - now)} before it is due{Because(details.RiskReason)}. {PlaybookStanding(playbookDone)}"
                        : $"Heads-up from {repName}: {id}{ForCustomer(commitment)} has slipped ({lateBy} past due) and {repName} is on it{Because(details.RiskReason)}. {PlaybookStanding(playbookDone)}",
                    [Section(commitment, zone, now, [new MessageButton(ActionIds.For(ActionIds.Acknowledge, id), "I'll help", ButtonStyle.Primary)], owner: repName)]);
            case LadderStepKind.Channel:
                return new OutboundMessage(
                    MessageKind.ChannelEscalation,
                    $"Escalation: {repName}'s promise {id}{ForCustomer(commitment)} is {lateBy} late with no word from the rep"
                        + (commitment.ManagerNotifiedAt is null ? "" : " and no acknowledgement from their manager") + ".",
                    [Section(commitment, zone, now, [new MessageButton(ActionIds.For(ActionIds.Acknowledge, id), "I'll handle it", ButtonStyle.Primary)], owner: repName)]);
            case LadderStepKind.NoManagerNotice:
                return new OutboundMessage(
                    MessageKind.AdminNotice,
                    $"For admins: {repName} has no manager set, so when {id} slipped with no word nobody above them heard. "
                        + "Set managers with `/promise admin manager @rep @manager`, or paste CSV lines `rep,manager` after `/promise admin import`. (I'll say this once.)",
                    []);
            case LadderStepKind.NoChannelNotice:
                return new OutboundMessage(
                    MessageKind.AdminNotice,
                    $"For admins: no escalation channel is set, so {id}'s escalation stopped short of the team. "
                        + "Run `/promise admin channel` inside the channel escalations should go to. (I'll say this once.)",
                    []);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    /// <summary>Several messages for one person merged into one, a section group per message.</summary>
    public static OutboundMessage Bundle(IReadOnlyList<OutboundMessage> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var sections = new List<MessageSection>();
        foreach (var part in parts)
        {
            sections.Add(new MessageSection(part.Text, null, [], [], []));
            sections.AddRange(part.Sections);
        }

        // A channel post is an escalation about someone else's promise: a bundle of them reads (and is tagged) as one.
        if (parts.All(p => p.Kind == MessageKind.ChannelEscalation))
        {
            return new OutboundMessage(MessageKind.ChannelEscalation, $"Escalation: {parts.Count} promises have slipped with no word from the rep:", sections);
        }

        // Admin notices are about escalations that stopped short, not promises waiting on the reader; a change of
        // manager is about no promise at all.
        var headline = parts.All(p => p.Kind == MessageKind.AdminNotice)
            ? $"For admins, {parts.Count} notes on escalations that stopped short:"
            : parts.All(p => p.Kind == MessageKind.TeamChange)
                ? $"{parts.Count} changes in who reports to whom:"
                : parts.Any(p => p.Kind == MessageKind.TeamChange)
                    ? $"{parts.Count} messages for you:"
                    : $"{parts.Count} promises need a word from you:";
        return new OutboundMessage(MessageKind.Bundle, headline, sections);
    }

    /// <summary>The buttons of a promise at or past its due: Done · Need more time · Missed.</summary>
    internal static MessageButton[] DueButtons(Commitment commitment)
    {
        var id = commitment.ShortId;
        return
        [
            new MessageButton(ActionIds.For(ActionIds.Done, id), "Done", ButtonStyle.Primary),
            new MessageButton(ActionIds.For(ActionIds.MoreTime, id), "Need more time", ButtonStyle.Default, NewDateInputIds),
            new MessageButton(ActionIds.For(ActionIds.Missed, id), "Missed", ButtonStyle.Danger),
        ];
    }

    private static MessageButton[] ManagerButtons(Commitment commitment, bool allowSnooze)
    {
        var id = commitment.ShortId;
        var ack = new MessageButton(ActionIds.For(ActionIds.Acknowledge, id), "I'll handle it", ButtonStyle.Primary);
        return allowSnooze ? [ack, new MessageButton(ActionIds.For(ActionIds.Snooze, id), "Snooze 1 day", ButtonStyle.Default, [ActionIds.SnoozeWhyInput])] : [ack];
    }

    private static string ForCustomer(Commitment commitment) =>
        commitment.Customer is { Length: > 0 } customer ? " for " + customer : "";
}
