using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.People;

namespace CommitmentBot.Core.Ports;

/// <summary>Commitments and their history. Every call is scoped to one workspace.</summary>
public interface ICommitmentStore
{
    /// <summary>
    /// Stores a new commitment and its creation event in one transaction, assigning the next
    /// per-workspace number. When <see cref="Commitment.ClientRequestId"/> is set and a commitment
    /// with that id already exists in the workspace, nothing is written and that one is returned
    /// with <c>Created = false</c>.
    /// </summary>
    Task<(Commitment Commitment, bool Created)> CreateAsync(Commitment draft, CommitmentEvent created, CancellationToken cancellationToken);

    /// <summary>Finds a commitment by its per-workspace number.</summary>
    Task<Commitment?> FindByNumberAsync(string workspaceId, int number, CancellationToken cancellationToken);

    /// <summary>Finds a commitment by storage key.</summary>
    Task<Commitment?> FindAsync(string workspaceId, long id, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="updated"/> if the stored row still has <c>updated.Version</c>, appending
    /// <paramref name="events"/> and writing <paramref name="notifications"/> to the outbox in the
    /// same transaction. Returns the saved commitment (with its new version), or null when someone
    /// else changed it first (nothing written).
    /// </summary>
    Task<Commitment?> UpdateAsync(
        Commitment updated,
        IReadOnlyList<CommitmentEvent> events,
        IReadOnlyList<NewNotification> notifications,
        CancellationToken cancellationToken);

    /// <summary>Active (open, at risk, renegotiated) commitments of the given owners, soonest due first.</summary>
    Task<IReadOnlyList<Commitment>> ListActiveByOwnersAsync(
        string workspaceId,
        IReadOnlyCollection<string> ownerIds,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>Closed commitments of the given owners (all owners when null) that closed in [since, until).</summary>
    Task<IReadOnlyList<Commitment>> ListClosedAsync(
        string workspaceId,
        IReadOnlyCollection<string>? ownerIds,
        DateTimeOffset since,
        DateTimeOffset until,
        CancellationToken cancellationToken);

    /// <summary>The commitment's history, oldest first.</summary>
    Task<IReadOnlyList<CommitmentEvent>> HistoryAsync(string workspaceId, long commitmentId, CancellationToken cancellationToken);
}

/// <summary>People and who reports to whom. Every call is scoped to one workspace.</summary>
public interface IPeopleStore
{
    /// <summary>Finds a person.</summary>
    Task<Person?> FindAsync(string workspaceId, string userId, CancellationToken cancellationToken);

    /// <summary>Finds several people; unknown ids are left out.</summary>
    Task<IReadOnlyList<Person>> FindManyAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a person.</summary>
    Task UpsertAsync(Person person, CancellationToken cancellationToken);

    /// <summary>The people whose manager is <paramref name="managerId"/>.</summary>
    Task<IReadOnlyList<Person>> ListReportsAsync(string workspaceId, string managerId, CancellationToken cancellationToken);

    /// <summary>The workspace's admins.</summary>
    Task<IReadOnlyList<Person>> ListAdminsAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Everyone in the workspace, by user id, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Person>> ListAsync(string workspaceId, int limit, CancellationToken cancellationToken);
}

/// <summary>Workspace settings.</summary>
public interface IWorkspaceStore
{
    /// <summary>The stored settings, or null when the workspace has none yet.</summary>
    Task<WorkspaceSettings?> FindAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts (when <c>Version</c> is 0) or updates (when the stored version matches) the settings.
    /// Returns the saved settings with the new version, or null on a version conflict.
    /// </summary>
    Task<WorkspaceSettings?> SaveAsync(WorkspaceSettings settings, CancellationToken cancellationToken);
}

/// <summary>Remembers inbound request keys so a retried request is answered once (Slack retries, Teams activity ids, double clicks).</summary>
public interface IRequestDeduplicator
{
    /// <summary>
    /// Records <paramref name="key"/>; true the first time, false when it was seen before. For keys whose use is
    /// the record itself (a one-time OAuth state); work that a key guards goes through <see cref="RunOnceAsync{T}"/>.
    /// </summary>
    Task<bool> TryBeginAsync(string workspaceId, string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> unless a run for <paramref name="key"/> already finished. The key is kept only
    /// with the work's effects: they are stored together, so an attempt that dies or throws part-way leaves neither
    /// and a retry with the same key runs the work again, while a retry after a finished run is a
    /// <see cref="RequestRepeated{T}"/>. A retry that arrives while an attempt is still running waits for its end.
    /// </summary>
    Task<RequestRun<T>> RunOnceAsync<T>(string workspaceId, string key, DateTimeOffset now, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IRequestDeduplicator.RunOnceAsync{T}"/> did: <see cref="RequestRan{T}"/> or <see cref="RequestRepeated{T}"/>.</summary>
public abstract record RequestRun<T>;

/// <summary>The work ran (the first time, or again after an attempt that did not finish) and its effects were kept with the key.</summary>
/// <param name="Result">What the work returned.</param>
public sealed record RequestRan<T>(T Result) : RequestRun<T>;

/// <summary>A run for this key had already finished: nothing ran.</summary>
public sealed record RequestRepeated<T> : RequestRun<T>;
