using CommitmentBot.Core.Ports;

namespace CommitmentBot.TestSupport.Stores;

/// <summary>"Not a promise" mutes in memory, with the SQL store's contract (later until wins, scoped by workspace).</summary>
public sealed class InMemoryNoticeMutes : INoticeMuteStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string, string, string), DateTimeOffset> mutes = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return mutes.Count;
            }
        }
    }

    public Task<bool> IsMutedAsync(string workspaceId, string channelId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(mutes.TryGetValue((workspaceId, channelId, userId), out var until) && until > now);
        }
    }

    public Task MuteAsync(string workspaceId, string channelId, string userId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            mutes[(workspaceId, channelId, userId)] = until;
        }

        return Task.CompletedTask;
    }

    public Task<int> DeleteExpiredAsync(string workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var expired = mutes.Where(m => m.Key.Item1 == workspaceId && m.Value <= now).Select(m => m.Key).ToList();
            expired.ForEach(key => mutes.Remove(key));
            return Task.FromResult(expired.Count);
        }
    }
}
