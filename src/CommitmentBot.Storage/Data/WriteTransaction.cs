using System.Data.Common;
using Dapper;

namespace CommitmentBot.Storage.Data;

/// <summary>
/// A connection with an open write transaction. Disposing it without <see cref="CommitAsync"/> rolls
/// back, closes the connection and lets the next SQLite writer in.
/// </summary>
internal sealed class WriteTransaction(DbConnection connection, DbTransaction transaction, SemaphoreSlim? writeGate)
    : IAsyncDisposable
{
    private bool disposed;

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false)).AsList();

    /// <summary>Commits. Not cancellable: once the work is done, a late cancellation must not leave the outcome unknown.</summary>
    public Task CommitAsync() => transaction.CommitAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
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
}
