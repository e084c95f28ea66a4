using Microsoft.Data.SqlClient;

namespace CommitmentBot.Storage.Tests.Databases;

/// <summary>A uniquely named database on the server named by <c>COMMITMENTBOT_TEST_SQLSERVER</c>, when set.</summary>
public sealed class SqlServerDatabase : DatabaseFixture
{
    public const string EnvironmentVariable = "COMMITMENTBOT_TEST_SQLSERVER";

    private readonly List<string> created = [];
    private SqlConnectionStringBuilder? server;

    public override StorageProvider Provider => StorageProvider.SqlServer;

    protected override async Task<StorageOptions> CreateEmptyAsync()
    {
        if (server is null)
        {
            throw new InvalidOperationException("The SQL Server is not configured.");
        }

        var name = "cbtest_" + Guid.NewGuid().ToString("N");
        await using (var connection = new SqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        created.Add(name);
        var builder = new SqlConnectionStringBuilder(server.ConnectionString) { InitialCatalog = name, Pooling = true };
        return new StorageOptions { Provider = StorageProvider.SqlServer, ConnectionString = builder.ConnectionString };
    }

    public override async ValueTask DisposeAsync()
    {
        if (server is null)
        {
            return;
        }

        foreach (var name in created)
        {
            await using (var pooled = new SqlConnection(new SqlConnectionStringBuilder(server.ConnectionString) { InitialCatalog = name, Pooling = true }.ConnectionString))
            {
                SqlConnection.ClearPool(pooled);
            }

            await using var connection = new SqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new SqlCommand(
                $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END",
                connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    protected override async Task<StorageOptions?> CreateDatabaseAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Unavailable($"SQL Server tests skipped: {EnvironmentVariable} is not set.", required: false);
            return null;
        }

        server = new SqlConnectionStringBuilder(connectionString) { InitialCatalog = "master", Pooling = false };
        return await CreateEmptyAsync();
    }
}
