using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>
/// In-memory stores with the same contract as the SQL ones (version checks, idempotency keys,
/// workspace scoping), so the core's use cases are tested without I/O. The SQL stores are held to
/// the same contract by the storage suite on real engines.
/// </summary>
public sealed partial class InMemoryStores : ICommitmentStore, IPeopleStore, IWorkspaceStore, IOutboxStore, IOutboxSignal, IRecordStore, IDigestStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, Commitment> commitments = [];
    private readonly List<CommitmentEvent> events = [];
    private readonly Dictionary<(string, string), Person> people = [];
    private readonly Dictionary<string, WorkspaceSettings> workspaces = [];
    private readonly Dictionary<string, int> counters = [];
    private readonly List<NotificationRow> notifications = [];
    private readonly Dictionary<long, Delivery> deliveries = [];
    private long nextId;

    public sealed record NotificationRow(long Id, NewNotification Note)
    {
        public string Status { get; set; } = "pending";

        public long? DeliveryId { get; set; }
    }

    public int Signals { get; private set; }

    public IReadOnlyList<NotificationRow> Notifications
    {
        get
        {
            lock (gate)
            {
                return [.. notifications];
            }
        }
    }

    public IReadOnlyList<CommitmentEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public Task<(Commitment Commitment, bool Created)> CreateAsync(Commitment draft, CommitmentEvent created, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (draft.ClientRequestId is { } key
                && commitments.Values.FirstOrDefault(c => c.WorkspaceId == draft.WorkspaceId && c.ClientRequestId == key) is { } existing)
            {
                return Task.FromResult((existing, false));
            }

            var number = counters.GetValueOrDefault(draft.WorkspaceId) + 1;
            counters[draft.WorkspaceId] = number;
            var stored = AsStored(draft with { Id = ++nextId, Number = number, Version = 1 });
            commitments[stored.Id] = stored;
            events.Add(created with { CommitmentId = stored.Id, Id = ++nextId });
            return Task.FromResult((stored, true));
        }
    }

    public Task<Commitment?> FindByNumberAsync(string workspaceId, int number, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(commitments.Values.FirstOrDefault(c => c.WorkspaceId == workspaceId && c.Number == number));
        }
    }

    public Task<Commitment?> FindAsync(string workspaceId, long id, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(commitments.TryGetValue(id, out var c) && c.WorkspaceId == workspaceId ? c : null);
        }
    }

    public Task<Commitment?> UpdateAsync(Commitment updated, IReadOnlyList<CommitmentEvent> events, IReadOnlyList<NewNotification> notifications, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(Save(updated, events, notifications));
        }
    }

    /// <summary>The commitment as the SQL stores keep it: every instant in whole milliseconds.</summary>
    private static Commitment AsStored(Commitment c)
    {
        static DateTimeOffset? Floor(DateTimeOffset? instant) => instant is { } value ? StoredTime.Floor(value) : null;
        return c with
        {
            DueAt = StoredTime.Floor(c.DueAt),
            CreatedAt = StoredTime.Floor(c.CreatedAt),
            WindowStart = StoredTime.Floor(c.WindowStart),
            NextActionAt = Floor(c.NextActionAt),
            ManagerNotifiedAt = Floor(c.ManagerNotifiedAt),
            RepRespondedAt = Floor(c.RepRespondedAt),
            ManagerAcknowledgedAt = Floor(c.ManagerAcknowledgedAt),
            SnoozedUntil = Floor(c.SnoozedUntil),
            RiskFlaggedAt = Floor(c.RiskFlaggedAt),
            ClosedAt = Floor(c.ClosedAt),
        };
    }

    private Commitment? Save(Commitment updated, IReadOnlyList<CommitmentEvent> newEvents, IReadOnlyList<NewNotification> newNotifications)
    {
        if (!commitments.TryGetValue(updated.Id, out var current) || current.WorkspaceId != updated.WorkspaceId || current.Version != updated.Version)
        {
            return null;
        }

        var saved = AsStored(updated with { Version = current.Version + 1 });
        commitments[saved.Id] = saved;
        events.AddRange(newEvents.Select(e => e with { Id = ++nextId }));
        foreach (var n in newNotifications)
        {
            if (!notifications.Any(r => r.Note.WorkspaceId == n.WorkspaceId && r.Note.IdempotencyKey == n.IdempotencyKey))
            {
                notifications.Add(new NotificationRow(++nextId, n with { CreatedAt = StoredTime.Floor(n.CreatedAt), DeliverAt = StoredTime.Floor(n.DeliverAt) }));
            }
        }

        return saved;
    }

    public Task<IReadOnlyList<Commitment>> ListActiveByOwnersAsync(string workspaceId, IReadOnlyCollection<string> ownerIds, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Commitment> list = commitments.Values
                .Where(c => c.WorkspaceId == workspaceId && ownerIds.Contains(c.OwnerId) && c.Status.IsActive())
                .OrderBy(c => c.DueAt).ThenBy(c => c.Id).Take(limit).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Commitment>> ListClosedAsync(string workspaceId, IReadOnlyCollection<string>? ownerIds, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Commitment> list = commitments.Values
                .Where(c => c.WorkspaceId == workspaceId && (ownerIds is null || ownerIds.Contains(c.OwnerId)) && c.ClosedAt >= since && c.ClosedAt < until)
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<CommitmentEvent>> HistoryAsync(string workspaceId, long commitmentId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<CommitmentEvent> list = events.Where(e => e.WorkspaceId == workspaceId && e.CommitmentId == commitmentId).OrderBy(e => e.Id).ToList();
            return Task.FromResult(list);
        }
    }

    Task<Person?> IPeopleStore.FindAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(people.GetValueOrDefault((workspaceId, userId)));
        }
    }

    /// <summary>How many times <see cref="FindManyAsync"/> ran, and for how many ids in all.</summary>
    public (int Calls, int Ids) PeopleLookups { get; private set; }

    /// <summary>How many times workspace settings were read.</summary>
    public int WorkspaceLookups { get; private set; }

    public Task<IReadOnlyList<Person>> FindManyAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            PeopleLookups = (PeopleLookups.Calls + 1, PeopleLookups.Ids + userIds.Count);
            IReadOnlyList<Person> list = userIds.Select(id => people.GetValueOrDefault((workspaceId, id))).OfType<Person>().ToList();
            return Task.FromResult(list);
        }
    }

    public Task UpsertAsync(Person person, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            people[(person.WorkspaceId, person.UserId)] = person;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<Person>> ListReportsAsync(string workspaceId, string managerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Person> list = people.Values.Where(p => p.WorkspaceId == workspaceId && p.ManagerId == managerId).OrderBy(p => p.UserId, StringComparer.Ordinal).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Person>> ListAdminsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Person> list = people.Values.Where(p => p.WorkspaceId == workspaceId && p.IsAdmin).OrderBy(p => p.UserId, StringComparer.Ordinal).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Person>> ListAsync(string workspaceId, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<Person> list = people.Values.Where(p => p.WorkspaceId == workspaceId).OrderBy(p => p.UserId, StringComparer.Ordinal).Take(limit).ToList();
            return Task.FromResult(list);
        }
    }

    Task<WorkspaceSettings?> IWorkspaceStore.FindAsync(string workspaceId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            WorkspaceLookups++;
            return Task.FromResult(workspaces.GetValueOrDefault(workspaceId));
        }
    }

    public Task<WorkspaceSettings?> SaveAsync(WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var current = workspaces.GetValueOrDefault(settings.WorkspaceId);
            if ((current?.Version ?? 0) != settings.Version)
            {
                return Task.FromResult<WorkspaceSettings?>(null);
            }

            var saved = settings with { Version = settings.Version + 1 };
            workspaces[settings.WorkspaceId] = saved;
            return Task.FromResult<WorkspaceSettings?>(saved);
        }
    }

    public async Task<int> SweepAsync(DateTimeOffset now, int batchSize, SweepDecider decide, CancellationToken cancellationToken)
    {
        List<Commitment> claimed;
        lock (gate)
        {
            claimed = commitments.Values.Where(c => c.NextActionAt is { } at && at <= now).OrderBy(c => c.NextActionAt).ThenBy(c => c.Id).Take(batchSize).ToList();
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        var decisions = await decide(claimed, cancellationToken);
        lock (gate)
        {
            foreach (var d in decisions)
            {
                if (Save(d.Updated, d.Events, d.Notifications) is null)
                {
                    throw new InvalidOperationException("A claimed commitment changed under the sweep.");
                }
            }
        }

        return claimed.Count;
    }

    public Task<IReadOnlyList<long>> BundleAsync(DateTimeOffset now, int maxNotifications, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var due = notifications.Where(n => n.Status == "pending" && n.Note.DeliverAt <= now).Take(maxNotifications).ToList();
            var ids = new List<long>();
            foreach (var group in due.GroupBy(n => (n.Note.WorkspaceId, n.Note.RecipientKind, n.Note.RecipientId)))
            {
                var delivery = new Delivery(++nextId, group.Key.WorkspaceId, group.Key.RecipientKind, group.Key.RecipientId, DeliveryStatus.Pending, 0, now, null, null);
                deliveries[delivery.Id] = delivery;
                foreach (var n in group)
                {
                    n.Status = "bundled";
                    n.DeliveryId = delivery.Id;
                }

                ids.Add(delivery.Id);
            }

            return Task.FromResult<IReadOnlyList<long>>(ids);
        }
    }

    public Task<DeliveryClaim?> ClaimDeliveryAsync(long deliveryId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!deliveries.TryGetValue(deliveryId, out var d))
            {
                return Task.FromResult<DeliveryClaim?>(null);
            }

            var recovering = d.Status == DeliveryStatus.Sending && d.SendingSince <= now - lease;
            if (!(d.Status == DeliveryStatus.Pending && d.NotBefore <= now) && !recovering)
            {
                return Task.FromResult<DeliveryClaim?>(null);
            }

            var claimed = d with { Status = DeliveryStatus.Sending, SendingSince = now, Attempts = d.Attempts + 1 };
            deliveries[deliveryId] = claimed;
            return Task.FromResult<DeliveryClaim?>(new DeliveryClaim(claimed, recovering, recovering ? d.SendingSince : null));
        }
    }

    public Task<IReadOnlyList<OutboxNotification>> NotificationsAsync(string workspaceId, long deliveryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<OutboxNotification> list = notifications
                .Where(n => n.DeliveryId == deliveryId && n.Note.WorkspaceId == workspaceId && n.Status == "bundled")
                .Select(n => new OutboxNotification(n.Id, n.Note.CommitmentId, n.Note.DueVersion, n.Note.Step, n.Note.CreatedAt, n.Note.DeliverAt, ManagerChangeOf(n.Note)))
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<bool> MarkSentAsync(long deliveryId, string platformMessageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!deliveries.TryGetValue(deliveryId, out var d) || d.Status != DeliveryStatus.Sending)
            {
                return Task.FromResult(false);
            }

            deliveries[deliveryId] = d with { Status = DeliveryStatus.Sent, PlatformMessageId = platformMessageId };
            foreach (var n in notifications.Where(n => n.DeliveryId == deliveryId && n.Status == "bundled"))
            {
                n.Status = "sent";
            }

            return Task.FromResult(true);
        }
    }

    public Task CancelNotificationsAsync(long deliveryId, IReadOnlyCollection<long> notificationIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var n in notifications.Where(n => n.DeliveryId == deliveryId && notificationIds.Contains(n.Id)))
            {
                n.Status = "cancelled";
            }

            if (!notifications.Any(n => n.DeliveryId == deliveryId && n.Status == "bundled") && deliveries.TryGetValue(deliveryId, out var d))
            {
                deliveries[deliveryId] = d with { Status = DeliveryStatus.Cancelled };
            }

            return Task.CompletedTask;
        }
    }

    public Task ReleaseAsync(long deliveryId, DateTimeOffset retryAt, string error, bool giveUp, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (deliveries.TryGetValue(deliveryId, out var d))
            {
                deliveries[deliveryId] = d with { Status = giveUp ? DeliveryStatus.Failed : DeliveryStatus.Pending, NotBefore = StoredTime.Floor(retryAt), SendingSince = null };
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<long> list = deliveries.Values
                .Where(d => (d.Status == DeliveryStatus.Pending && d.NotBefore <= now) || (d.Status == DeliveryStatus.Sending && d.SendingSince <= now - lease))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(max).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<DateTimeOffset?> NextEventAtAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var candidates = commitments.Values.Select(c => c.NextActionAt)
                .Concat(notifications.Where(n => n.Status == "pending").Select(n => (DateTimeOffset?)n.Note.DeliverAt))
                .Concat(deliveries.Values.Where(d => d.Status == DeliveryStatus.Pending).Select(d => (DateTimeOffset?)d.NotBefore))
                .OfType<DateTimeOffset>();
            return Task.FromResult(candidates.Any() ? candidates.Min() : (DateTimeOffset?)null);
        }
    }

    public Task<Delivery?> FindDeliveryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(deliveries.GetValueOrDefault(deliveryId));
        }
    }

    public Task NotificationsWrittenAsync(string workspaceId, CancellationToken cancellationToken)
    {
        Signals++;
        return Task.CompletedTask;
    }

    /// <summary>Test helper: a commitment by short id in a workspace.</summary>
    public Commitment Get(string workspaceId, int number)
    {
        lock (gate)
        {
            return commitments.Values.Single(c => c.WorkspaceId == workspaceId && c.Number == number);
        }
    }
}
