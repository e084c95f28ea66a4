using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Data.Sqlite;

namespace CommitmentBot.Storage.Tests.Engines;

/// <summary>What the connection factory promises about SQLite: WAL, foreign keys, immediate write transactions.</summary>
public sealed class SqliteConnectionTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_UsesWalAndForeignKeys()
    {
        var connection = await database.Connections.OpenAsync(Ct);
        await using (connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
            command.CommandText = "PRAGMA foreign_keys";
            Assert.Equal(1L, (long?)await command.ExecuteScalarAsync(Ct));
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(5000L, (long?)await command.ExecuteScalarAsync(Ct));
        }
    }

    [Fact]
    public async Task BeginWriteAsync_TakesTheWriteLockAtOnce()
    {
        var write = await database.Connections.BeginWriteAsync(Ct);
        await using (write)
        {
            // Another connection (as another process would) cannot start writing while ours is open,
            // though ours has not written anything yet: the transaction began IMMEDIATE, not DEFERRED.
            await using var other = new SqliteConnection(database.Connections.ConnectionString);
            await other.OpenAsync(Ct);
            using var command = other.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 0";
            await command.ExecuteNonQueryAsync(Ct);
            command.CommandText = "BEGIN IMMEDIATE";
            command.CommandTimeout = 1; // Microsoft.Data.Sqlite retries a busy statement until this runs out (0 would wait forever)
            var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync(Ct));
            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        }
    }

    [Fact]
    public async Task Schema_RefusesAnEventOfAnUnknownCommitment()
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => database.Connections.ExecuteWriteAsync(
            "INSERT INTO commitment_events (workspace_id, commitment_id, at, actor_id, kind) VALUES ('W', 987654, 0, 'U1', 'created')",
            null,
            Ct));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT (foreign key)
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=")]
    [InlineData("Mode=Bogus")]
    public void Constructor_ExplainsTheProblem_WhenTheConnectionStringCannotWork(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new DbConnectionFactory(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = connectionString }));

        Assert.Contains("ConnectionStrings:CommitmentBot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakeOverSqliteCheckpoints_StopsCommitsCheckpointing_AndCheckpointSqliteAsyncDoesItInstead()
    {
        var folder = Directory.CreateTempSubdirectory("commitmentbot-checkpoint-");
        try
        {
            var file = Path.Combine(folder.FullName, "bot.db");
            var connections = new DbConnectionFactory(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = $"Data Source={file}" });
            Assert.True(connections.HasSqliteWriteAheadLog);
            Assert.Equal(1000L, await AutoCheckpointPagesAsync(connections));

            connections.TakeOverSqliteCheckpoints();
            Assert.Equal(0L, await AutoCheckpointPagesAsync(connections));

            await connections.ExecuteWriteAsync("CREATE TABLE t (v TEXT NOT NULL)", null, Ct);
            for (var i = 0; i < 20; i++)
            {
                await connections.ExecuteWriteAsync("INSERT INTO t (v) VALUES (@V)", new { V = new string('x', 2000) }, Ct);
            }

            var (logFrames, checkpointed) = await connections.CheckpointSqliteAsync(truncate: false, Ct);
            Assert.True(logFrames >= 20, $"{logFrames} frames in the log");
            Assert.Equal(logFrames, checkpointed);

            await connections.CheckpointSqliteAsync(truncate: true, Ct);
            Assert.Equal(0, new FileInfo(file + "-wal").Length);
            var connection = await connections.OpenAsync(Ct);
            await using (connection)
            {
                using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM t";
                Assert.Equal(20L, (long?)await count.ExecuteScalarAsync(Ct));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void TakeOverSqliteCheckpoints_Refuses_WhenThereIsNoLog()
    {
        var connections = new DbConnectionFactory(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=cb-shared-memory;Mode=Memory;Cache=Shared" });

        Assert.False(connections.HasSqliteWriteAheadLog);
        Assert.Throws<InvalidOperationException>(connections.TakeOverSqliteCheckpoints);
    }

    private static async Task<long> AutoCheckpointPagesAsync(DbConnectionFactory connections)
    {
        var connection = await connections.OpenAsync(Ct);
        await using (connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint";
            return (long)(await command.ExecuteScalarAsync(Ct))!;
        }
    }
}
