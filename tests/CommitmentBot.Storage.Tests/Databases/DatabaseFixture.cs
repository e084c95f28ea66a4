using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;

namespace CommitmentBot.Storage.Tests.Databases;

/// <summary>
/// A freshly created, migrated database for one test class, dropped afterwards. A server engine whose
/// connection string is not in the environment is skipped with the reason — except PostgreSQL under
/// CI (<c>CI=true</c>), where a missing server fails the run.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private StorageOptions? options;
    private DbConnectionFactory? connections;
    private string? unavailableReason;
    private bool requiredHere;

    public abstract StorageProvider Provider { get; }

    /// <summary>Options of the migrated database (skips or fails the calling test when the engine is not here).</summary>
    public StorageOptions Options
    {
        get
        {
            EnsureAvailable();
            return options!;
        }
    }

    /// <summary>The connection factory of the migrated database (skips or fails the calling test when the engine is not here).</summary>
    public DbConnectionFactory Connections
    {
        get
        {
            EnsureAvailable();
            return connections!;
        }
    }

    public async ValueTask InitializeAsync()
    {
        options = await CreateDatabaseAsync();
        if (options is null)
        {
            return;
        }

        var result = MigrationRunner.Run(options);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The {Provider} test database could not be migrated: {result.Error}", result.Exception);
        }

        connections = new DbConnectionFactory(options);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Another empty database (no schema), dropped with the fixture (skips or fails like <see cref="Options"/>).</summary>
    public Task<StorageOptions> CreateEmptyDatabaseAsync()
    {
        EnsureAvailable();
        return CreateEmptyAsync();
    }

    protected abstract Task<StorageOptions> CreateEmptyAsync();

    /// <summary>Creates this class's database, or returns null after calling <see cref="Unavailable"/>.</summary>
    protected abstract Task<StorageOptions?> CreateDatabaseAsync();

    protected void Unavailable(string reason, bool required)
    {
        unavailableReason = reason;
        requiredHere = required;
    }

    protected static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private void EnsureAvailable()
    {
        if (unavailableReason is null)
        {
            return;
        }

        if (requiredHere)
        {
            Assert.Fail(unavailableReason);
        }

        Assert.Skip(unavailableReason);
    }
}
