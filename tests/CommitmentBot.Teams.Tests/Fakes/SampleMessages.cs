using CommitmentBot.Core.Messages;

namespace CommitmentBot.Teams.Tests.Fakes;

/// <summary>A realistic message of every kind, as the core would build them.</summary>
public static class SampleMessages
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 23, 0, 0, TimeSpan.Zero);

    public static OutboundMessage For(MessageKind kind) => kind switch
    {
        MessageKind.Reply => OutboundMessage.Plain("Your time zone is now America/Los_Angeles."),
        MessageKind.Error => OutboundMessage.Problem("I could not read \"Feb 30\" as a date. Try \"Friday 3pm\", \"Dec 5\" or \"in 2 business days\"."),
        MessageKind.Created => Created(),
        MessageKind.List => List(3),
        MessageKind.Help => new(MessageKind.Help, "CommitmentBot: keep the promises you make to customers", [
            MessageSection.FromText("promise send the revised quote for Acme by Friday 3pm\npromise list\npromise done P-42\npromise risk P-42 supplier is late\npromise move P-42 to Dec 5 customer agreed"),
        ]),
        MessageKind.HeadsUp => Ladder(MessageKind.HeadsUp, "Heads-up: P-42 for Acme is due tomorrow at 3:00 PM. On track?", [
            Button(ActionIds.OnTrack, "On track", ButtonStyle.Primary), Button(ActionIds.Done, "Done"), Button(ActionIds.AtRisk, "At risk"), MoreTime(),
        ]),
        MessageKind.Due => Ladder(MessageKind.Due, "P-42 for Acme is due now. Delivered?", [
            Button(ActionIds.Done, "Done", ButtonStyle.Primary), MoreTime(), Button(ActionIds.Missed, "Missed", ButtonStyle.Danger),
        ]),
        MessageKind.Overdue => Playbook(MessageKind.Overdue, "P-42 for Acme is 2 working hours overdue and nobody has heard from you."),
        MessageKind.ManagerEscalation => Ladder(MessageKind.ManagerEscalation, "Dana's promise to Acme is 4 working hours late with no word from Dana.", [
            Button(ActionIds.Acknowledge, "I'll handle it", ButtonStyle.Primary), Button(ActionIds.Snooze, "Snooze 1 day"),
        ]),
        MessageKind.ManagerEarlyWarning => Ladder(MessageKind.ManagerEarlyWarning, "Early warning: Dana flagged P-42 for Acme at risk before it was due.", []),
        MessageKind.ChannelEscalation => Ladder(MessageKind.ChannelEscalation, "Escalation: P-42 for Acme is a working day late; the manager has not acknowledged.", [
            Button(ActionIds.Acknowledge, "I'll handle it"),
        ]),
        MessageKind.Playbook => Playbook(MessageKind.Playbook, "P-42 is at risk. Work through the slip playbook:"),
        MessageKind.Bundle => new(MessageKind.Bundle, "3 promises need you", [.. List(3).Sections]),
        MessageKind.AdminNotice => OutboundMessage.Plain("Dana has no manager, so escalations for Dana skip that step. Set one with: admin manager @Dana @Lee", MessageKind.AdminNotice),
        MessageKind.Digest => new(MessageKind.Digest, "Weekly digest. Your team's week, last week (Mon 30 Nov – Sun 6 Dec)", [
            MessageSection.FromText("*Per rep*\n• Ana: kept its word 100% (1 of 1)\n• Ben: kept its word — (nothing closed)"),
            new MessageSection(null, "P-2 for Initech, ship the loaner (Ben): overdue since Wed 2 Dec", [], [Button(ActionIds.Acknowledge, "I'll handle it", ButtonStyle.Primary)], [], "P-2"),
        ]),
        MessageKind.TeamChange => OutboundMessage.Plain("Dana now reports to you: Dana set their manager to Lee (before: Maria).", MessageKind.TeamChange),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static OutboundMessage Created() => new(MessageKind.Created, "Got it: P-42 for Acme", [
        new MessageSection(
            "P-42 · Acme",
            "Send the revised quote",
            [new MessageFact("Due", "Fri 27 Nov, 3:00 PM PST — in 4 days", Due), new MessageFact("Nudge plan", "Thu 26 Nov 3:00 PM you; Mon 30 Nov 11:00 AM your manager")],
            [Edit(), Button(ActionIds.Undo, "Undo")],
            [
                new MessageInput(ActionIds.TextInput, InputKind.Text, "What", "Send the revised quote", Required: true, MaxLength: 500),
                new MessageInput(ActionIds.CustomerInput, InputKind.Text, "Customer", "Acme", MaxLength: 100),
                new MessageInput(ActionIds.DateInput, InputKind.Date, "Due date", "2026-11-27", Required: true),
                new MessageInput(ActionIds.TimeInput, InputKind.Time, "Due time", "15:00"),
            ],
            "P-42"),
    ]);

    public static OutboundMessage List(int count) => new(MessageKind.List, $"Your open promises ({count})", [
        .. Enumerable.Range(40, count).Select(n => new MessageSection(
            $"P-{n} · Customer {n}",
            $"Deliver item {n} with a longer description so the card wraps text properly",
            [new MessageFact("Due", $"Fri 27 Nov, {n % 12 + 1}:00 PM PST"), new MessageFact("Status", n % 3 == 0 ? "At risk" : "Open")],
            [Button(ActionIds.Done, "Done", ButtonStyle.Primary, $"P-{n}"), Button(ActionIds.AtRisk, "At risk", shortId: $"P-{n}"), MoreTime($"P-{n}")],
            MoreTimeInputs(),
            $"P-{n}")),
    ]);

    private static OutboundMessage Ladder(MessageKind kind, string text, IReadOnlyList<MessageButton> buttons) => new(kind, text, [
        new MessageSection(
            "P-42 · Acme",
            "Send the revised quote",
            [new MessageFact("Due", "Fri 27 Nov, 3:00 PM PST", Due), new MessageFact("Owner", "Dana Rep")],
            buttons,
            buttons.Any(b => b.InputIds is { Count: > 0 }) ? MoreTimeInputs() : [],
            "P-42"),
    ]);

    private static OutboundMessage Playbook(MessageKind kind, string text) => new(kind, text, [
        new MessageSection(
            "Slip playbook · P-42 · Acme",
            "Own it: it may not be your fault, it is your responsibility. Tell your manager and the customer now, come with options.",
            [new MessageFact("Due", "Fri 27 Nov, 3:00 PM PST", Due)],
            [
                Button(ActionIds.PlaybookPrefix + "own", "I own it"),
                Button(ActionIds.PlaybookPrefix + "manager", "Alert my manager"),
                Button(ActionIds.PlaybookPrefix + "options", "List options"),
                Button(ActionIds.PlaybookPrefix + "customer", "Customer told"),
                Button(ActionIds.PlaybookPrefix + "apology", "Apologised"),
                Button(ActionIds.PlaybookPrefix + "makegood", "Made it right"),
                MoreTime(),
            ],
            [.. MoreTimeInputs(), new MessageInput("offered", InputKind.Text, "What was offered", MaxLength: 1000)],
            "P-42"),
    ]);

    private static MessageButton Button(string verb, string label, ButtonStyle style = ButtonStyle.Default, string shortId = "P-42") =>
        new(ActionIds.For(verb, shortId), label, style);

    private static MessageButton MoreTime(string shortId = "P-42") =>
        new(ActionIds.For(ActionIds.MoreTime, shortId), "Need more time", ButtonStyle.Default, [ActionIds.DateInput, ActionIds.TimeInput, ActionIds.NoteInput]);

    private static MessageButton Edit() =>
        new(ActionIds.For(ActionIds.Edit, "P-42"), "Edit", ButtonStyle.Default, [ActionIds.TextInput, ActionIds.CustomerInput, ActionIds.DateInput, ActionIds.TimeInput]);

    private static List<MessageInput> MoreTimeInputs() =>
    [
        new(ActionIds.DateInput, InputKind.Date, "New date", "2026-12-04", Required: true),
        new(ActionIds.TimeInput, InputKind.Time, "New time", "15:00"),
        new(ActionIds.NoteInput, InputKind.Text, "Why (optional)", MaxLength: 500),
    ];
}
