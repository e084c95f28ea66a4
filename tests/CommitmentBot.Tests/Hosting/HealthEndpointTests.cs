using System.Net;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Tests.Slack.Support;

namespace CommitmentBot.Tests.Hosting;

/// <summary>/healthz/live (the process answers), /healthz/ready (database, schema current, Hangfire storage), /healthz (the database, as always).</summary>
public sealed class HealthEndpointTests
{
    private static async Task<HttpStatusCode> GetAsync(SlackHost host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task EveryProbe_IsHealthy_OnAMigratedDatabase()
    {
        await using var host = await SlackHost.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz/live"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz"));
    }

    [Fact]
    public async Task Ready_WaitsForTheMigrations_WhenTheAppLeavesThemToTheMigrateVerb()
    {
        await using var host = await SlackHost.StartAsync(settings: new Dictionary<string, string?> { ["Storage:MigrateOnStart"] = "false" });

        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz/live"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await GetAsync(host, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz")); // the database itself answers

        var migrated = MigrationRunner.Run(host.Service<StorageOptions>());

        Assert.True(migrated.Succeeded, migrated.Error);
        Assert.Equal(HttpStatusCode.OK, await GetAsync(host, "/healthz/ready"));
    }
}
