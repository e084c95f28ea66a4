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

    /// <summary>The platform refused for now; try again at <see cref="DeliveryOutcome.RetryAt"/>.</summary>
    RetryLater,

    /// <summary>The platform refused for good, or the attempts ran out.</summary>
    Failed,
}

/// <summary>The outcome of <see cref="NotificationDelivery.DeliverAsync"/>.</summary>
/// <param name="Result">How it ended.</param>
/// <param name="RetryAt">When to try again, for <see cref="DeliveryResult.RetryLater"/>.</param>
/// <param name="PlatformMessageId">The platform's id when sent.</param>
public sealed record DeliveryOutcome(DeliveryResult Result, DateTimeOffset? RetryAt = null, string? PlatformMessageId = null);

/// <summary>
/// Sends one outbox delivery: claims it (pending → sending), renders its notifications for the
/// recipient from the commitments' current state (dropping any that events have overtaken), sends it
/// through the platform's <see cref="IChatSender"/> and records the platform message id. A delivery
/// found still sending after a crash is checked with <see cref="IChatSender.FindSentAsync"/> before
/// any resend. Safe to run twice for the same id.
/// </summary>
public sealed class NotificationDelivery(
    IOutboxStore outbox,
    ICommitmentStore commitments,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    IEnumerable<IChatSender> senders,
    TimeProvider clock,
    ICommitmentChangeListener changes)
{
    /// <summary>Creates a delivery that tells nobody about changes.</summary>
    public NotificationDelivery(IOutboxStore outbox, ICommitmentStore commitments, IPeopleStore people, IWorkspaceStore workspaces, IEnumerable<IChatSender> senders, TimeProvider clock)
        : this(outbox, commitments, people, workspaces, senders, clock, NoCommitmentChangeListener.Instance)
    {
    }

    private readonly Dictionary<string, IChatSender> senderByPlatform = senders.ToDictionary(s => s.Platform, StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a send may take before another worker treats it as crashed.</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a delivery is given up on.</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>Delivers one delivery.</summary>
    public async Task<DeliveryOutcome> DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var now = StoredTime.Now(clock);
        var claim = await outbox.ClaimDeliveryAsync(deliveryId, now, Lease, cancellationToken);
        if (claim is null)
        {
            return new DeliveryOutcome(DeliveryResult.NotClaimable);
        }

        var delivery = claim.Delivery;
        var settings = await workspaces.FindAsync(delivery.WorkspaceId, cancellationToken);
        if (settings is null || !senderByPlatform.TryGetValue(settings.Platform, out var sender))
        {
            await outbox.ReleaseAsync(delivery.Id, now, $"no sender for platform '{settings?.Platform}'", giveUp: true, cancellationToken);
            return new DeliveryOutcome(DeliveryResult.Failed);
        }

        var (message, owners) = await RenderAsync(delivery, now, cancellationToken);
        if (message is null)
        {
            return new DeliveryOutcome(DeliveryResult.Cancelled);
        }

        var chat = new ChatDelivery(delivery.Id, delivery.WorkspaceId, delivery.RecipientKind, delivery.RecipientId, message);
        if (claim.Recovering && claim.PreviousSendStartedAt is { } startedAt)
        {
            switch (await sender.FindSentAsync(chat, startedAt, cancellationToken))
            {
                case SentFound found:
                    return await RecordSentAsync(delivery, found.PlatformMessageId, settings.Platform, owners, cancellationToken);
                case SentLookupDeferred later:
                    return await RetryOrGiveUpAsync(delivery, now, later.Reason, later.RetryAfter, cancellationToken);

                // Not sent, or the platform cannot tell (Teams): send. A nudge repeated once beats a slip nobody hears of.
            }
        }

        switch (await sender.SendAsync(chat, cancellationToken))
        {
            case ChatSent sent:
                return await RecordSentAsync(delivery, sent.PlatformMessageId, settings.Platform, owners, cancellationToken);
            case ChatSendDeferred deferred:
                return await RetryOrGiveUpAsync(delivery, now, deferred.Reason, deferred.RetryAfter, cancellationToken);
            case ChatSendRefused refused:
                await outbox.ReleaseAsync(delivery.Id, now, refused.Reason, giveUp: true, cancellationToken);
                return new DeliveryOutcome(DeliveryResult.Failed);
            case var other:
                throw new InvalidOperationException($"The {settings.Platform} sender returned an unknown result: {other}.");
        }
    }

    /// <summary>Records the send (or the send found after a crash) and tells the listener the owners' promises read differently.</summary>
    private async Task<DeliveryOutcome> RecordSentAsync(Delivery delivery, string platformMessageId, string platform, IReadOnlySet<string> owners, CancellationToken cancellationToken)
    {
        await outbox.MarkSentAsync(delivery.Id, platformMessageId, StoredTime.Now(clock), cancellationToken);
        Changed(platform, delivery.WorkspaceId, owners);
        return new DeliveryOutcome(DeliveryResult.Sent, PlatformMessageId: platformMessageId);
    }

    /// <summary>Puts a delivery back for later (when the platform said, or by back-off), or gives up after too many attempts.</summary>
    private async Task<DeliveryOutcome> RetryOrGiveUpAsync(Delivery delivery, DateTimeOffset now, string reason, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        if (delivery.Attempts >= MaxAttempts)
        {
            await outbox.ReleaseAsync(delivery.Id, now, reason, giveUp: true, cancellationToken);
            return new DeliveryOutcome(DeliveryResult.Failed);
        }

        var retryAt = StoredTime.Ceiling(now + (retryAfter ?? Backoff(delivery.Attempts)));
        await outbox.ReleaseAsync(delivery.Id, retryAt, reason, giveUp: false, cancellationToken);
        return new DeliveryOutcome(DeliveryResult.RetryLater, retryAt);
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

    /// <summary>Renders the delivery's notifications that still apply (and whose promises they are); cancels the rest. Null when none apply.</summary>
    private async Task<(OutboundMessage? Message, IReadOnlySet<string> Owners)> RenderAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var notifications = await outbox.NotificationsAsync(delivery.WorkspaceId, delivery.Id, cancellationToken);
        var recipient = delivery.RecipientKind == RecipientKind.User
            ? await people.FindAsync(delivery.WorkspaceId, delivery.RecipientId, cancellationToken)
            : null;
        var parts = new List<OutboundMessage>(notifications.Count);
        var stale = new List<long>();
        foreach (var n in notifications.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id))
        {
            var c = await commitments.FindAsync(delivery.WorkspaceId, n.CommitmentId, cancellationToken);
            if (c is null || !StillApplies(n, c))
            {
                stale.Add(n.Id);
                continue;
            }

            owners.Add(c.OwnerId);
            var owner = await people.FindAsync(c.WorkspaceId, c.OwnerId, cancellationToken);
            var repName = owner?.Name ?? c.OwnerId;
            var zone = TimeZones.ResolveOrUtc((recipient ?? owner)?.EffectiveZoneId);
            IReadOnlySet<string>? playbookDone = null;
            if (n.Step == LadderStepKind.Overdue)
            {
                playbookDone = SlipPlaybook.DoneSteps(await commitments.HistoryAsync(c.WorkspaceId, c.Id, cancellationToken));
            }

            parts.Add(CommitmentMessages.ForStep(n.Step, c, repName, zone, now, playbookDone));
        }

        if (stale.Count > 0)
        {
            await outbox.CancelNotificationsAsync(delivery.Id, stale, cancellationToken);
        }

        return (parts.Count == 0 ? null : CommitmentMessages.Bundle(parts), owners);
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
            LadderStepKind.HeadsUp => c.RepRespondedAt is null,
            LadderStepKind.Overdue or LadderStepKind.Manager or LadderStepKind.ManagerReminder => c.RepRespondedAt is null && c.ManagerAcknowledgedAt is null,
            LadderStepKind.Channel => c.RepRespondedAt is null && c.ManagerAcknowledgedAt is null,
            _ => true,
        };
    }
}
