using CommitmentBot.Deploy.Tests.Support;
using CommitmentBot.Hosting;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Platform;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CommitmentBot.Deploy.Tests.Replicas;

/// <summary>
/// Replicas share nothing but the database, the Data Protection key ring (which encrypts Slack tokens) included: two
/// instances wired as the app wires itself, one protecting and the other reading, with no folder in common.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private readonly string database = TestPostgres.UniqueName("keyring");
    private readonly List<ServiceProvider> instances = [];
    private readonly string folder = Directory.CreateTempSubdirectory("commitmentbot-keyring-").FullName;
    private string? server;
    private StorageOptions storage = null!;

    public ValueTask InitializeAsync()
    {
        server = TestPostgres.Server();
        storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = TestPostgres.For(server, database) };
        var migrated = MigrationRunner.Run(storage, logger: null, createDatabase: true);
        Assert.True(migrated.Succeeded, migrated.Error);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        if (server is not null)
        {
            await TestPostgres.DropAsync(server, database);
        }

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>One instance's services: its own data folder, the shared database, the app's key ring wiring.</summary>
    private IDataProtector Instance(string name, StorageOptions options, Dictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? []) { ["App:DataPath"] = data }).Build();
        var environment = new LocalEnvironment(data);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(new DbConnectionFactory(options))
            .AddKeyRing(options, configuration, environment)
            .BuildServiceProvider();
        instances.Add(services);
        return services.GetRequiredService<IDataProtectionProvider>().CreateProtector("slack-token");
    }

    [Fact]
    public async Task ATokenProtectedByOneReplica_IsReadByAnother_ThroughTheDatabase()
    {
        var first = Instance("a", storage);
        var second = Instance("b", storage);

        var secret = first.Protect("xoxb-shared-between-replicas");

        Assert.Equal("xoxb-shared-between-replicas", second.Unprotect(secret));
        var keys = await new DataProtectionKeyStore(new DbConnectionFactory(storage)).ListAsync(TestContext.Current.CancellationToken);
        Assert.Single(keys);
        Assert.Contains("<key ", keys[0], StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task KeysPath_StillWins_WhenSet()
    {
        var shared = Directory.CreateDirectory(Path.Combine(folder, "shared-keys")).FullName;
        var settings = new Dictionary<string, string?> { [KeyRingRegistration.KeysPathKey] = shared };
        var first = Instance("a", storage, settings);
        var second = Instance("b", storage, settings);

        var secret = first.Protect("xoxb-from-a-folder");

        Assert.Equal("xoxb-from-a-folder", second.Unprotect(secret));
        Assert.Single(Directory.EnumerateFiles(shared, "key-*.xml"));
        Assert.Empty(await new DataProtectionKeyStore(new DbConnectionFactory(storage)).ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void EmbeddedSqlite_KeepsItsRing_InTheDataFolder()
    {
        var sqlite = new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=" + Path.Combine(folder, "one.db") };
        var only = Instance("sqlite", sqlite);

        only.Protect("xoxb-embedded");

        Assert.Single(Directory.EnumerateFiles(Path.Combine(folder, "sqlite", "keys"), "key-*.xml"));
    }

    private sealed class LocalEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "CommitmentBot";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
