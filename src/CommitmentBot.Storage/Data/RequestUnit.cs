using System.Data.Common;

namespace CommitmentBot.Storage.Data;

/// <summary>
/// The one write transaction of an inbound request that a request key guards: the key is inserted on it first, and
/// every store call the request's work makes through a <see cref="DbConnectionFactory"/> on the same database runs on
/// it too (a store's own transaction becomes a savepoint). So the key and the work's effects commit together, and a
/// process that dies part-way leaves neither: the engine rolls the open transaction back when the connection drops.
/// </summary>
/// <remarks>
/// The flow's store calls find the unit through an <see cref="AsyncLocal{T}"/>, so a task the work starts inherits
/// it: statements are taken one at a time (a connection runs one command at a time), and once the unit has ended a
/// late task's calls go back to connections of their own.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The semaphore holds no OS handle unless its wait handle is read, and a late task may still wait on it after the unit ends.")]
internal sealed class RequestUnit(string connectionString, WriteTransaction? transaction, bool releasesSavepoints)
{
    private readonly SemaphoreSlim statements = new(1, 1);
    private Func<CancellationToken, Task<WriteTransaction?>>? start;
    private readonly List<Func<Task>> afterCommit = [];
    private readonly Lock gate = new();
    private int savepoints;
    private volatile bool open = true;

    /// <summary>
    /// A unit whose transaction opens at the work's first write (or when the work ends without one), not before:
    /// <paramref name="begin"/> opens it and stores the request key, or returns null when the key was stored already.
    /// Until then the work's reads run on connections of their own, so on SQLite, where one writer at a time holds
    /// the database, the reads and the thinking of a command do not keep every other command waiting.
    /// </summary>
    public static RequestUnit Deferred(string connectionString, bool releasesSavepoints, Func<CancellationToken, Task<WriteTransaction?>> begin) =>
        new(connectionString, null, releasesSavepoints) { start = begin };

    /// <summary>The unit's own transaction (the request key's); only once it has started.</summary>
    public WriteTransaction Transaction => transaction ?? throw new InvalidOperationException("The request's transaction has not started.");

    /// <summary>True once the transaction is open (a deferred unit's after its first write).</summary>
    public bool Started => transaction is not null;

    /// <summary>True when a deferred unit found, on starting, that its request key was stored already.</summary>
    public bool Repeated { get; private set; }

    /// <summary>
    /// Opens a deferred unit's transaction (the key first) if it is not open yet. Throws
    /// <see cref="RequestRepeatedException"/> when the key was stored meanwhile: the work must not write.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null && !Repeated)
        {
            return;
        }

        await statements.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Repeated && transaction is null && open && start is not null)
            {
                transaction = await start(cancellationToken).ConfigureAwait(false);
                Repeated = transaction is null;
            }
        }
        finally
        {
            statements.Release();
        }

        if (Repeated)
        {
            throw new RequestRepeatedException();
        }
    }

    /// <summary>False on SQL Server, which has no RELEASE: a savepoint there simply lasts until the transaction ends.</summary>
    public bool ReleasesSavepoints => releasesSavepoints;

    /// <summary>True while the unit is open and on the database of <paramref name="factoryConnectionString"/>.</summary>
    public bool Serves(string factoryConnectionString) => open && string.Equals(connectionString, factoryConnectionString, StringComparison.Ordinal);

    /// <summary>
    /// Runs one statement (or a savepoint command) on the unit's connection, after any other in flight. Ran is false
    /// when the unit ended meanwhile: the caller runs the statement on a connection of its own.
    /// </summary>
    public async Task<(bool Ran, T? Result)> TryRunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> statement, CancellationToken cancellationToken)
    {
        await statements.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return open && transaction is not null ? (true, await statement(transaction.Connection, transaction.Transaction).ConfigureAwait(false)) : (false, default);
        }
        finally
        {
            statements.Release();
        }
    }

    /// <summary>Runs a statement that belongs to the unit (a nested transaction's): the unit must still be open.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> statement, CancellationToken cancellationToken)
    {
        var (ran, result) = await TryRunAsync(statement, cancellationToken).ConfigureAwait(false);
        return ran ? result! : throw new InvalidOperationException("The request's transaction ended while a store was still writing on it.");
    }

    /// <summary>A savepoint name unique within the unit.</summary>
    public string NextSavepoint() => "cb_unit_" + Interlocked.Increment(ref savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Keeps <paramref name="action"/> until the unit commits (it is dropped if the unit rolls back).</summary>
    public void Defer(Func<Task> action)
    {
        lock (gate)
        {
            afterCommit.Add(action);
        }
    }

    /// <summary>Waits for a statement in flight, then sends every later call elsewhere: the transaction is about to end.</summary>
    public async Task CloseAsync()
    {
        await statements.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        open = false;
        statements.Release();
    }

    /// <summary>Runs what waited for the commit, in order.</summary>
    public async Task RunDeferredAsync()
    {
        List<Func<Task>> actions;
        lock (gate)
        {
            actions = [.. afterCommit];
            afterCommit.Clear();
        }

        foreach (var action in actions)
        {
            await action().ConfigureAwait(false);
        }
    }
}

/// <summary>Thrown into a request's work when its key turned out to be stored already (a repeat): nothing it does is kept.</summary>
internal sealed class RequestRepeatedException() : InvalidOperationException("This request was handled already.");
