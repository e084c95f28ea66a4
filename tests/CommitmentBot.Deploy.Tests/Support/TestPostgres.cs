using Npgsql;

namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>
/// Throwaway databases on the server in <c>COMMITMENTBOT_TEST_POSTGRES</c> (<c>eval "$(bash scripts/postgres.sh start)"</c>):
/// a test without it is skipped, or fails under CI.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "COMMITMENTBOT_TEST_POSTGRES";

    /// <summary>The server's connection string (skips or fails the test when there is none).</summary>
    public static string Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Repository.Unavailable($"{Variable} is not set: start a PostgreSQL server (eval \"$(bash scripts/postgres.sh start)\").");
        }

        return server!;
    }

    /// <summary>The server's connection string pointed at <paramref name="database"/> (which need not exist yet).</summary>
    public static string For(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    public static async Task DropAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string UniqueName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..12];
}
