using CommitmentBot.Core.Ports;

namespace CommitmentBot.TestSupport.Stores;

// The digest's switch and claims in memory.
public sealed partial class InMemoryStores
{
    private readonly Dictionary<(string, string), bool> digestPrefs = [];
    private readonly HashSet<(string, string, string)> digestClaims = [];

    public Task<bool> IsEnabledAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(!digestPrefs.TryGetValue((workspaceId, userId), out var on) || on);
        }
    }

    public Task<DigestRecipient?> RecipientAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!people.TryGetValue((workspaceId, userId), out var person))
            {
                return Task.FromResult<DigestRecipient?>(null);
            }

            var enabled = !digestPrefs.TryGetValue((workspaceId, userId), out var on) || on;
            var hasReports = people.Values.Any(p => p.WorkspaceId == workspaceId && p.ManagerId == userId);
            return Task.FromResult<DigestRecipient?>(new DigestRecipient(person, enabled, hasReports));
        }
    }

    public Task SetEnabledAsync(string workspaceId, string userId, bool enabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            digestPrefs[(workspaceId, userId)] = enabled;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlySet<string>> DisabledAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlySet<string> off = userIds.Where(u => digestPrefs.TryGetValue((workspaceId, u), out var on) && !on).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(off);
        }
    }

    public Task<IReadOnlyList<DigestClaim>> EnqueueAsync(string workspaceId, IReadOnlyList<string> userIds, string weekKey, DateTimeOffset notBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var claims = new List<DigestClaim>();
            foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
            {
                if (digestClaims.Add((workspaceId, userId, weekKey)))
                {
                    var delivery = new Delivery(++nextId, workspaceId, RecipientKind.User, userId, DeliveryStatus.Pending, 0, Core.Time.StoredTime.Floor(notBefore), null, null, weekKey);
                    deliveries[delivery.Id] = delivery;
                    claims.Add(new DigestClaim(userId, delivery.Id));
                }
            }

            return Task.FromResult<IReadOnlyList<DigestClaim>>(claims);
        }
    }

    public Task<IReadOnlyList<DigestManager>> ListManagersAsync(DigestManager? after, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<DigestManager> list = people.Values
                .Where(p => p.ManagerId is not null)
                .Select(p => new DigestManager(p.WorkspaceId, p.ManagerId!))
                .Distinct()
                .OrderBy(m => m.WorkspaceId, StringComparer.Ordinal).ThenBy(m => m.UserId, StringComparer.Ordinal)
                .Where(m => after is null || string.CompareOrdinal(m.WorkspaceId, after.WorkspaceId) > 0
                    || (m.WorkspaceId == after.WorkspaceId && string.CompareOrdinal(m.UserId, after.UserId) > 0))
                .Take(limit)
                .ToList();
            return Task.FromResult(list);
        }
    }
}
