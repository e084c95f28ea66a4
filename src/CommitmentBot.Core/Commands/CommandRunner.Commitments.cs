using System.Diagnostics.CodeAnalysis;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

public sealed partial class CommandRunner
{
    /// <summary>The outcome of a change: the commitment to save (null = nothing to save), what to record, the reply.</summary>
    private sealed record Change(
        Commitment? Updated,
        IReadOnlyList<CommitmentEvent> Events,
        IReadOnlyList<NewNotification> Notifications,
        Func<Commitment, OutboundMessage> Reply)
    {
        public static Change ReplyOnly(OutboundMessage reply) => new(null, [], [], _ => reply);
    }

    private async Task<OutboundMessage> CreateAsync(RequestContext context, CreateCommand command, CancellationToken cancellationToken)
    {
        if (command.DuePhrase.Length == 0)
        {
            // One word with no due ("lsit", "stats") is a mistyped command far more often than a promise.
            if (command.Customer is null && !command.What.Any(char.IsWhiteSpace))
            {
                return OutboundMessage.Problem(
                    $"I don't know the command `{Clip(command.What, 40)}`. Commands: `list`, `done P-3`, `risk P-3`, `move P-3 to <when>`, "
                    + "`missed P-3`, `cancel P-3`, `team`, `record`, `settings`, `admin`, `help`. "
                    + "To make a promise, say what and by when: `send revised quote for Acme by Friday 3pm`. Nothing was saved.");
            }

            return OutboundMessage.Problem($"By when? Add a due to the promise, {CommandParser.DueExamples}. Nothing was saved.");
        }

        var due = DueTimeParser.Parse(command.DuePhrase, context.DueContext);
        if (!due.Success)
        {
            return OutboundMessage.Problem(DueReplies.Problem(command.DuePhrase, due, "the due", "Nothing was saved."));
        }

        var me = context.Me;
        var (ladder, _) = await LadderContextAsync(context.Workspace, me, cancellationToken);
        var draft = new Commitment
        {
            WorkspaceId = context.WorkspaceId,
            Text = command.What,
            Customer = command.Customer,
            DueAt = due.Due,
            DueZone = due.Zone?.Id,
            CreatedAt = context.Now,
            OwnerId = me.UserId,
            CreatedById = me.UserId,
            WindowStart = context.Now,
            Policy = context.Workspace.Policy,
            ClientRequestId = context.Request.ClientRequestId is { Length: > 0 and <= MaxIdLength } key ? key : null,
        };
        draft = EscalationLadder.Schedule(draft, ladder);
        var created = new CommitmentEvent(context.WorkspaceId, 0, context.Now, me.UserId, CommitmentEventKinds.Created, $"due {due.Due:O}" + (due.Zone is null ? "" : $" ({due.Zone.Id})"));
        var (saved, isNew) = await commitments.CreateAsync(draft, created, cancellationToken);
        if (isNew)
        {
            changes.CommitmentsChanged(context.Request.Platform, context.WorkspaceId, saved.OwnerId);
        }

        var window = saved.DueAt - saved.WindowStart;
        var warning = window < saved.Policy.HeadsUpMinimum
            ? $"That leaves no room: it is due in {TimeText.Duration(window)}. Leave room in every promise when you can."
            : null;
        var note = DueReplies.NextYearNote(command.DuePhrase, due, CommitmentMessages.DueText(saved, context.Zone, context.Now));
        return CommitmentMessages.Created(saved, EscalationLadder.Plan(saved, ladder), context.Zone, context.Now, warning, ChannelName(context.Workspace), note);
    }

    private async Task<OutboundMessage> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var mine = await commitments.ListActiveByOwnersAsync(context.WorkspaceId, [context.Me.UserId], MaxListed + 1, cancellationToken);
        if (mine.Count == 0)
        {
            return OutboundMessage.Plain("You have no open promises. Make one: `/promise send revised quote for Acme by Friday 3pm`.", MessageKind.List);
        }

        var sections = mine.Take(MaxListed)
            .Select(c => CommitmentMessages.Section(c, context.Zone, context.Now, CommitmentMessages.RepButtons(c), CommitmentMessages.NewDateInputs(c, context.Zone)))
            .ToList();
        var headline = mine.Count > MaxListed
            ? $"Your open promises, soonest first (the first {MaxListed}; close some to see the rest):"
            : $"Your open promises, soonest first ({mine.Count}):";
        return new OutboundMessage(MessageKind.List, headline, sections);
    }

    private Task<OutboundMessage> ChangeAsync(RequestContext context, ChangeKind kind, int number, string? why, CancellationToken cancellationToken) =>
        MutateAsync(context, number, (c, owner, ladder) => kind switch
        {
            ChangeKind.Done => Close(context, c, c.DueAt >= context.Now ? CommitmentStatus.Kept : CommitmentStatus.KeptLate, why),
            ChangeKind.Missed => Close(context, c, CommitmentStatus.Missed, why),
            ChangeKind.Cancel => Close(context, c, CommitmentStatus.Cancelled, why),
            ChangeKind.Risk => FlagRisk(context, c, owner, ladder, why),
            _ => Change.ReplyOnly(OutboundMessage.Problem("Unknown change.")),
        }, cancellationToken);

    private static Change Close(RequestContext context, Commitment c, CommitmentStatus status, string? why)
    {
        if (OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; nothing changed."));
        }

        var updated = c with { Status = status, ClosedAt = context.Now, NextStep = null, NextActionAt = null, RepRespondedAt = context.Now };
        var kind = status switch
        {
            CommitmentStatus.Kept => CommitmentEventKinds.Kept,
            CommitmentStatus.KeptLate => CommitmentEventKinds.KeptLate,
            CommitmentStatus.Missed => CommitmentEventKinds.Missed,
            _ => CommitmentEventKinds.Cancelled,
        };
        var events = new[] { Event(context, c, kind, Clip(why, 500)) };
        return new Change(updated, events, [], saved => status switch
        {
            CommitmentStatus.Kept => OutboundMessage.Plain($"✅ {saved.ShortId} kept, on time. Nice work — that's how a delivery record is built.", MessageKind.Reply),
            CommitmentStatus.KeptLate => OutboundMessage.Plain($"☑️ {saved.ShortId} delivered, {TimeText.Duration(context.Now - saved.DueAt)} late. Recorded as kept late. If the customer felt it, consider making it right.", MessageKind.Reply),
            CommitmentStatus.Missed => new OutboundMessage(
                MessageKind.Playbook,
                $"{saved.ShortId} closed as missed. Own it, and make it right with the customer:",
                SlipPlaybook.Sections(saved, new HashSet<string>(), Mention(context.Me), context.Zone, context.Now)),
            _ => OutboundMessage.Plain($"{saved.ShortId} cancelled. It won't count either way.", MessageKind.Reply),
        });
    }

    private static Change FlagRisk(RequestContext context, Commitment c, Person owner, LadderContext ladder, string? why)
    {
        if (OwnerOnly(context, c) is { } refusal)
        {
            return refusal;
        }

        if (c.IsClosed)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be at risk."));
        }

        if (c.Status == CommitmentStatus.AtRisk)
        {
            return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already flagged at risk. Update it with `/promise move {c.ShortId} to <when>` or close it."));
        }

        var beforeDue = context.Now < c.DueAt;
        var updated = c with
        {
            Status = CommitmentStatus.AtRisk,
            RiskFlaggedAt = context.Now,
            RiskRaisedBeforeDue = beforeDue,
            RepRespondedAt = context.Now,
        };
        var notifications = new List<NewNotification>();
        var managerTold = beforeDue && owner.ManagerId is not null;
        if (managerTold)
        {
            notifications.Add(EarlyWarning(context, c, owner.ManagerId!, ladder));
        }

        var events = new List<CommitmentEvent> { Event(context, c, CommitmentEventKinds.AtRisk, Clip(why, 500)) };
        if (managerTold)
        {
            // The early warning is the playbook's "alert my manager" step, done for the rep: record it so
            // later checklists keep it ticked.
            events.Add(Event(context, c, CommitmentEventKinds.Playbook, SlipPlaybook.Manager));
        }

        return new Change(updated, events, notifications, saved =>
        {
            var headline = $"🟠 {saved.ShortId} flagged at risk. "
                + (managerTold
                    ? "Your manager has an early warning — flagged before due, it counts in your favour."
                    : owner.ManagerId is null
                        ? "You have no manager set, so nobody else was told."
                        : "It is already past due; use the playbook below to tell your manager.");
            var done = new HashSet<string>(StringComparer.Ordinal);
            if (managerTold)
            {
                done.Add(SlipPlaybook.Manager);
            }

            return new OutboundMessage(MessageKind.Playbook, headline, SlipPlaybook.Sections(saved, done, Mention(context.Me), context.Zone, context.Now));
        });
    }

    private async Task<OutboundMessage> MoveAsync(RequestContext context, MoveCommand command, CancellationToken cancellationToken)
    {
        // The parser has split the due from the reason: the longest leading words that read as a due.
        var due = DueTimeParser.Parse(command.DuePhrase, context.DueContext);
        if (!due.Success)
        {
            return OutboundMessage.Problem(DueReplies.Problem(command.DuePhrase, due, "the new due", "Nothing changed."));
        }

        return await MoveToAsync(context, command.Number, new NewDue(due, command.DuePhrase), command.Why, cancellationToken);
    }

    /// <summary>A new due as read: the instant, the zone it named (if any), and the phrase for notes.</summary>
    private sealed record NewDue(DueParseResult Reading, string Phrase)
    {
        public DateTimeOffset At => Reading.Due;
    }

    private Task<OutboundMessage> MoveToAsync(RequestContext context, int number, NewDue due, string? why, CancellationToken cancellationToken) =>
        MutateAsync(context, number, (c, _, _) =>
        {
            if (OwnerOnly(context, c) is { } refusal)
            {
                return refusal;
            }

            if (c.IsClosed)
            {
                return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already {c.Status.ToLabel()}; it can't be moved."));
            }

            if (due.At == c.DueAt)
            {
                return Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} is already due then; nothing changed."));
            }

            return MoveChange(context, c, due, why);
        }, cancellationToken);

    private static Change MoveChange(RequestContext context, Commitment c, NewDue due, string? why)
    {
        var beforeDue = context.Now < c.DueAt;
        var moved = c with
        {
            DueAt = due.At,

            // A new due that names no zone keeps the customer's zone the promise already had.
            DueZone = due.Reading.Zone?.Id ?? c.DueZone,
            DueVersion = c.DueVersion + 1, // a new due version: the ladder restarts under the current policy
            Status = CommitmentStatus.Renegotiated,
        };
        var note = $"from {c.DueAt:O} to {due.At:O}" + (beforeDue ? " (before due)" : " (after due)") + (why is null ? "" : ": " + Clip(why, 400));
        var events = new[] { Event(context, c, CommitmentEventKinds.Moved, note) };
        return new Change(moved, events, [], saved =>
        {
            var dueText = CommitmentMessages.DueText(saved, context.Zone, context.Now);
            var nextYear = DueReplies.NextYearNote(due.Phrase, due.Reading, dueText);
            var section = new MessageSection(
                CommitmentMessages.Title(saved),
                saved.Text + (nextYear is null ? "" : "\n📅 " + nextYear) + (why is null ? "" : "\nWhy: " + why),
                [CommitmentMessages.DueFact(saved, context.Zone, context.Now, "New due")],
                [
                    new MessageButton(ActionIds.For(ActionIds.CustomerTold, saved.ShortId), "Yes, they know", ButtonStyle.Primary),
                    new MessageButton(ActionIds.For(ActionIds.CustomerNotTold, saved.ShortId), "Not yet"),
                ],
                [],
                saved.ShortId);
            return new OutboundMessage(
                MessageKind.Reply,
                $"🔵 {saved.ShortId} moved to {dueText}. A fresh set of nudges is set for the new date. Has the customer been told?",
                [section]);
        });
    }

    private async Task<OutboundMessage> MutateAsync(RequestContext context, int number, Func<Commitment, Person, LadderContext, Change> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await commitments.FindByNumberAsync(context.WorkspaceId, number, cancellationToken);
            if (current is null)
            {
                return OutboundMessage.Problem($"I can't find {ShortId.Format(number)}. `/promise list` shows your promises.");
            }

            var owner = current.OwnerId == context.Me.UserId ? context.Me : await FindOrCreatePersonAsync(context.WorkspaceId, current.OwnerId, cancellationToken);
            var (ladder, _) = await LadderContextAsync(context.Workspace, owner, cancellationToken);
            var change = decide(current, owner, ladder);
            if (change.Updated is null)
            {
                return change.Reply(current);
            }

            // Every change re-plans the ladder; a change of due restarts it under the current policy.
            var updated = change.Updated.DueVersion != current.DueVersion
                ? EscalationLadder.Restart(change.Updated, context.Now, context.Workspace.Policy, ladder)
                : change.Updated.IsClosed ? change.Updated : EscalationLadder.Schedule(change.Updated, ladder);

            var saved = await commitments.UpdateAsync(updated, change.Events, change.Notifications, cancellationToken);
            if (saved is null)
            {
                continue; // someone else changed it first: decide again on the fresh row
            }

            changes.CommitmentsChanged(context.Request.Platform, context.WorkspaceId, saved.OwnerId);

            if (change.Notifications.Count > 0)
            {
                await outbox.NotificationsWrittenAsync(context.WorkspaceId, cancellationToken);
            }

            return change.Reply(saved);
        }

        return OutboundMessage.Problem($"{ShortId.Format(number)} kept changing while I tried; please try again.");
    }

    /// <summary>An early warning for the manager, delivered inside the manager's working hours.</summary>
    private static NewNotification EarlyWarning(RequestContext context, Commitment c, string managerId, LadderContext ladder)
    {
        var deliverAt = ladder.Manager is { } manager
            ? WorkingCalendar.NextWorkingInstant(context.Now, manager.Zone, manager.Hours)
            : context.Now;
        return new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.EarlyWarning, RecipientKind.User, managerId, context.Now, deliverAt);
    }

    private static Change? OwnerOnly(RequestContext context, Commitment c) =>
        c.OwnerId == context.Me.UserId
            ? null
            : Change.ReplyOnly(OutboundMessage.Problem($"{c.ShortId} isn't yours; only its owner can change it."));

    private static CommitmentEvent Event(RequestContext context, Commitment c, string kind, string? note = null) =>
        new(c.WorkspaceId, c.Id, context.Now, context.Me.UserId, kind, note);

    private static string? ChannelName(WorkspaceSettings workspace) =>
        workspace.EscalationChannelId is { } channel ? "#" + channel : null;

    [return: NotNullIfNotNull(nameof(text))]
    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + "…";
}
