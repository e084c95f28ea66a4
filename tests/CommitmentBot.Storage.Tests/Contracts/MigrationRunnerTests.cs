using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>The migration runner against every engine.</summary>
public abstract class MigrationRunnerTests(DatabaseFixture database)
{
    private static readonly string[] Tables =
    [
        "workspaces", "workspace_counters", "people", "commitments", "commitment_events", "notifications", "deliveries",
        "inbound_requests", "installations", "conversation_references", "oauth_states", "data_protection_keys",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_CreatesEveryTable_AndJournalsEachScript()
    {
        var options = await database.CreateEmptyDatabaseAsync();

        var result = MigrationRunner.Run(options);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(MigrationRunner.ScriptNames(database.Provider), result.AppliedScripts);
        var connections = new DbConnectionFactory(options);
        foreach (var table in Tables)
        {
            Assert.Equal(0L, await connections.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM {table}", null, Ct));
        }

        Assert.Equal(
            (long)result.AppliedScripts.Count,
            await connections.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM schema_versions", null, Ct));
    }

    [Fact]
    public async Task PendingScripts_NamesWhatIsNotApplied_UntilTheRunApplies_It()
    {
        var options = await database.CreateEmptyDatabaseAsync();

        var before = MigrationRunner.PendingScripts(options);
        var result = MigrationRunner.Run(options);
        var after = MigrationRunner.PendingScripts(options);

        Assert.Equal(MigrationRunner.ScriptNames(database.Provider), before);
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(after);
    }

    [Fact]
    public void Run_DoesNothing_WhenTheSchemaIsUpToDate()
    {
        var again = MigrationRunner.Run(database.Options);

        Assert.True(again.Succeeded, again.Error);
        Assert.Empty(again.AppliedScripts);
    }

    [Fact]
    public async Task Run_AppliesEachScriptOnce_WhenTwoInstancesStartTogether()
    {
        var options = await database.CreateEmptyDatabaseAsync();

        var results = await Task.WhenAll(
            Task.Run(() => MigrationRunner.Run(options), Ct),
            Task.Run(() => MigrationRunner.Run(options), Ct));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(
            MigrationRunner.ScriptNames(database.Provider),
            results.SelectMany(r => r.AppliedScripts).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ScriptNames_ListsOnlyThisEnginesScripts_InOrder()
    {
        var names = MigrationRunner.ScriptNames(database.Provider);

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.StartsWith($"CommitmentBot.Storage.Migrations.{database.Provider}.", n, StringComparison.Ordinal));
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.EndsWith(".0001_initial.sql", names[0], StringComparison.Ordinal);
    }
}
