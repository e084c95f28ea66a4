using CommitmentBot.Core.Ports;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Platform;
using CommitmentBot.Storage.Stores;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Hosting;

/// <summary>Wires the database: <c>Storage:Provider</c> (Sqlite default, PostgreSql, SqlServer) and <c>ConnectionStrings:CommitmentBot</c>.</summary>
public static class StorageRegistration
{
    /// <summary>Reads and checks the storage options; throws <see cref="OptionsValidationException"/> naming the key to fix.</summary>
    public static StorageOptions ReadStorageOptions(IConfiguration configuration, IHostEnvironment environment)
    {
        var providerText = configuration["Storage:Provider"];
        var provider = StorageProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new OptionsValidationException("Storage:Provider", typeof(StorageOptions), [$"Storage:Provider '{providerText}' is not one of Sqlite, PostgreSql, SqlServer."]);
        }

        var connectionString = configuration.GetConnectionString("CommitmentBot");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != StorageProvider.Sqlite)
            {
                throw new OptionsValidationException("ConnectionStrings:CommitmentBot", typeof(StorageOptions), [$"ConnectionStrings:CommitmentBot is required when Storage:Provider is {provider}."]);
            }

            connectionString = $"Data Source={Path.Combine(AppOptions.ResolveDataPath(configuration, environment), "commitmentbot.db")}";
        }

        var options = new StorageOptions { Provider = provider, ConnectionString = connectionString };
        if (options.Validate() is { } problem)
        {
            throw new OptionsValidationException("Storage", typeof(StorageOptions), [problem]);
        }

        return options;
    }

    public static IServiceCollection AddCommitmentBotStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new DbConnectionFactory(options));
        services.AddSingleton<ICommitmentStore, CommitmentStore>();
        services.AddSingleton<IRecordStore, RecordStore>();
        services.AddSingleton<IDigestStore, DigestStore>();
        services.AddSingleton<IPeopleStore, PeopleStore>();
        services.AddSingleton<IWorkspaceStore, WorkspaceStore>();
        services.AddSingleton<INoticeMuteStore, NoticeMuteStore>();
        services.AddSingleton<WorkspaceEraser>();
        services.AddSingleton<RequestDeduplicator>();
        services.AddSingleton<IRequestDeduplicator>(sp => sp.GetRequiredService<RequestDeduplicator>());
        services.AddSingleton<IOutboxStore, OutboxStore>();
        services.AddSingleton<IInstallationStore, InstallationStore>();
        services.AddSingleton<IConversationReferenceStore, ConversationReferenceStore>();
        services.AddSingleton<IOAuthStateStore, OAuthStateStore>();
        if (options.Provider == StorageProvider.Sqlite)
        {
            // A shared in-memory database has no write-ahead log; the service finds out and stays idle.
            services.AddHostedService<SqliteCheckpointService>();
        }

        return services;
    }

    /// <summary>
    /// Runs the migrations at start-up; a failure stops the app with the reason. With <c>Storage:MigrateOnStart</c> =
    /// false (the deployments in deploy/, where a one-shot <c>migrate</c> changes the schema and the app's account
    /// may not), it leaves them to that and /healthz/ready says when the schema is current.
    /// </summary>
    public static void MigrateDatabase(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Storage:MigrateOnStart", defaultValue: true))
        {
            app.Logger.LogInformation("Storage:MigrateOnStart is false: the schema is left to the migrate verb.");
            return;
        }

        var options = app.Services.GetRequiredService<StorageOptions>();
        var result = MigrationRunner.Run(options, app.Logger);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Database migration failed: {result.Error}", result.Exception);
        }
    }
}
