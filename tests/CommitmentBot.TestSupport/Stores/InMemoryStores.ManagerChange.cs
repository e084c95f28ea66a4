using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>Changes of manager, kept like the database keeps them: the change and its notices, or nothing.</summary>
public sealed partial class InMemoryStores : IManagerChangeStore
{
    private readonly Dictionary<long, ManagerChange> managerChanges = [];

    public IReadOnlyList<ManagerChange> ManagerChanges
    {
        get
        {
            lock (gate)
            {
                return [.. managerChanges.OrderBy(p => p.Key).Select(p => p.Value)];
            }
        }
    }

    public Task<bool> ChangeManagerAsync(ManagerChange change, IReadOnlyList<ManagerChangeNotice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(notices);
        lock (gate)
        {
            if (!people.TryGetValue((change.WorkspaceId, change.RepId), out var rep) || rep.ManagerId != change.OldManagerId)
            {
                return Task.FromResult(false);
            }

            people[(change.WorkspaceId, change.RepId)] = rep with { ManagerId = change.NewManagerId };
            var id = ++nextId;
            managerChanges[id] = change with { ChangedAt = StoredTime.Floor(change.ChangedAt) };
            foreach (var notice in notices)
            {
                var note = new NewNotification(change.WorkspaceId, 0, 0, LadderStepKind.ManagerChangeNotice, RecipientKind.User, notice.RecipientId, StoredTime.Floor(change.ChangedAt), StoredTime.Floor(notice.DeliverAt))
                {
                    ManagerChangeId = id,
                };
                notifications.Add(new NotificationRow(++nextId, note));
            }

            return Task.FromResult(true);
        }
    }

    private ManagerChange? ManagerChangeOf(NewNotification note) =>
        note.ManagerChangeId is { } id ? managerChanges.GetValueOrDefault(id) : null;
}
