using Microsoft.Data.Sqlite;

namespace CommitmentBot.Storage.Tests.Databases;

/// <summary>A SQLite file in a temporary folder of its own.</summary>
public sealed class SqliteDatabase : DatabaseFixture
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "commitmentbot-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> connectionStrings = [];

    public override StorageProvider Provider => StorageProvider.Sqlite;

    protected override Task<StorageOptions> CreateEmptyAsync() => Task.FromResult(NewFile());

    public override ValueTask DisposeAsync()
    {
        foreach (var connectionString in connectionStrings)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves litter in the temp folder.
        }

        return ValueTask.CompletedTask;
    }

    protected override Task<StorageOptions?> CreateDatabaseAsync() => Task.FromResult<StorageOptions?>(NewFile());

    private StorageOptions NewFile()
    {
        // The folder does not exist yet: the factory creates it, as it must for the host's data/ folder.
        var path = Path.Combine(folder, $"db{connectionStrings.Count}", "commitmentbot.db");
        var connectionString = $"Data Source={path}";
        connectionStrings.Add(new SqliteConnectionStringBuilder(connectionString) { Pooling = true }.ToString());
        return new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = connectionString };
    }
}
