using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Escalation;

/// <summary>What one sweep did.</summary>
/// <param name="Claimed">Commitments whose step came due and were handled.</param>
/// <param name="Deliveries">Deliveries bundled from the notifications now due.</param>
public sealed record SweepOutcome(int Claimed, IReadOnlyList<long> Deliveries);

/// <summary>
/// The clock's sweep: claims the commitments whose next ladder step has come, writes one notification
/// per recipient and moves each ladder on (in one transaction per batch), then bundles the due
/// notifications into one delivery per recipient. Work grows with what is due, not with what is stored.
/// </summary>
public sealed class EscalationSweep(IOutboxStore outbox, IPeopleStore people, IWorkspaceStore workspaces, IEnumerable<IStatusAwaySource> statusSources)
{
    private readonly Dictionary<string, IStatusAwaySource> statusByPlatform = statusSources.ToDictionary(s => s.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>A sweep that reads no platform status.</summary>
    public EscalationSweep(IOutboxStore outbox, IPeopleStore people, IWorkspaceStore workspaces)
        : this(outbox, people, workspaces, [])
    {
    }

    /// <summary>Commitments claimed per transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Runs one sweep at <paramref name="now"/> (read once by the caller so every decision agrees).</summary>
    public async Task<SweepOutcome> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = StoredTime.Floor(now);
        var claimed = 0;
        var lookups = new RunLookups(people, workspaces);
        while (true)
        {
            var batch = await outbox.SweepAsync(now, BatchSize, (rows, ct) => DecideAsync(rows, now, lookups, statusByPlatform, ct), cancellationToken);
            claimed += batch;
            if (batch < BatchSize)
            {
                break;
            }
        }

        var deliveries = new List<long>();
        while (true)
        {
            var bundled = await outbox.BundleAsync(now, 5000, cancellationToken);
            deliveries.AddRange(bundled);
            if (bundled.Count == 0)
            {
                break;
            }
        }

        return new SweepOutcome(claimed, deliveries);
    }

    private static async ValueTask<IReadOnlyList<SweepDecision>> DecideAsync(
        IReadOnlyList<Commitment> claimed,
        DateTimeOffset now,
        RunLookups lookups,
        IReadOnlyDictionary<string, IStatusAwaySource> statusByPlatform,
        CancellationToken cancellationToken)
    {
        var decisions = new List<SweepDecision>(claimed.Count);
        foreach (var group in claimed.GroupBy(c => c.WorkspaceId, StringComparer.Ordinal))
        {
            var workspaceId = group.Key;
            var settings = await lookups.SettingsAsync(workspaceId, cancellationToken);

            // Load everyone this batch needs in two queries per workspace (fewer when earlier batches of the run
            // met them), not one per commitment.
            var owners = await lookups.PeopleAsync(workspaceId, group.Select(c => c.OwnerId), cancellationToken);
            var managers = await lookups.PeopleAsync(workspaceId, owners.Values.Select(o => o.ManagerId).OfType<string>(), cancellationToken);

            // A platform status saying "out" (admin policy status-away on) counts as away without a cover, for whoever the
            // steps due now would reach; the source caches what it reads.
            if (settings.Policy.StatusAway && statusByPlatform.TryGetValue(settings.Platform, out var status))
            {
                await ApplyStatusAsync(status, workspaceId, owners, now, cancellationToken);
                await ApplyStatusAsync(status, workspaceId, managers, now, cancellationToken);
            }

            // Time away is data on the person, read with them; whoever covers (and their own cover) in at most two more.
            var known = new Dictionary<string, Person>(owners, StringComparer.Ordinal);
            foreach (var (id, m) in managers)
            {
                known.TryAdd(id, m);
            }

            var covers = await lookups.PeopleAsync(workspaceId, LadderParties.CoverIds(known.Values, now).Where(id => !known.ContainsKey(id)).ToList(), cancellationToken);
            foreach (var (id, p) in covers)
            {
                known.TryAdd(id, p);
            }

            var secondCovers = LadderParties.CoverIds(covers.Values, now).Where(id => !known.ContainsKey(id)).ToList();
            if (secondCovers.Count > 0)
            {
                foreach (var (id, p) in await lookups.PeopleAsync(workspaceId, secondCovers, cancellationToken))
                {
                    known.TryAdd(id, p);
                }
            }

            IReadOnlyList<Person>? admins = null;

            foreach (var commitment in group)
            {
                var owner = owners.GetValueOrDefault(commitment.OwnerId) ?? new Person { WorkspaceId = workspaceId, UserId = commitment.OwnerId };
                Person? manager = owner.ManagerId is { } managerId
                    ? managers.GetValueOrDefault(managerId) ?? new Person { WorkspaceId = workspaceId, UserId = managerId }
                    : null;
                var context = LadderParties.Context(owner, manager, settings.EscalationChannelId is not null, known, now);
                var decision = Decide(commitment, owner, manager, settings, context, now);
                if (decision.NeedsAdmins)
                {
                    admins ??= await lookups.AdminsAsync(workspaceId, cancellationToken);
                    decision = decision with { Notifications = [.. decision.Notifications, .. Notices(decision, admins, commitment, now)] };
                }

                decisions.Add(new SweepDecision(decision.Updated, decision.Events, decision.Notifications));
            }
        }

        return decisions;
    }

    private static async Task ApplyStatusAsync(IStatusAwaySource status, string workspaceId, Dictionary<string, Person> people, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (id, person) in people.ToList())
        {
            if (person.IsAwayAt(now))
            {
                continue; // an away period they set wins (it may name a cover)
            }

            if (await status.ReadAsync(workspaceId, id, now, cancellationToken) is { } absence)
            {
                people[id] = person with { AwayFrom = absence.From, AwayUntil = absence.Until, AwayCoverId = null };
            }
        }
    }

    private sealed record Decision(
        Commitment Updated,
        IReadOnlyList<CommitmentEvent> Events,
        IReadOnlyList<NewNotification> Notifications,
        bool NoManager,
        bool NoChannel)
    {
        public bool NeedsAdmins => NoManager || NoChannel;
    }

    /// <summary>Decides what the due step of one commitment produces. Pure given its inputs.</summary>
    private static Decision Decide(Commitment c, Person owner, Person? manager, WorkspaceSettings settings, LadderContext context, DateTimeOffset now)
    {
        var step = EscalationLadder.Next(c, context);
        if (step is null)
        {
            return new Decision(c with { NextStep = null, NextActionAt = null }, [], [], false, false);
        }

        if (step.At > now)
        {
            // The plan changed since it was scheduled (a manager was set, hours changed): wait for the new time. The
            // ladder's instants are whole milliseconds (StoredTime), so the row is saved strictly later than now and
            // the next sweep at this instant cannot claim it again.
            return new Decision(c with { NextStep = step.Kind, NextActionAt = step.At }, [], [], false, false);
        }

        if (step.Kind == LadderStepKind.HeadsUp && now >= c.DueAt)
        {
            // Came too late to be a heads-up (the clock was down): the due step says it all.
            var skipped = EscalationLadder.Advance(c, step, now, context);
            return new Decision(skipped, [new CommitmentEvent(c.WorkspaceId, c.Id, now, CommitmentEventKinds.Bot, CommitmentEventKinds.StepSkipped, step.Kind.ToName())], [], false, false);
        }

        var (kind, recipient) = step.Recipient switch
        {
            LadderRecipient.Rep => (RecipientKind.User, owner.UserId),
            LadderRecipient.Manager => (RecipientKind.User, manager?.UserId ?? owner.UserId),
            LadderRecipient.Cover => (RecipientKind.User, step.CoverId ?? owner.UserId),
            _ => (RecipientKind.Channel, settings.EscalationChannelId ?? ""),
        };
        // Deliverable at once; its deliver-at keeps the step's own instant, so the send can be measured against it.
        var notification = new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, step.Kind, kind, recipient, now, step.At)
        {
            Occurrence = step.Kind == LadderStepKind.RepReminder ? c.RepSnoozedUntil : null,
        };
        var note = step.Recipient == LadderRecipient.Cover ? $"{step.Kind.ToName()} to {recipient}" : step.Kind.ToName();
        var events = new[] { new CommitmentEvent(c.WorkspaceId, c.Id, now, CommitmentEventKinds.Bot, CommitmentEventKinds.StepSent, note) };
        var updated = EscalationLadder.Advance(c, step, now, context);
        List<NewNotification> notifications = [notification];

        // The rep hears what the manager (or the channel) was just told, in their own working hours (after their return).
        if (step.Kind is LadderStepKind.Manager or LadderStepKind.Channel)
        {
            var repAt = context.Rep.Away is { } away && away.Covers(now) ? away.Until : now;
            var deliverAt = StoredTime.Ceiling(WorkingCalendar.NextWorkingInstant(repAt, context.Rep.Zone, context.Rep.Hours));
            var told = step.Kind == LadderStepKind.Manager ? LadderStepKind.RepToldManager : LadderStepKind.RepToldChannel;
            notifications.Add(new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, told, RecipientKind.User, owner.UserId, now, deliverAt));
        }

        if (step.Kind is LadderStepKind.Manager or LadderStepKind.ManagerReminder or LadderStepKind.Channel)
        {
            // The manager (or the channel) heard from the bot, not from the rep: a surprise in the record.
            updated = updated with { Surprised = true };
        }

        // A step skipped for want of someone to escalate to: the admins are told (once per workspace, by the
        // notices' idempotency keys). No manager: known once the overdue nudge goes unanswered. No channel: known
        // when the ladder ends short of the channel post.
        var silent = c.RepRespondedAt is null && c.ManagerAcknowledgedAt is null;
        var noManager = silent && step.Kind == LadderStepKind.Overdue && manager is null;
        var noChannel = silent && updated.NextStep is null && !context.HasChannel
            && step.Kind is LadderStepKind.Overdue or LadderStepKind.Manager or LadderStepKind.ManagerReminder;
        return new Decision(updated, events, notifications, noManager, noChannel);
    }

    private static IEnumerable<NewNotification> Notices(Decision decision, IReadOnlyList<Person> admins, Commitment c, DateTimeOffset now)
    {
        foreach (var admin in admins)
        {
            var deliverAt = WorkingCalendar.NextWorkingInstant(now, TimeZones.ResolveOrUtc(admin.EffectiveZoneId), admin.EffectiveWorkingHours);
            if (decision.NoManager)
            {
                yield return new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.NoManagerNotice, RecipientKind.User, admin.UserId, now, deliverAt);
            }

            if (decision.NoChannel)
            {
                yield return new NewNotification(c.WorkspaceId, c.Id, c.DueVersion, LadderStepKind.NoChannelNotice, RecipientKind.User, admin.UserId, now, deliverAt);
            }
        }
    }

    /// <summary>
    /// One run's reads of workspace settings and people. Every batch of a run decides at the same instant, so
    /// each workspace and person is read once per run rather than once per batch (20 batches of 500 would
    /// otherwise read the same few hundred reps twenty times).
    /// </summary>
    private sealed class RunLookups(IPeopleStore people, IWorkspaceStore workspaces)
    {
        private readonly Dictionary<string, WorkspaceSettings> settings = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Workspace, string User), Person?> persons = [];
        private readonly Dictionary<string, IReadOnlyList<Person>> admins = new(StringComparer.Ordinal);

        public async ValueTask<WorkspaceSettings> SettingsAsync(string workspaceId, CancellationToken cancellationToken)
        {
            if (!settings.TryGetValue(workspaceId, out var found))
            {
                found = await workspaces.FindAsync(workspaceId, cancellationToken) ?? WorkspaceSettings.NewFor(workspaceId, "unknown");
                settings[workspaceId] = found;
            }

            return found;
        }

        public async ValueTask<Dictionary<string, Person>> PeopleAsync(string workspaceId, IEnumerable<string> ids, CancellationToken cancellationToken)
        {
            var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
            var missing = distinct.Where(id => !persons.ContainsKey((workspaceId, id))).ToList();
            if (missing.Count > 0)
            {
                foreach (var id in missing)
                {
                    persons[(workspaceId, id)] = null; // not stored yet: defaults apply
                }

                foreach (var person in await people.FindManyAsync(workspaceId, missing, cancellationToken))
                {
                    persons[(workspaceId, person.UserId)] = person;
                }
            }

            var result = new Dictionary<string, Person>(StringComparer.Ordinal);
            foreach (var id in distinct)
            {
                if (persons[(workspaceId, id)] is { } person)
                {
                    result[id] = person;
                }
            }

            return result;
        }

        public async ValueTask<IReadOnlyList<Person>> AdminsAsync(string workspaceId, CancellationToken cancellationToken)
        {
            if (!admins.TryGetValue(workspaceId, out var found))
            {
                found = await people.ListAdminsAsync(workspaceId, cancellationToken);
                admins[workspaceId] = found;
            }

            return found;
        }
    }
}
