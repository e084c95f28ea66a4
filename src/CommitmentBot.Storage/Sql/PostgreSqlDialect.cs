using System.Data.Common;
using Npgsql;

namespace CommitmentBot.Storage.Sql;

/// <summary>PostgreSQL: the default dialect, with list parameters as arrays and an advisory lock for migrations.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>The advisory lock key migrations take ("CMTBOT" in ASCII), the same on every instance.</summary>
    public const long MigrationLockKey = 0x434D54424F54;

    public static PostgreSqlDialect Instance { get; } = new();

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override string? AcquireMigrationLock => "SELECT pg_advisory_lock(@LockKey)";

    public override string? ReleaseMigrationLock => "SELECT pg_advisory_unlock(@LockKey)";

    // Data-modifying CTEs run as one atomic statement: a unique violation (a repeated client request id)
    // undoes the counter increment too.
    public override string? CreateCommitmentInOneStatement { get; } =
        "WITH n AS (" + TakeNextNumberSql + " AS number), "
        + "c AS (INSERT INTO commitments (" + InsertCommitmentColumns + ") SELECT "
        + InsertCommitmentValues.Replace("@Number", "n.number", StringComparison.Ordinal) + " FROM n RETURNING id, number), "
        + "e AS (INSERT INTO commitment_events (workspace_id, commitment_id, at, actor_id, kind, note) "
        + "SELECT @WorkspaceId, c.id, @EventAt, @EventActorId, @EventKind, @EventNote FROM c) "
        + "SELECT id, number FROM c";

    protected override string InList(string column, string parameter) => column + " = ANY(@" + parameter + ")";

    protected override string LockSkipLockedSuffix => " FOR UPDATE SKIP LOCKED";
}
