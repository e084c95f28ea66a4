using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CommitmentBot.Storage.Sql;

/// <summary>SQLite speaks the default dialect (ON CONFLICT, RETURNING, LIMIT) unchanged.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static SqliteDialect Instance { get; } = new();

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException
        {
            SqliteErrorCode: SqliteConstraint,
            SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        };
}
