using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Escalation;

/// <summary>How a delivery attempt ended.</summary>
public enum DeliveryResult
{
    /// <summary>Sent (or found already sent after a crash) and recorded.</summary>
    Sent,

    /// <summary>Not claimable now: already sent, cancelled, failed, not due yet, or being sent by another worker.</summary>
    NotClaimable,

    /// <summary>Nothing left to say: every notification in it was overtaken by events.</summary>
    Cancelled,

    /// <summary>The instance began to stop before the send started: the claim was given back for another instance.</summary>
    Released,

    /// <summary>The platform refused for now; try again at <see cref="DeliveryOutcome.RetryAt"/>.</summary>
    RetryLater,

    /// <summary>The platform refused for good, or the attempts ran out.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="NotificationDelivery.DeliverAsync"/>.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="RetryAt">When to try again, for <see cref="DeliveryResult.RetryLater"/>.</param>
/// <param name="PlatformMessageId">The platform's id when sent.</param>
/// <param name="StepAt">When sent: the earliest instant its notifications were due (a ladder step's own time), to measure the lag.</param>
public sealed record DeliveryOutcome(DeliveryResult Result, DateTimeOffset? RetryAt = null, string? PlatformMessageId = null, DateTimeOffset? StepAt = null);

/// <summary>
/// Sends one outbox delivery: claims it (pending → sending), renders its notifications for the
/// recipient from the commitments' current state (dropping any that events have overtaken), sends it
/// through the platform's <see cref="IChatSender"/> and records the platform message id. A delivery
/// found still sending after a crash is checked with <see cref="IChatSender.FindSentAsync"/> before
/// any resend. Safe to run twice for the same id. A weekly digest's delivery (<see cref="Delivery.DigestWeek"/>) is the
/// same path: its message comes from the <see cref="IDigestRenderer"/> instead of ladder notifications.
/// </summary>
public sealed class NotificationDelivery(
    IOutboxStore outbox,
    ICommitmentStore commitments,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    IEnumerable<IChatSender> senders,
    TimeProvider clock,
    ICommitmentChangeListener changes,
    IDigestRenderer? digests = null)
{
    /// <summary>Creates a delivery that tells nobody about changes.</summary>
    public NotificationDelivery(IOutboxStore outbox, ICommitmentStore commitments, IPeopleStore people, IWorkspaceStore workspaces, IEnumerable<IChatSender> senders, TimeProvider clock)
        : this(outbox, commitments, people, workspaces, senders, clock, NoCommitmentChangeListener.Instance)
    {
    }

    private readonly Dictionary<string, IChatSender> senderByPlatform = senders.ToDictionary(s => s.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>The default of <see cref="ClaimLease"/>: how long a send may take before another worker treats it as crashed.</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a send may take before another worker treats it as crashed (a deployment setting; default <see cref="Lease"/>).</summary>
    public TimeSpan ClaimLease { get; init; } = Lease;

    /// <summary>Attempts before a delivery is given up on.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>
    /// Delivers one delivery. <paramref name="cancellationToken"/> says the instance is stopping: before the send
    /// starts the claim is given back at once (another instance takes it on its next sweep, not after the lease);
    /// a send already started is finished and recorded, so nothing is left half-done for the lease to find.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        var claim = await outbox.ClaimDeliveryAsync(deliveryId, now, ClaimLease, cancellationToken);
        if (claim is null)
        {
            return new DeliveryOutcome(DeliveryResult.NotClaimable);
        }

        var delivery = claim.Delivery;
        WorkspaceSettings? settings;
        OutboundMessage? message = null;
        IReadOnlySet<string> owners = new HashSet<string>();
        DateTimeOffset? stepAt = null;
        try
        {
            settings = await workspaces.FindAsync(delivery.WorkspaceId, cancellationToken);
            if (settings is not null && senderByPlatform.ContainsKey(settings.Platform))
            {
                (message, owners, stepAt) = await RenderAsync(delivery, now, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await GiveBackAsync(delivery, now);
        }

        if (settings is null || !senderByPlatform.TryGetValue(settings.Platform, out var sender))
        {
            await outbox.ReleaseAsync(delivery.Id, now, $"no sender for platform '{settings?.Platform}'", giveUp: true, CancellationToken.None);
            return new DeliveryOutcome(DeliveryResult.Failed);
        }

        if (message is null)
        {
            return new DeliveryOutcome(DeliveryResult.Cancelled);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return await GiveBackAsync(delivery, now);
        }

        // From here on the send runs to its end whatever the stopping token says: cutting an HTTP call short
        // would leave a message that may or may not have gone out. The platform clients' own timeouts bound it.
        var sending = new SendContext(delivery, settings.Platform, owners, now, stepAt);
        var chat = new ChatDelivery(delivery.Id, delivery.WorkspaceId, delivery.RecipientKind, delivery.RecipientId, message);
        if (claim.Recovering && claim.PreviousSendStartedAt is { } startedAt)
        {
            switch (await sender.FindSentAsync(chat, startedAt, CancellationToken.None))
            {
                case SentFound found:
                    return await RecordSentAsync(sending, found.PlatformMessageId);
                case SentLookupDeferred later:
                    return await RetryOrGiveUpAsync(sending, later.Reason, later.RetryAfter);

                // Not sent, or the platform cannot tell (Teams): send. A nudge repeated once beats a slip nobody hears of.
            }
        }

        switch (await sender.SendAsync(chat, CancellationToken.None))
        {
            case ChatSent sent:
                return await RecordSentAsync(sending, sent.PlatformMessageId);
            case ChatSendDeferred deferred:
                return await RetryOrGiveUpAsync(sending, deferred.Reason, deferred.RetryAfter);
            case ChatSendRefused refused:
                await outbox.ReleaseAsync(delivery.Id, now, refused.Reason, giveUp: true, CancellationToken.None);
                return new DeliveryOutcome(DeliveryResult.Failed);
            case var other:
                throw new InvalidOperationException($"The {settings.Platform} sender returned an unknown result: {other}.");
        }
    }

    /// <summary>One started send: what it delivers, for whom, when it was claimed and the ladder instant it answers.</summary>
    private sealed record SendContext(Delivery Delivery, string Platform, IReadOnlySet<string> Owners, DateTimeOffset ClaimedAt, DateTimeOffset? StepAt);

    /// <summary>Records the send (or the send found after a crash) and tells the listener the owners' promises read differently.</summary>
    private async Task<DeliveryOutcome> RecordSentAsync(SendContext sending, string platformMessageId)
    {
        await outbox.MarkSentAsync(sending.Delivery.Id, platformMessageId, StoredTime.Now(clock), CancellationToken.None);
        Changed(sending.Platform, sending.Delivery.WorkspaceId, sending.Owners);
        return new DeliveryOutcome(DeliveryResult.Sent, PlatformMessageId: platformMessageId, StepAt: sending.StepAt);
    }

    /// <summary>Puts a delivery back for later (when the platform said, or by back-off), or gives up after too many attempts.</summary>
    private async Task<DeliveryOutcome> RetryOrGiveUpAsync(SendContext sending, string reason, TimeSpan? retryAfter)
    {
        var delivery = sending.Delivery;
        if (delivery.Attempts >= MaxAttempts)
        {
            await outbox.ReleaseAsync(delivery.Id, sending.ClaimedAt, reason, giveUp: true, CancellationToken.None);
            return new DeliveryOutcome(DeliveryResult.Failed);
        }

        var retryAt = StoredTime.Ceiling(sending.ClaimedAt + (retryAfter ?? Backoff(delivery.Attempts)));
        await outbox.ReleaseAsync(delivery.Id, retryAt, reason, giveUp: false, CancellationToken.None);
        return new DeliveryOutcome(DeliveryResult.RetryLater, retryAt);
    }

    /// <summary>Puts a claimed delivery back to pending, due at once, so any instance still running takes it on its next sweep.</summary>
    private async Task<DeliveryOutcome> GiveBackAsync(Delivery delivery, DateTimeOffset now)
    {
        await outbox.ReleaseAsync(delivery.Id, now, "the instance stopped before sending", giveUp: false, CancellationToken.None);
        return new DeliveryOutcome(DeliveryResult.Released, now);
    }

    /// <summary>Exponential back-off with jitter: 10 s, 20 s, 40 s … capped at 30 minutes.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(1800, 10 * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <summary>A delivered step changes how the owners' promises read (due, overdue, escalated).</summary>
    private void Changed(string platform, string workspaceId, IReadOnlySet<string> owners)
    {
        foreach (var owner in owners)
        {
            changes.CommitmentsChanged(platform, workspaceId, owner);
        }
    }

    /// <summary>
    /// Renders the delivery's notifications that still apply (with whose promises they are and the earliest instant one
    /// was due); cancels the rest. Null when none apply.
    /// </summary>
    private async Task<(OutboundMessage? Message, IReadOnlySet<string> Owners, DateTimeOffset? DueAt)> RenderAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? dueAt = null;
        var owners = new HashSet<string>(StringComparer.Ordinal);
        if (delivery.DigestWeek is not null)
        {
            var digest = digests is null ? null : await digests.RenderAsync(delivery, now, cancellationToken);
            if (digest is null)
            {
                await outbox.CancelNotificationsAsync(delivery.Id, [], cancellationToken);
            }

            return (digest, owners, delivery.NotBefore);
        }

        var notifications = await outbox.NotificationsAsync(delivery.WorkspaceId, delivery.Id, cancellationToken);
        var recipient = delivery.RecipientKind == RecipientKind.User
            ? await people.FindAsync(delivery.WorkspaceId, delivery.RecipientId, cancellationToken)
            : null;
        var parts = new List<OutboundMessage>(notifications.Count);
        var stale = new List<long>();
        foreach (var n in notifications.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id))
        {
            if (n.Step == LadderStepKind.ManagerChangeNotice)
            {
                // About no promise: a change of who reports to whom, told as it was made (names as they read now).
                if (n.ManagerChange is not { } change || change.WorkspaceId != delivery.WorkspaceId)
                {
                    stale.Add(n.Id);
                    continue;
                }

                parts.Add(ManagerChangeMessages.For(delivery.RecipientId, change, await NamesAsync(change, cancellationToken)));
                if (n.DeliverAt is { } noticeAt && (dueAt is null || noticeAt < dueAt))
                {
                    dueAt = noticeAt;
                }

                continue;
            }

            var c = await commitments.FindAsync(delivery.WorkspaceId, n.CommitmentId, cancellationToken);
            if (c is null || !StillApplies(n, c))
            {
                stale.Add(n.Id);
                continue;
            }

            owners.Add(c.OwnerId);
            if (n.DeliverAt is { } at && (dueAt is null || at < dueAt))
            {
                dueAt = at;
            }

            var owner = await people.FindAsync(c.WorkspaceId, c.OwnerId, cancellationToken);
            var repName = owner?.Name ?? c.OwnerId;
            var zone = TimeZones.ResolveOrUtc((recipient ?? owner)?.EffectiveZoneId);
            IReadOnlySet<string>? playbookDone = null;
            string? riskReason = null;
            if (n.Step is LadderStepKind.Overdue or LadderStepKind.EarlyWarning or LadderStepKind.RepToldManager or LadderStepKind.RepToldChannel)
            {
                var history = await commitments.HistoryAsync(c.WorkspaceId, c.Id, cancellationToken);
                playbookDone = SlipPlaybook.DoneSteps(history);

                // The manager's early warning says why, in the rep's words: the latest risk flag's reason.
                riskReason = history.Where(e => e.Kind == CommitmentEventKinds.AtRisk && !string.IsNullOrWhiteSpace(e.Note)).OrderBy(e => e.At).ThenBy(e => e.Id).LastOrDefault()?.Note;
            }

            var details = await DetailsAsync(n, c, owner, recipient, cancellationToken);
            parts.Add(CommitmentMessages.ForStep(n.Step, c, repName, zone, now, playbookDone, owner?.ManagerId is not null, details with { RiskReason = riskReason }));
        }

        if (stale.Count > 0)
        {
            await outbox.CancelNotificationsAsync(delivery.Id, stale, cancellationToken);
        }

        return (parts.Count == 0 ? null : CommitmentMessages.Bundle(parts), owners, dueAt);
    }

    /// <summary>The names of the people in a change of manager, read now.</summary>
    private async Task<ManagerChangeMessages.Names> NamesAsync(ManagerChange change, CancellationToken cancellationToken)
    {
        var ids = new[] { change.RepId, change.OldManagerId, change.NewManagerId, change.ChangedById }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = (await people.FindManyAsync(change.WorkspaceId, ids, cancellationToken)).ToDictionary(p => p.UserId, p => p.Name, StringComparer.Ordinal);
        string Name(string id) => found.TryGetValue(id, out var name) ? name : id;
        return new ManagerChangeMessages.Names(
            Name(change.RepId),
            change.OldManagerId is { } old ? Name(old) : null,
            change.NewManagerId is { } now ? Name(now) : null,
            found.TryGetValue(change.ChangedById, out var by) ? by : "an admin"); // a change made from no chat (the sandbox's people panel)
    }

    /// <summary>Who the reader covers for, what the manager or channel heard and when, when an away rep is back.</summary>
    private async Task<StepDetails> DetailsAsync(OutboxNotification n, Commitment c, Person? owner, Person? recipient, CancellationToken cancellationToken)
    {
        var details = StepDetails.None;
        var managerId = owner?.ManagerId;
        if (n.Step is LadderStepKind.AwayWarning)
        {
            details = details with { AwayUntil = owner?.AwayUntil, AwayZoneId = owner?.EffectiveZoneId };
        }

        if (n.Step is LadderStepKind.AwayWarning or LadderStepKind.Manager or LadderStepKind.ManagerReminder
            && recipient is not null && recipient.UserId != c.OwnerId && recipient.UserId != managerId)
        {
            // The reader stands in for someone: the rep (an away warning to the rep's cover) or the manager.
            var coversRep = n.Step == LadderStepKind.AwayWarning && owner?.AwayCoverId is { } repCover
                && (repCover == recipient.UserId || (await people.FindAsync(c.WorkspaceId, repCover, cancellationToken))?.AwayCoverId == recipient.UserId);
            string? covered = coversRep ? owner?.Name ?? c.OwnerId : null;
            if (covered is null && managerId is not null)
            {
                covered = (await people.FindAsync(c.WorkspaceId, managerId, cancellationToken))?.Name ?? managerId;
            }

            details = details with { CoveringFor = covered };
        }

        if (n.Step is LadderStepKind.RepToldManager or LadderStepKind.RepToldChannel)
        {
            string? who = null;
            if (n.Step == LadderStepKind.RepToldManager && managerId is not null)
            {
                who = (await people.FindAsync(c.WorkspaceId, managerId, cancellationToken))?.Name ?? managerId;
            }

            // The manager's message says how late in elapsed time ("18 hours late"); the rep's note that the manager
            // heard says the same, measured at the same instant, in the same words (it said "4 working hours" before).
            details = details with
            {
                ToldWho = who,
                ToldAt = n.CreatedAt,
                LateWhenTold = n.CreatedAt > c.DueAt ? TimeText.Duration(n.CreatedAt - c.DueAt) : null,
            };
        }

        return details;
    }

    /// <summary>A notification still applies unless the commitment moved on: closed, moved, answered, handled.</summary>
    private static bool StillApplies(OutboxNotification n, Commitment c)
    {
        if (n.Step is LadderStepKind.NoManagerNotice or LadderStepKind.NoChannelNotice)
        {
            return true;
        }

        if (c.IsClosed || c.DueVersion != n.DueVersion)
        {
            return false;
        }

        return n.Step switch
        {
            LadderStepKind.HeadsUp or LadderStepKind.AwayWarning => c.RepRespondedAt is null,
            LadderStepKind.RepReminder => true,
            LadderStepKind.Overdue or LadderStepKind.Manager or LadderStepKind.ManagerReminder => c.RepRespondedAt is null && c.ManagerAcknowledgedAt is null,
            LadderStepKind.Channel => c.RepRespondedAt is null && c.ManagerAcknowledgedAt is null,
            _ => true,
        };
    }
}
