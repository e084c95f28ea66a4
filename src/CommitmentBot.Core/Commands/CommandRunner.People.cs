using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

public sealed partial class CommandRunner
{
    private async Task<OutboundMessage> TeamAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var reports = await people.ListReportsAsync(context.WorkspaceId, context.Me.UserId, cancellationToken);
        if (reports.Count == 0)
        {
            return OutboundMessage.Plain($"Nobody reports to you yet. An admin can set it: `/promise admin manager @rep @{context.Me.UserId}`.", MessageKind.List);
        }

        var names = reports.ToDictionary(p => p.UserId, p => p.Name, StringComparer.Ordinal);
        var open = await commitments.ListActiveByOwnersAsync(context.WorkspaceId, names.Keys, 200, cancellationToken);
        if (open.Count == 0)
        {
            return OutboundMessage.Plain($"Your {reports.Count} report(s) have no open promises.", MessageKind.List);
        }

        // Overdue first, then at risk, then by due.
        var ordered = open
            .OrderBy(c => c.DueAt <= context.Now ? 0 : c.Status == CommitmentStatus.AtRisk ? 1 : 2)
            .ThenBy(c => c.DueAt)
            .ToList();
        var overdue = ordered.Count(c => c.DueAt <= context.Now);
        var atRisk = ordered.Count(c => c.Status == CommitmentStatus.AtRisk && c.DueAt > context.Now);
        var sections = ordered.Take(MaxListed)
            .Select(c => CommitmentMessages.Section(c, context.Zone, context.Now, [], owner: names.GetValueOrDefault(c.OwnerId, c.OwnerId)))
            .ToList();
        var headline = $"Your team's open promises: {ordered.Count} ({overdue} overdue, {atRisk} at risk)"
            + (ordered.Count > MaxListed ? $"; the first {MaxListed} shown:" : ":");
        return new OutboundMessage(MessageKind.List, headline, sections);
    }

    private async Task<OutboundMessage> RecordAsync(RequestContext context, RecordCommand command, CancellationToken cancellationToken)
    {
        if (!TryReadPeriod(command.Period, out var days))
        {
            return OutboundMessage.Problem("Periods are like `7d`, `30d`, `90d`, `week`, `month`, `quarter` or `year`.");
        }

        IReadOnlyCollection<string> owners;
        string whose;
        if (command.Team)
        {
            var reports = await people.ListReportsAsync(context.WorkspaceId, context.Me.UserId, cancellationToken);
            if (reports.Count == 0)
            {
                return OutboundMessage.Plain("Nobody reports to you yet, so there is no team record.", MessageKind.Reply);
            }

            owners = reports.Select(r => r.UserId).ToList();
            whose = "Your team's";
        }
        else if (command.UserId is { } userId && userId != context.Me.UserId)
        {
            var person = await people.FindAsync(context.WorkspaceId, userId, cancellationToken);
            if (person is null || (person.ManagerId != context.Me.UserId && !context.Me.IsAdmin))
            {
                return OutboundMessage.Problem("You can see your own record and your reports' records.");
            }

            owners = [userId];
            whose = person.Name + "'s";
        }
        else
        {
            owners = [context.Me.UserId];
            whose = "Your";
        }

        var since = context.Now.AddDays(-days);
        // The store's range is [since, until): a promise closed at this very instant (the sandbox's clock
        // stands still between commands) belongs in the record too.
        var closed = await commitments.ListClosedAsync(context.WorkspaceId, owners, since, context.Now.AddSeconds(1), cancellationToken);
        var counted = closed.Where(c => c.Status != CommitmentStatus.Cancelled).ToList();
        if (counted.Count == 0)
        {
            return OutboundMessage.Plain($"{whose} record, last {days} days: nothing closed yet.", MessageKind.Reply);
        }

        var kept = counted.Count(c => c.Status == CommitmentStatus.Kept);
        var late = counted.Where(c => c.Status == CommitmentStatus.KeptLate).ToList();
        var missed = counted.Count(c => c.Status == CommitmentStatus.Missed);
        var moved = counted.Count(c => c.DueVersion > 1);
        var surprises = counted.Count(c => c.ManagerNotifiedAt is not null);
        var lateness = late.Where(c => c.ClosedAt is not null).Select(c => c.ClosedAt!.Value - c.DueAt).Order().ToList();
        var median = lateness.Count == 0 ? (TimeSpan?)null : lateness[lateness.Count / 2];
        var facts = new List<MessageFact>
        {
            new("Closed", counted.Count.ToString(CultureInfo.InvariantCulture)),
            new("Kept on time", $"{kept} ({100.0 * kept / counted.Count:0}%)"),
            new("Kept late", late.Count.ToString(CultureInfo.InvariantCulture)),
            new("Missed", missed.ToString(CultureInfo.InvariantCulture)),
            new("Moved at least once", moved.ToString(CultureInfo.InvariantCulture)),
            new("Surprises (manager heard by escalation)", surprises.ToString(CultureInfo.InvariantCulture)),
            new("Median lateness", median is null ? "—" : TimeText.Duration(median.Value)),
        };
        return new OutboundMessage(MessageKind.Reply, $"{whose} delivery record, last {days} days:", [new MessageSection(null, null, facts, [], [])]);
    }

    private static bool TryReadPeriod(string? period, out int days)
    {
        days = 30;
        if (period is null)
        {
            return true;
        }

        var p = period.Trim().ToLowerInvariant();
        switch (p)
        {
            case "week":
                days = 7;
                return true;
            case "month":
                days = 30;
                return true;
            case "quarter":
                days = 91;
                return true;
            case "year":
                days = 365;
                return true;
        }

        return p.EndsWith('d') && int.TryParse(p[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is > 0 and <= 3650;
    }

    private static OutboundMessage Help(string? topic)
    {
        _ = topic;
        var examples = new[]
        {
            "`/promise send revised quote for Acme by Friday 3pm` — make a promise",
            "`/promise Acme: demo environment ready in 2 business days` — customer first",
            "`/promise list` — your open promises, soonest first",
            "`/promise done P-3` · `/promise risk P-3 supplier is late` · `/promise missed P-3`",
            "`/promise move P-3 to next Tuesday Acme asked to push` — renegotiate (the rest after the date is the reason)",
            "`/promise cancel P-3` — withdraw",
            "`/promise team` — your reports' open promises · `/promise record [@rep] [30d]`",
            "`/promise settings zone Europe/London` (or `zone EST`) · `settings hours 9-5` (or `Mon-Fri 09:00-17:30`) · `settings manager @maria`",
            "`/promise admin channel` (in the channel) · `admin manager @rep @manager` · `admin dateorder DMY` · `admin policy`",
        };
        var section = new MessageSection(
            "Due times I read",
            string.Join('\n', DueTimeHelp.Lines),
            [],
            [],
            []);
        return new OutboundMessage(
            MessageKind.Help,
            "I keep your promises to customers from slipping silently. I nudge you before and at the deadline; if it slips with no word, your manager hears, then the team channel.\n" + string.Join('\n', examples),
            [section]);
    }

    private async Task<OutboundMessage> SettingsAsync(RequestContext context, SettingsCommand command, CancellationToken cancellationToken)
    {
        var me = context.Me;
        switch (command)
        {
            case SetZoneCommand zone:
                me = me with { TimeZone = zone.ZoneId };
                await people.UpsertAsync(me, cancellationToken);
                return OutboundMessage.Plain(zone.ZoneId is null
                    ? $"I'll follow your profile's time zone ({me.EffectiveZoneId})."
                    : $"Your time zone is now {zone.ZoneId} (it is {TimeText.Format(context.Now, TimeZones.ResolveOrUtc(zone.ZoneId), context.Now)} there now, daylight saving included). Times I show you and due times you type use it.");
            case SetHoursCommand hours:
                var newHours = hours.DaysGiven ? hours.Hours : hours.Hours.WithDaysOf(me.EffectiveWorkingHours);
                me = me with { WorkingHours = newHours };
                await people.UpsertAsync(me, cancellationToken);
                return OutboundMessage.Plain($"Your working hours are now {newHours}. Nudges arrive inside them; a date with no time means {newHours.End:HH:mm}.");
            case SetMyManagerCommand manager:
                if (manager.ManagerId == me.UserId)
                {
                    return OutboundMessage.Problem("You can't be your own manager.");
                }

                var newManager = manager.ManagerId is null ? null : await FindOrCreatePersonAsync(context.WorkspaceId, manager.ManagerId, cancellationToken);
                await people.UpsertAsync(me with { ManagerId = manager.ManagerId }, cancellationToken);
                return OutboundMessage.Plain(newManager is null
                    ? "You have no manager set now; escalations skip that step."
                    : $"Your manager is now {newManager.Name}. They hear early warnings you raise and escalations if a promise slips silently.");
            default:
                var managerName = me.ManagerId is null ? "none" : (await people.FindAsync(context.WorkspaceId, me.ManagerId, cancellationToken))?.Name ?? me.ManagerId;
                var facts = new List<MessageFact>
                {
                    new("Time zone", me.TimeZone ?? $"{me.EffectiveZoneId} (from your profile)"),
                    new("Working hours", me.EffectiveWorkingHours.ToString()),
                    new("Manager", managerName),
                };
                return new OutboundMessage(MessageKind.Reply, "Your settings (change with `/promise settings zone|hours|manager …`):", [new MessageSection(null, null, facts, [], [])]);
        }
    }

    private async Task<OutboundMessage> AdminAsync(RequestContext context, AdminCommand command, CancellationToken cancellationToken)
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
            AdminPolicyCommand policy => await AdminPolicyAsync(context, policy, cancellationToken),
            AdminGrantCommand grant => await AdminGrantAsync(context, grant.UserId, cancellationToken),
            _ => ShowAdmin(context),
        };
        return note is null ? reply : reply with { Text = note + "\n" + reply.Text };
    }

    private async Task<(bool Allowed, string? Note)> RequireAdminAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (context.Me.IsAdmin)
        {
            return (true, null);
        }

        var admins = await people.ListAdminsAsync(context.WorkspaceId, cancellationToken);
        if (admins.Count == 0)
        {
            // The first person to configure a fresh workspace becomes its admin (as the installer usually is).
            await people.UpsertAsync(context.Me with { IsAdmin = true }, cancellationToken);
            return (true, "This workspace had no admin, so you are now its admin.");
        }

        return (false, $"Only admins can change workspace settings. Ask {string.Join(", ", admins.Take(3).Select(a => a.Name))}.");
    }

    private async Task<OutboundMessage> AdminSetManagerAsync(RequestContext context, IReadOnlyList<(string RepId, string? ManagerId)> pairs, CancellationToken cancellationToken)
    {
        foreach (var (repId, managerId) in pairs)
        {
            if (!ValidId(repId) || (managerId is not null && !ValidId(managerId)))
            {
                return OutboundMessage.Problem("One of those people ids is not valid; nothing changed.");
            }
        }

        Person? lastRep = null;
        Person? lastManager = null;
        foreach (var (repId, managerId) in pairs)
        {
            lastRep = await FindOrCreatePersonAsync(context.WorkspaceId, repId, cancellationToken);
            lastManager = managerId is null ? null : await FindOrCreatePersonAsync(context.WorkspaceId, managerId, cancellationToken);
            await people.UpsertAsync(lastRep with { ManagerId = managerId }, cancellationToken);
        }

        return pairs.Count == 1
            ? OutboundMessage.Plain(lastManager is null ? $"{lastRep!.Name} has no manager now." : $"{lastManager.Name} is now {lastRep!.Name}'s manager.")
            : OutboundMessage.Plain($"Imported {pairs.Count} rep → manager pairs.");
    }

    private Task<OutboundMessage> AdminSetChannelAsync(RequestContext context, bool clear, CancellationToken cancellationToken)
    {
        if (clear)
        {
            return SaveWorkspaceAsync(context, w => w with { EscalationChannelId = null }, "No escalation channel now; that step is skipped.", cancellationToken);
        }

        var channel = context.Request.ChannelId;
        if (channel is null || context.Request.IsDirectMessage || !ValidId(channel))
        {
            return Task.FromResult(OutboundMessage.Problem("Run `/promise admin channel` inside the channel escalations should go to (not in a direct message)."));
        }

        return SaveWorkspaceAsync(context, w => w with { EscalationChannelId = channel }, $"Escalations will be posted in #{channel}.", cancellationToken);
    }

    private async Task<OutboundMessage> AdminPolicyAsync(RequestContext context, AdminPolicyCommand command, CancellationToken cancellationToken)
    {
        if (command.Name is null)
        {
            return PolicyReply("The escalation policy for new promises (`/promise admin policy <name> <value>` to change):", context.Workspace.Policy);
        }

        var policy = context.Workspace.Policy;
        var value = command.Value!.Trim();
        EscalationPolicy? changed = command.Name switch
        {
            "headsup" or "heads-up" => TryPercent(value, out var share) ? policy with { HeadsUpFraction = share } : null,
            "headsup-min" => TryDuration(value, out var d1) ? policy with { HeadsUpMinimum = d1 } : null,
            "headsup-max" => TryDuration(value, out var d2) ? policy with { HeadsUpMaximum = d2 } : null,
            "overdue" => TryDuration(value, out var d3) ? policy with { OverdueAfter = d3 } : null,
            "manager" => TryDuration(value, out var d4) ? policy with { ManagerAfter = d4 } : null,
            "channel" => TryDuration(value, out var d5) ? policy with { ChannelAfterManager = d5 } : null,
            "channel-nomanager" => TryDays(value, out var n1) ? policy with { ChannelWithoutManagerWorkingDays = n1 } : null,
            "snooze" => TryDays(value, out var n2) ? policy with { SnoozeWorkingDays = n2 } : null,
            _ => null,
        };
        if (changed is null)
        {
            return OutboundMessage.Problem($"I can't set `{Clip(command.Name, 30)}` to `{Clip(value, 30)}`. Names: headsup (e.g. 25%), headsup-min, headsup-max, overdue, manager, channel (durations like 90m, 2h), channel-nomanager, snooze (working days like 1d).");
        }

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
        };
        return new OutboundMessage(MessageKind.Reply, headline, [new MessageSection(null, null, facts, [], [])]);
    }

    private static bool TryPercent(string text, out double share)
    {
        share = 0;
        var t = text.TrimEnd('%');
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        share = value > 1 ? value / 100 : value;
        return share is > 0 and < 1;
    }

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length < 2)
        {
            return false;
        }

        var unit = t[^1];
        if (!double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > 10_000)
        {
            return false;
        }

        duration = unit switch
        {
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    private static bool TryDays(string text, out int days) =>
        int.TryParse(text.Trim().TrimEnd('d', 'D'), NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= 30;

    private async Task<OutboundMessage> AdminGrantAsync(RequestContext context, string userId, CancellationToken cancellationToken)
    {
        if (!ValidId(userId))
        {
            return OutboundMessage.Problem("That is not a person I can make an admin.");
        }

        var person = await FindOrCreatePersonAsync(context.WorkspaceId, userId, cancellationToken);
        await people.UpsertAsync(person with { IsAdmin = true }, cancellationToken);
        return OutboundMessage.Plain($"{person.Name} is now an admin of this workspace.");
    }

    private static OutboundMessage ShowAdmin(RequestContext context)
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

    private async Task<OutboundMessage> SaveWorkspaceAsync(RequestContext context, Func<WorkspaceSettings, WorkspaceSettings> change, string confirmation, CancellationToken cancellationToken)
    {
        var current = context.Workspace;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var saved = await workspaces.SaveAsync(change(current), cancellationToken);
            if (saved is not null)
            {
                return OutboundMessage.Plain(confirmation);
            }

            current = await workspaces.FindAsync(context.WorkspaceId, cancellationToken) ?? current;
        }

        return OutboundMessage.Problem("The workspace's settings kept changing while I tried; please try again.");
    }
}
