using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// <c>/promise admin …</c>: who reports to whom (one pair or a CSV import), the escalation channel, the date
/// order, the escalation policy and who else is an admin. The first person to use it in a fresh workspace
/// becomes its admin.
/// </summary>
internal sealed class WorkspaceAdmin(CommandPorts ports)
{
    public async Task<OutboundMessage> ApplyAsync(CommandContext context, AdminCommand command, CancellationToken cancellationToken)
    {
        var (allowed, note) = await RequireAdminAsync(context, cancellationToken);
        if (!allowed)
        {
            return OutboundMessage.Problem(note!);
        }

        var reply = command switch
        {
            AdminSetManagerCommand set => await AdminSetManagerAsync(context, [(set.RepId, set.ManagerId)], cancellationToken),
            AdminImportCommand import => await AdminSetManagerAsync(context, import.Pairs.Select(p => (p.RepId, (string?)p.ManagerId)).ToList(), cancellationToken),
            AdminSetChannelCommand channel => await AdminSetChannelAsync(context, channel.Clear, cancellationToken),
            AdminSetDateOrderCommand order => await SaveWorkspaceAsync(context, w => w with { DateOrder = order.Order }, $"Numeric dates now read as {(order.Order == DateOrder.MDY ? "month/day (12/5 = December 5)" : "day/month (12/5 = 12 May)")}.", cancellationToken),
            AdminPolicyCommand policy => await PolicyAsync(context, policy, cancellationToken),
            AdminGrantCommand grant => await AdminGrantAsync(context, grant.UserId, cancellationToken),
            _ => ShowAdmin(context),
        };
        return note is null ? reply : reply with { Text = note + "\n" + reply.Text };
    }

    private async Task<(bool Allowed, string? Note)> RequireAdminAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Me.IsAdmin)
        {
            return (true, null);
        }

        var admins = await ports.People.ListAdminsAsync(context.WorkspaceId, cancellationToken);
        if (admins.Count == 0)
        {
            // The first person to configure a fresh workspace becomes its admin (as the installer usually is).
            await ports.People.UpsertAsync(context.Me with { IsAdmin = true }, cancellationToken);
            return (true, "This workspace had no admin, so you are now its admin.");
        }

        return (false, $"Only admins can change workspace settings. Ask {string.Join(", ", admins.Take(3).Select(a => a.Name))}.");
    }

    private async Task<OutboundMessage> AdminSetManagerAsync(CommandContext context, IReadOnlyList<(string RepId, string? ManagerId)> pairs, CancellationToken cancellationToken)
    {
        foreach (var (repId, managerId) in pairs)
        {
            if (!CommandRunner.ValidId(repId) || (managerId is not null && !CommandRunner.ValidId(managerId)))
            {
                return OutboundMessage.Problem("One of those people ids is not valid; nothing changed.");
            }
        }

        Person? lastRep = null;
        Person? lastManager = null;
        foreach (var (repId, managerId) in pairs)
        {
            lastRep = await ports.FindOrCreatePersonAsync(context.WorkspaceId, repId, cancellationToken);
            lastManager = managerId is null ? null : await ports.FindOrCreatePersonAsync(context.WorkspaceId, managerId, cancellationToken);
            await ports.ChangeManagerAsync(context, lastRep, managerId, cancellationToken);
        }

        return pairs.Count == 1
            ? OutboundMessage.Plain(lastManager is null ? $"{lastRep!.Name} has no manager now." : $"{lastManager.Name} is now {lastRep!.Name}'s manager.")
            : OutboundMessage.Plain($"Imported {pairs.Count} rep → manager pairs.");
    }

    private Task<OutboundMessage> AdminSetChannelAsync(CommandContext context, bool clear, CancellationToken cancellationToken)
    {
        if (clear)
        {
            return SaveWorkspaceAsync(context, w => w with { EscalationChannelId = null }, "No escalation channel now; that step is skipped.", cancellationToken);
        }

        var channel = context.Request.ChannelId;
        if (channel is null || context.Request.IsDirectMessage || !CommandRunner.ValidId(channel))
        {
            return Task.FromResult(OutboundMessage.Problem("Run `/promise admin channel` inside the channel escalations should go to (not in a direct message)."));
        }

        return SaveWorkspaceAsync(context, w => w with { EscalationChannelId = channel }, $"Escalations will be posted in #{channel}.", cancellationToken);
    }

    private async Task<OutboundMessage> PolicyAsync(CommandContext context, AdminPolicyCommand command, CancellationToken cancellationToken)
    {
        if (command.Setting is null)
        {
            return PolicyReply("The escalation policy for new promises (`/promise admin policy <name> <value>` to change):", context.Workspace.Policy);
        }

        var changed = command.Setting.ApplyTo(context.Workspace.Policy);
        if (changed.Validate() is { } problem)
        {
            return OutboundMessage.Problem($"That policy wouldn't work: {problem}. Nothing changed.");
        }

        var saved = await SaveWorkspaceAsync(context, w => w with { Policy = changed }, "", cancellationToken);
        return saved.Kind == MessageKind.Error
            ? saved
            : PolicyReply("Policy updated. New promises (and moves) use it; running ones keep the policy they were made under:", changed);
    }

    private static OutboundMessage PolicyReply(string headline, EscalationPolicy p)
    {
        var facts = new List<MessageFact>
        {
            new("headsup", $"{p.HeadsUpFraction * 100:0.#}% of the window, between {TimeText.Duration(p.HeadsUpMinimum)} and {TimeText.Duration(p.HeadsUpMaximum)} (headsup-min, headsup-max)"),
            new("overdue", $"{TimeText.Duration(p.OverdueAfter)} of working time after due"),
            new("manager", $"{TimeText.Duration(p.ManagerAfter)} of working time after due"),
            new("channel", $"{TimeText.Duration(p.ChannelAfterManager)} of working time after the manager, unacknowledged"),
            new("channel-nomanager", $"{p.ChannelWithoutManagerWorkingDays} working day(s) after due when there is no manager"),
            new("snooze", $"{p.SnoozeWorkingDays} working day(s)"),
            new("status-away", p.StatusAway ? "on (a Slack status saying out counts as away)" : "off"),
            new("notice", p.NoticePromises ? "on: a channel message that reads as a promise gets a private \"Track it?\" note to its author" : "off (`/promise admin policy notice on` to notice promises in channels)"),
            new("digest", $"{p.DigestDay} {p.DigestTime:hh\\:mm} in each manager's zone, or the start of their working hours after it (digest-day, digest-time)"),
        };
        return new OutboundMessage(MessageKind.Reply, headline, [new MessageSection(null, null, facts, [], [])]);
    }

    private async Task<OutboundMessage> AdminGrantAsync(CommandContext context, string userId, CancellationToken cancellationToken)
    {
        if (!CommandRunner.ValidId(userId))
        {
            return OutboundMessage.Problem("That is not a person I can make an admin.");
        }

        var person = await ports.FindOrCreatePersonAsync(context.WorkspaceId, userId, cancellationToken);
        await ports.People.UpsertAsync(person with { IsAdmin = true }, cancellationToken);
        return OutboundMessage.Plain($"{person.Name} is now an admin of this workspace.");
    }

    private static OutboundMessage ShowAdmin(CommandContext context)
    {
        var w = context.Workspace;
        var facts = new List<MessageFact>
        {
            new("Escalation channel", w.EscalationChannelId is null ? "none (run `/promise admin channel` inside it)" : "#" + w.EscalationChannelId),
            new("Date order", w.DateOrder.ToString()),
            new("Policy", "`/promise admin policy` shows it"),
        };
        return new OutboundMessage(MessageKind.Reply, "Workspace settings:", [new MessageSection(null, null, facts, [], [])]);
    }

    private async Task<OutboundMessage> SaveWorkspaceAsync(CommandContext context, Func<WorkspaceSettings, WorkspaceSettings> change, string confirmation, CancellationToken cancellationToken)
    {
        var current = context.Workspace;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var saved = await ports.Workspaces.SaveAsync(change(current), cancellationToken);
            if (saved is not null)
            {
                return OutboundMessage.Plain(confirmation);
            }

            current = await ports.Workspaces.FindAsync(context.WorkspaceId, cancellationToken) ?? current;
        }

        return OutboundMessage.Problem("The workspace's settings kept changing while I tried; please try again.");
    }
}
