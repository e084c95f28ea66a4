using Npgsql;

namespace CommitmentBot.Storage.Tests.Databases;

/// <summary>
/// A uniquely named database on the server named by <c>COMMITMENTBOT_TEST_POSTGRES</c>
/// (<c>eval "$(scripts/postgres.sh start)"</c> sets it).
/// </summary>
public sealed class PostgreSqlDatabase : DatabaseFixture
{
    public const string EnvironmentVariable = "COMMITMENTBOT_TEST_POSTGRES";

    private readonly List<string> created = [];
    private NpgsqlConnectionStringBuilder? server;

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    protected override async Task<StorageOptions> CreateEmptyAsync()
    {
        if (server is null)
        {
            throw new InvalidOperationException("The PostgreSQL server is not configured.");
        }

        var name = "cbtest_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        created.Add(name);
        return new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = DatabaseConnectionString(name) };
    }

    public override async ValueTask DisposeAsync()
    {
        if (server is null)
        {
            return;
        }

        foreach (var name in created)
        {
            await using (var pooled = new NpgsqlConnection(DatabaseConnectionString(name)))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    // The maintenance connection runs unpooled, but the test databases are pooled as the app's are: without a
    // pool every store call would start a server process, and the clock tests would measure that.
    private string DatabaseConnectionString(string name) =>
        new NpgsqlConnectionStringBuilder(server!.ConnectionString) { Database = name, Pooling = true }.ConnectionString;

    protected override async Task<StorageOptions?> CreateDatabaseAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Unavailable(
                RunningInCi
                    ? $"{EnvironmentVariable} is not set, and CI must run the PostgreSQL contract tests: start a server "
                      + "(eval \"$(scripts/postgres.sh start)\") and export its connection string."
                    : $"PostgreSQL tests skipped: {EnvironmentVariable} is not set (eval \"$(scripts/postgres.sh start)\" sets it).",
                required: RunningInCi);
            return null;
        }

        // Create and drop databases from the maintenance database, whatever database the variable names.
        server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        return await CreateEmptyAsync();
    }
}
