using System.Data.Common;
using Dapper;

namespace CommitmentBot.Storage.Data;

/// <summary>
/// A connection with an open write transaction. Disposing it without <see cref="CommitAsync"/> rolls
/// back, closes the connection and lets the next SQLite writer in. Inside a <see cref="RequestUnit"/> it is a
/// savepoint of the unit's transaction instead: commit keeps its writes for the unit to commit, dispose without
/// commit undoes only them, and the connection stays the unit's.
/// </summary>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly SemaphoreSlim? writeGate;
    private readonly RequestUnit? unit;
    private readonly string? savepoint;
    private bool committed;
    private bool disposed;

    public WriteTransaction(DbConnection connection, DbTransaction transaction, SemaphoreSlim? writeGate)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.writeGate = writeGate;
    }

    private WriteTransaction(RequestUnit unit, string savepoint)
        : this(unit.Transaction.connection, unit.Transaction.transaction, writeGate: null)
    {
        this.unit = unit;
        this.savepoint = savepoint;
    }

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    /// <summary>Opens a savepoint in <paramref name="unit"/>'s transaction.</summary>
    public static async Task<WriteTransaction> NestedAsync(RequestUnit unit, CancellationToken cancellationToken)
    {
        var name = unit.NextSavepoint();
        await unit.RunAsync(async (_, tx) => { await tx.SaveAsync(name, cancellationToken).ConfigureAwait(false); return 0; }, cancellationToken).ConfigureAwait(false);
        return new WriteTransaction(unit, name);
    }

    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        Run(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Run(c => c.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Run(c => c.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Run<IReadOnlyList<T>>(
            async c => (await c.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    /// <summary>Commits. Not cancellable: once the work is done, a late cancellation must not leave the outcome unknown.</summary>
    public async Task CommitAsync()
    {
        if (unit is not null)
        {
            if (unit.ReleasesSavepoints)
            {
                await unit.RunAsync(async (_, tx) => { await tx.ReleaseAsync(savepoint!, CancellationToken.None).ConfigureAwait(false); return 0; }, CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (unit is not null)
        {
            // Undo this store's writes only; the unit's transaction and connection carry on.
            if (!committed)
            {
                await unit.TryRunAsync(async (_, tx) => { await tx.RollbackAsync(savepoint!, CancellationToken.None).ConfigureAwait(false); return 0; }, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            // Disposing an uncommitted transaction rolls it back (ADO.NET contract, all three providers).
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                writeGate?.Release();
            }
        }
    }

    private Task<T> Run<T>(Func<DbConnection, Task<T>> statement, CancellationToken cancellationToken) =>
        unit is null ? statement(connection) : unit.RunAsync((c, _) => statement(c), cancellationToken);
}
