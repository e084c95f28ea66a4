namespace CommitmentBot.Core.Ports;

/// <summary>
/// Where "Not a promise" is remembered: one author in one channel, until an instant. Only the ids are kept, never
/// the message. Every call is scoped to one workspace.
/// </summary>
public interface INoticeMuteStore
{
    /// <summary>True when <paramref name="userId"/> asked not to be noticed in <paramref name="channelId"/> and that has not run out at <paramref name="now"/>.</summary>
    Task<bool> IsMutedAsync(string workspaceId, string channelId, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Mutes (or extends the mute of) <paramref name="userId"/> in <paramref name="channelId"/> until <paramref name="until"/>.</summary>
    Task MuteAsync(string workspaceId, string channelId, string userId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Deletes the workspace's mutes that have run out at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(string workspaceId, DateTimeOffset now, CancellationToken cancellationToken);
}
