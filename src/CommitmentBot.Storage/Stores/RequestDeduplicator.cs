using System.Security.Cryptography;
using System.Text;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>Remembers inbound request keys (Slack event ids and retries, Teams activity ids, double clicks).</summary>
public sealed class RequestDeduplicator(DbConnectionFactory connections) : IRequestDeduplicator
{
    private const int MaxStoredKeyLength = 200;

    /// <inheritdoc />
    public async Task<bool> TryBeginAsync(string workspaceId, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ArgumentException.ThrowIfNullOrEmpty(key);
        var affected = await connections.ExecuteWriteAsync(
            connections.Dialect.InsertRequestKey,
            new { WorkspaceId = workspaceId, RequestKey = StoredKey(key), ReceivedAt = EpochMilliseconds.From(now) },
            cancellationToken).ConfigureAwait(false);
        return affected == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The key is inserted in a write transaction that the work's own store calls join (see <c>RequestUnit</c>), and
    /// committed with them. A second attempt with the same key waits on the first's uncommitted key row (PostgreSQL's
    /// ON CONFLICT, SQL Server's key-range lock, SQLite's single writer) and then finds it stored (a repeat) or gone
    /// (the first rolled back or died: this one runs).
    /// </remarks>
    public async Task<RequestRun<T>> RunOnceAsync<T>(string workspaceId, string key, DateTimeOffset now, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(work);
        var row = new { WorkspaceId = workspaceId, RequestKey = StoredKey(key), ReceivedAt = EpochMilliseconds.From(now) };
        var (claimed, result) = await connections.RunInRequestUnitAsync(
            async transaction => await transaction.ExecuteAsync(connections.Dialect.InsertRequestKey, row, cancellationToken).ConfigureAwait(false) == 1,
            async stop => await connections.QuerySingleOrDefaultAsync<long?>(SharedSql.FindRequestKey, row, stop).ConfigureAwait(false) is not null,
            workspaceId + "\n" + row.RequestKey,
            work,
            cancellationToken).ConfigureAwait(false);
        return claimed ? new RequestRan<T>(result!) : new RequestRepeated<T>();
    }

    /// <summary>Forgets keys received before <paramref name="cutoff"/> (all workspaces); returns how many.</summary>
    public Task<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        connections.ExecuteWriteAsync(SharedSql.DeleteRequestKeysBefore, new { Cutoff = EpochMilliseconds.From(cutoff) }, cancellationToken);

    // Keys come from platform payloads, so their length is not ours to promise; a long one is kept as
    // its SHA-256, which identifies it just as well.
    private static string StoredKey(string key) =>
        key.Length <= MaxStoredKeyLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
