using System.Data.Common;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Sql;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CommitmentBot.Storage.Migrations;

/// <summary>The outcome of a migration run.</summary>
/// <param name="Succeeded">True when the schema is up to date.</param>
/// <param name="AppliedScripts">The scripts run this time (empty when there was nothing to do).</param>
/// <param name="Error">What went wrong, naming the script, or null.</param>
/// <param name="Exception">The underlying exception, if any, for logging.</param>
public sealed record MigrationResult(bool Succeeded, IReadOnlyList<string> AppliedScripts, string? Error, Exception? Exception = null)
{
    internal static MigrationResult Failed(string error, Exception? exception = null) => new(false, [], error, exception);
}

/// <summary>
/// Brings the schema up to date with the embedded scripts of the configured engine
/// (<c>Migrations/&lt;Engine&gt;/NNNN_name.sql</c>, run in name order, journaled in <c>schema_versions</c>).
/// </summary>
/// <remarks>
/// Several instances may start at once against PostgreSQL or SQL Server, so the run holds an exclusive
/// lock for its whole length (<c>pg_advisory_lock</c> / <c>sp_getapplock</c>, on a connection of its own);
/// the second instance waits, then finds nothing left to do. An embedded SQLite file has one instance.
/// </remarks>
public static class MigrationRunner
{
    private const string JournalTable = "schema_versions";
    private const string MigrationLockName = "commitmentbot:migrations";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs the pending scripts. Never throws for a database problem: the result says what failed.
    /// <paramref name="createDatabase"/> first creates the database named in the connection string when the server
    /// lacks it (the account needs the right to; a fresh SQL Server container has no application database).
    /// </summary>
    public static MigrationResult Run(StorageOptions options, ILogger? logger = null, bool createDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = options.Validate();
        if (problem is not null)
        {
            return MigrationResult.Failed(problem);
        }

        try
        {
            if (createDatabase)
            {
                EnsureDatabaseExists(options, logger);
            }

            var connections = new DbConnectionFactory(options);
            return options.Provider == StorageProvider.Sqlite
                ? RunSqlite(connections, logger)
                : RunLocked(connections, logger);
        }
        catch (Exception ex) when (ex is DbException or ArgumentException or InvalidOperationException or TimeoutException or IOException)
        {
            return MigrationResult.Failed($"Could not migrate the {options.Provider} database: {ex.Message}", ex);
        }
    }

    private static void EnsureDatabaseExists(StorageOptions options, ILogger? logger)
    {
        IUpgradeLog log = logger is null ? new NoOpUpgradeLog() : new MicrosoftUpgradeLog(logger);
        switch (options.Provider)
        {
            case StorageProvider.PostgreSql:
                EnsureDatabase.For.PostgresqlDatabase(options.ConnectionString, log);
                break;
            case StorageProvider.SqlServer:
                EnsureDatabase.For.SqlDatabase(options.ConnectionString, log, (int)ScriptTimeout.TotalSeconds);
                break;
            default:
                break; // SQLite creates its file on first open
        }
    }

    /// <summary>The embedded script names for an engine, in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames(StorageProvider provider)
    {
        var prefix = ScriptPrefix(provider);
        return typeof(MigrationRunner).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static MigrationResult RunSqlite(DbConnectionFactory connections, ILogger? logger)
    {
        // Two runs in one process (tests, or a host that migrates twice) take turns; another process on the
        // same file is not expected for an embedded database.
        using var gate = connections.HoldSqliteWriteGate();
        connections.PrepareSqliteDatabase();
        return Upgrade(To(connections), StorageProvider.Sqlite, logger);
    }

    private static MigrationResult RunLocked(DbConnectionFactory connections, ILogger? logger)
    {
        var dialect = connections.Dialect;
        var isPostgres = dialect.Provider == StorageProvider.PostgreSql;

        // The lock lives on an unpooled connection of its own, so closing it really ends the session
        // (and with it the lock) even if the explicit release below never runs.
        using var lockConnection = dialect.CreateConnection(WithoutPooling(connections));
        lockConnection.Open();
        object lockParameters = isPostgres
            ? new { LockKey = PostgreSqlDialect.MigrationLockKey }
            : new { LockName = MigrationLockName, TimeoutMs = (int)LockWait.TotalMilliseconds };
        var granted = lockConnection.ExecuteScalar<int?>(new CommandDefinition(
            dialect.AcquireMigrationLock!,
            lockParameters,
            commandTimeout: (int)LockWait.TotalSeconds + 30));
        if (!isPostgres && granted is null or < 0)
        {
            return MigrationResult.Failed(
                $"Another instance held the migration lock for more than {LockWait.TotalMinutes} minutes (sp_getapplock returned {granted}).");
        }

        try
        {
            return Upgrade(To(connections), dialect.Provider, logger);
        }
        finally
        {
            lockConnection.Execute(new CommandDefinition(dialect.ReleaseMigrationLock!, lockParameters));
        }
    }

    private static MigrationResult Upgrade(UpgradeEngineBuilder builder, StorageProvider provider, ILogger? logger)
    {
        builder = WithOurScripts(builder, provider, logger);
        DatabaseUpgradeResult result = builder.Build().PerformUpgrade();
        var applied = result.Scripts.Select(s => s.Name).ToList();
        if (result.Successful)
        {
            return new MigrationResult(true, applied, null);
        }

        var script = result.ErrorScript?.Name ?? "(before any script ran)";
        return new MigrationResult(
            false,
            applied,
            $"Migration of the {provider} database failed in {script}: {result.Error?.Message}",
            result.Error);
    }

    /// <summary>
    /// The embedded scripts not yet applied to the database (empty when the schema is current). Reads the journal only;
    /// throws when the database cannot be reached. The readiness probe asks this where the app does not migrate itself.
    /// </summary>
    public static IReadOnlyList<string> PendingScripts(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connections = new DbConnectionFactory(options);
        connections.PrepareSqliteDatabase(); // a file not created yet has every script pending (no-op on the servers)
        return WithOurScripts(To(connections), options.Provider, logger: null).Build().GetScriptsToExecute().Select(s => s.Name).ToList();
    }

    /// <summary>DbUp for the engine, journaling in <c>schema_versions</c>.</summary>
    private static UpgradeEngineBuilder To(DbConnectionFactory connections) => connections.Provider switch
    {
        StorageProvider.PostgreSql => DeployChanges.To.PostgresqlDatabase(connections.ConnectionString).JournalToPostgresqlTable(null, JournalTable),
        StorageProvider.SqlServer => DeployChanges.To.SqlDatabase(connections.ConnectionString).JournalToSqlTable("dbo", JournalTable),
        _ => DeployChanges.To.SqliteDatabase(connections.ConnectionString).JournalToSqliteTable(JournalTable),
    };

    private static UpgradeEngineBuilder WithOurScripts(UpgradeEngineBuilder builder, StorageProvider provider, ILogger? logger)
    {
        var prefix = ScriptPrefix(provider);
        builder = builder
            .WithScriptsEmbeddedInAssembly(typeof(MigrationRunner).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithScriptNameComparer(StringComparer.Ordinal)
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .WithExecutionTimeout(ScriptTimeout);
        return logger is null ? builder.LogToNowhere() : builder.LogTo(logger);
    }

    private static string ScriptPrefix(StorageProvider provider) => $"CommitmentBot.Storage.Migrations.{provider}.";

    private static string WithoutPooling(DbConnectionFactory connections) => connections.Provider == StorageProvider.PostgreSql
        ? new NpgsqlConnectionStringBuilder(connections.ConnectionString) { Pooling = false }.ConnectionString
        : new SqlConnectionStringBuilder(connections.ConnectionString) { Pooling = false }.ConnectionString;
}
