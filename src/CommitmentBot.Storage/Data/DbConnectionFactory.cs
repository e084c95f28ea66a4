using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommitmentBot.Storage.Data;

/// <summary>
/// Opens connections to the configured engine and starts write transactions. One instance per
/// database (register it as a singleton); every store takes it.
/// </summary>
/// <remarks>
/// SQLite allows one writer at a time. Rather than let concurrent writers collide and wait in
/// SQLite's busy handler (Microsoft.Data.Sqlite itself retries busy statements only every 150 ms, which
/// would wreck the create path's latency), writes in this process queue on a semaphore per database
/// file and each write transaction starts with <c>BEGIN IMMEDIATE</c>; <c>busy_timeout</c> covers any
/// other process. Readers never wait: the database runs in WAL mode.
/// </remarks>
public sealed class DbConnectionFactory
{
    // One gate per database file, shared by every factory in the process that points at it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriteGates = new(StringComparer.Ordinal);

    // Per connection (pooled connections keep them, but a pooled connection cannot be told from a new one,
    // and three pragmas cost a few microseconds). synchronous=NORMAL is durable across application crashes
    // in WAL mode; only an OS crash or power loss can drop the last commits. That is the embedded default's
    // trade for a create path measured in tenths of a millisecond; production runs on SQL Server.
    private const string SqliteConnectionPragmas =
        "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

    // Once a background checkpointer has taken over: no commit pays for a checkpoint (SQLite's automatic one
    // runs inside whichever commit crosses 1,000 WAL pages and fsyncs the database file, ~10 ms on the create path).
    private const string SqliteConnectionPragmasNoAutoCheckpoint = SqliteConnectionPragmas + " PRAGMA wal_autocheckpoint = 0;";

    // The request unit the current flow works in, if any (see RequestUnit): store calls on its database join it.
    private static readonly AsyncLocal<RequestUnit?> CurrentUnit = new();

    private readonly SemaphoreSlim? writeGate;
    private readonly string? sqliteFilePath;
    private int sqliteDatabasePrepared;
    private volatile bool checkpointsTakenOver;

    /// <summary>Creates the factory; throws <see cref="ArgumentException"/> with the configuration key to fix when the options are unusable.</summary>
    public DbConnectionFactory(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Provider = options.Provider;
        Dialect = options.Provider switch
        {
            StorageProvider.Sqlite => SqliteDialect.Instance,
            StorageProvider.PostgreSql => PostgreSqlDialect.Instance,
            _ => SqlServerDialect.Instance,
        };

        if (options.Provider == StorageProvider.Sqlite)
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true };
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"ConnectionStrings:CommitmentBot is not a valid SQLite connection string: {ex.Message}", nameof(options), ex);
            }

            // Every operation opens its own connection, so a private in-memory or temporary database
            // would be a new, empty one each time. A shared in-memory database (Mode=Memory;Cache=Shared)
            // works while someone keeps a connection to it open.
            if (builder.DataSource.Length == 0
                || (builder.Mode != SqliteOpenMode.Memory && string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)))
            {
                throw new ArgumentException(
                    "ConnectionStrings:CommitmentBot names no SQLite file; use e.g. 'Data Source=data/commitmentbot.db'.",
                    nameof(options));
            }

            sqliteFilePath = builder.Mode == SqliteOpenMode.Memory ? null : Path.GetFullPath(builder.DataSource);
            ConnectionString = builder.ToString();
            writeGate = SqliteWriteGates.GetOrAdd(sqliteFilePath ?? ConnectionString, _ => new SemaphoreSlim(1, 1));
        }
        else if (options.Provider == StorageProvider.PostgreSql)
        {
            ConnectionString = WithAutoPrepare(options.ConnectionString);
        }
        else
        {
            ConnectionString = options.ConnectionString;
        }

        RowTypeMaps.Register();
    }

    /// <summary>
    /// The app runs a few hundred fixed statement texts, so on PostgreSQL Npgsql prepares each one used twice on a pooled
    /// connection and the server parses and plans it once instead of on every call (the weekly digest run spent about a
    /// third of the database's CPU planning). A connection string that sets <c>Max Auto Prepare</c> itself keeps its
    /// value: 0 turns it off, as a transaction-mode connection pooler in front of the server needs.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"ConnectionStrings:CommitmentBot is not a valid PostgreSQL connection string: {ex.Message}", nameof(connectionString), ex);
        }

        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = 256;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>The engine.</summary>
    public StorageProvider Provider { get; }

    internal SqlDialect Dialect { get; }

    internal string ConnectionString { get; }

    /// <summary>
    /// True inside a request's transaction. There a failed statement is not simply retried or answered: on PostgreSQL it
    /// spoils the rest of the transaction unless it ran inside a savepoint (a <see cref="BeginWriteAsync"/>).
    /// </summary>
    internal bool InRequestUnit => Unit is not null;

    /// <summary>The open request unit of this flow on this database, or null.</summary>
    private RequestUnit? Unit => CurrentUnit.Value is { } unit && unit.Serves(ConnectionString) ? unit : null;

    /// <summary>
    /// Runs <paramref name="work"/> inside one write transaction that <paramref name="claim"/> opens (it inserts the
    /// request key; false means the key was already stored and nothing runs). Every store call the work makes on this
    /// database joins the transaction, so the claim and the work's effects commit together or not at all: an exception
    /// rolls both back, and so does the engine when a killed process's connection drops. Claimed is false for a repeat.
    /// </summary>
    /// <remarks>
    /// On SQLite the transaction opens at the work's first write instead (see <see cref="RequestUnit.Deferred"/>):
    /// SQLite has one writer at a time, and holding it through a whole command's reads made commands queue behind one
    /// another. The key is still inserted first on that transaction and commits with the work's writes; a repeat is
    /// found before the work runs (<paramref name="stored"/>), and an attempt of the same key in flight in this process
    /// is waited for first, so a retry during an attempt still waits for its outcome.
    /// </remarks>
    internal async Task<(bool Claimed, T? Result)> RunInRequestUnitAsync<T>(
        Func<WriteTransaction, Task<bool>> claim,
        Func<CancellationToken, Task<bool>> stored,
        string key,
        Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        if (Unit is not null)
        {
            throw new InvalidOperationException("A request's work cannot start another request's: it already runs in one transaction.");
        }

        if (writeGate is not null)
        {
            return await RunInDeferredUnitAsync(claim, stored, key, work, cancellationToken).ConfigureAwait(false);
        }

        var transaction = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await claim(transaction).ConfigureAwait(false))
            {
                return (false, default);
            }

            var unit = new RequestUnit(ConnectionString, transaction, releasesSavepoints: Provider != StorageProvider.SqlServer);
            var outer = CurrentUnit.Value;
            CurrentUnit.Value = unit;
            T result;
            try
            {
                result = await work(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                CurrentUnit.Value = outer;
                await unit.CloseAsync().ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            await unit.RunDeferredAsync().ConfigureAwait(false);
            return (true, result);
        }
    }

    // Request keys whose attempt is in flight in this process, per SQLite database: a retry waits for the attempt's outcome.
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> KeysInFlight = new(StringComparer.Ordinal);

    private async Task<(bool Claimed, T? Result)> RunInDeferredUnitAsync<T>(
        Func<WriteTransaction, Task<bool>> claim,
        Func<CancellationToken, Task<bool>> stored,
        string key,
        Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var slot = (sqliteFilePath ?? ConnectionString) + "\n" + key;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (KeysInFlight.GetOrAdd(slot, mine) is { } other && other != mine)
        {
            await other.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        WriteTransaction? transaction = null;
        try
        {
            if (await stored(cancellationToken).ConfigureAwait(false))
            {
                return (false, default);
            }

            var unit = RequestUnit.Deferred(ConnectionString, releasesSavepoints: true, async stop =>
            {
                var begun = await BeginOwnWriteAsync(stop).ConfigureAwait(false);
                if (await claim(begun).ConfigureAwait(false))
                {
                    return transaction = begun;
                }

                await begun.DisposeAsync().ConfigureAwait(false);
                return null;
            });
            var outer = CurrentUnit.Value;
            CurrentUnit.Value = unit;
            T result;
            try
            {
                try
                {
                    result = await work(cancellationToken).ConfigureAwait(false);
                }
                catch (RequestRepeatedException) when (unit.Repeated)
                {
                    return (false, default);
                }

                if (unit.Repeated)
                {
                    return (false, default); // the work caught the refusal of its first write and went on: nothing of it is kept
                }

                // A request whose work wrote nothing still keeps its key, so its retry is a repeat.
                try
                {
                    await unit.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RequestRepeatedException)
                {
                    return (false, default);
                }
            }
            finally
            {
                CurrentUnit.Value = outer;
                await unit.CloseAsync().ConfigureAwait(false);
            }

            await unit.Transaction.CommitAsync().ConfigureAwait(false);
            await unit.RunDeferredAsync().ConfigureAwait(false);
            return (true, result);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            KeysInFlight.TryRemove(new KeyValuePair<string, TaskCompletionSource>(slot, mine));
            mine.TrySetResult();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> now or, when this flow is inside a request's transaction on this database, once
    /// that has committed (and never if it rolls back): for telling others about writes they could not see before.
    /// </summary>
    public Task AfterCommitAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Unit is { } unit)
        {
            unit.Defer(action);
            return Task.CompletedTask;
        }

        return action();
    }

    /// <summary>Opens and closes a connection: null when the database answers, else what went wrong (for health checks).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch (DbException ex)
        {
            return ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>True for a SQLite database in a file, whose write-ahead log needs checkpointing.</summary>
    public bool HasSqliteWriteAheadLog => sqliteFilePath is not null;

    /// <summary>
    /// From now on connections leave checkpointing to the caller, who must then call
    /// <see cref="CheckpointSqliteAsync"/> regularly (the host's checkpoint service does, every second).
    /// </summary>
    public void TakeOverSqliteCheckpoints()
    {
        if (!HasSqliteWriteAheadLog)
        {
            throw new InvalidOperationException("Only a SQLite database in a file has a write-ahead log to checkpoint.");
        }

        checkpointsTakenOver = true;
    }

    /// <summary>
    /// Copies the write-ahead log into the database file without waiting for readers or writers (a
    /// PASSIVE checkpoint; with <paramref name="truncate"/>, one that waits and empties the log, for shutdown).
    /// Returns the log's frames and how many of them are now in the database file.
    /// </summary>
    public async Task<(int LogFrames, int CheckpointedFrames)> CheckpointSqliteAsync(bool truncate, CancellationToken cancellationToken)
    {
        if (!HasSqliteWriteAheadLog)
        {
            return (0, 0);
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = truncate ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (reader.GetInt32(1), reader.GetInt32(2));
        }
    }

    /// <summary>Opens a connection for reading (or for a single autocommit statement on a server engine).</summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (writeGate is not null)
        {
            PrepareSqliteDatabase();
        }

        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (writeGate is not null)
            {
                using var pragmas = connection.CreateCommand();
                pragmas.CommandText = checkpointsTakenOver ? SqliteConnectionPragmasNoAutoCheckpoint : SqliteConnectionPragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts a write transaction: <c>BEGIN IMMEDIATE</c> behind the process's write gate on SQLite,
    /// READ COMMITTED on PostgreSQL and SQL Server. Dispose without committing to roll back.
    /// </summary>
    /// <remarks>
    /// The SQLite gate is not reentrant: while holding a write transaction, do not call anything else that
    /// writes through this factory (another store's method) — do the work on the transaction instead.
    /// </remarks>
    internal async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        if (Unit is { } unit)
        {
            await unit.StartAsync(cancellationToken).ConfigureAwait(false);
            return await WriteTransaction.NestedAsync(unit, cancellationToken).ConfigureAwait(false);
        }

        return await BeginOwnWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A write transaction of its own, whatever unit the flow is in.</summary>
    private async Task<WriteTransaction> BeginOwnWriteAsync(CancellationToken cancellationToken)
    {
        if (writeGate is not null)
        {
            await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Microsoft.Data.Sqlite's BeginTransaction(deferred: false) issues BEGIN IMMEDIATE, so the
                // write lock is taken up front instead of on the first write (which could fail as busy).
                DbTransaction transaction = connection is SqliteConnection sqlite
                    ? sqlite.BeginTransaction(deferred: false)
                    : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                return new WriteTransaction(connection, transaction, writeGate);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            writeGate?.Release();
            throw;
        }
    }

    /// <summary>Runs one query and buffers its rows.</summary>
    internal async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (Unit is { } unit)
        {
            var (ran, rows) = await unit.TryRunAsync(
                async (c, tx) => (await c.QueryAsync<T>(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
                cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                return rows!;
            }
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return rows.AsList();
        }
    }

    /// <summary>Runs one query expected to return at most one row.</summary>
    internal async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (Unit is { } unit)
        {
            var (ran, row) = await unit.TryRunAsync(
                (c, tx) => c.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                return row;
            }
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
    }

    /// <summary>Runs one writing statement on its own (autocommit) and returns the rows it affected.</summary>
    internal async Task<int> ExecuteWriteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (Unit is { } unit)
        {
            await unit.StartAsync(cancellationToken).ConfigureAwait(false);
            var (ran, affected) = await unit.TryRunAsync(
                (c, tx) => c.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                return affected;
            }
        }

        if (writeGate is not null)
        {
            await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            writeGate?.Release();
        }
    }

    /// <summary>
    /// Holds the SQLite write gate until disposed, so nothing else in this process writes meanwhile
    /// (the migration runner, whose engine opens connections of its own). Null for server engines.
    /// </summary>
    internal IDisposable? HoldSqliteWriteGate()
    {
        if (writeGate is null)
        {
            return null;
        }

        writeGate.Wait();
        return new GateRelease(writeGate);
    }

    /// <summary>
    /// Once per factory: creates the database file's folder and switches the file to WAL (a setting the
    /// file keeps, so later opens need not repeat it).
    /// </summary>
    internal void PrepareSqliteDatabase()
    {
        if (sqliteFilePath is null || Volatile.Read(ref sqliteDatabasePrepared) == 1)
        {
            return;
        }

        var folder = Path.GetDirectoryName(sqliteFilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using (var connection = new SqliteConnection(ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        Volatile.Write(ref sqliteDatabasePrepared, 1);
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
