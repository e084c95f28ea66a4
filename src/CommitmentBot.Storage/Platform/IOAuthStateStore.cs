namespace CommitmentBot.Storage.Platform;

/// <summary>One-time OAuth <c>state</c> values, so an install callback is accepted only for a flow this app started.</summary>
public interface IOAuthStateStore
{
    /// <summary>Records a new state valid until <paramref name="expiresAt"/>.</summary>
    Task CreateAsync(string state, DateTimeOffset createdAt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Uses up the state: true once for a known state that has not expired at <paramref name="now"/>;
    /// false for an unknown, expired or already consumed one.
    /// </summary>
    Task<bool> TryConsumeAsync(string state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes states expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
