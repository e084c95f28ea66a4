using System.Net;
using System.Text.Json;
using CommitmentBot.Benchmarks.SlackLoad;
using CommitmentBot.Deploy.Tests.Support;
using Npgsql;

namespace CommitmentBot.Deploy.Tests.Published;

/// <summary>
/// "The app starts with the compose file's settings": the published app (the Dockerfile's publish) run with the
/// environment compose would give the postgres profile's migrate service and app replicas, from .env.example as a
/// user fills it in. Only where the database is changes: compose's <c>postgres</c> host becomes this test's server.
/// </summary>
public sealed class ComposeSettingsStartTests(PublishedApp published)
{
    [Fact]
    public async Task PublishedApp_MigratesStartsAndStops_WithTheComposeSettings_OnPostgreSql()
    {
        var server = TestPostgres.Server();
        await published.EnsurePublishedAsync();
        var compose = ComposeProject.Load();

        // What the user writes into .env: the database password and the Slack app.
        var dotEnv = new Dictionary<string, string>(compose.EnvExample)
        {
            ["COMPOSE_PROFILES"] = "postgres",
            ["POSTGRES_PASSWORD"] = "compose-test-password",
            ["Slack__SigningSecret"] = "compose-test-signing-secret-0123456789",
            ["Slack__BotToken"] = "xoxb-compose-test",
        };
        var database = TestPostgres.UniqueName("compose");
        var data = Directory.CreateTempSubdirectory("commitmentbot-compose-").FullName;
        var port = AppProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Relocated(string service)
        {
            var environment = compose.EnvironmentOf(service, dotEnv);
            var fromCompose = new NpgsqlConnectionStringBuilder(environment["ConnectionStrings__CommitmentBot"]);
            Assert.Equal(("postgres", "compose-test-password"), (fromCompose.Host, fromCompose.Password));
            environment["ConnectionStrings__CommitmentBot"] = TestPostgres.For(server, database);
            environment["App__DataPath"] = data;
            environment["ASPNETCORE_HTTP_PORTS"] = port;
            return environment;
        }

        try
        {
            // The one-shot migrate service: its command against an empty server, creating the database.
            var migrate = compose.Service("migrate-postgres")["command"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
            var migrated = await Tool.RunAsync("dotnet", [published.AppDll, .. migrate], environment: Relocated("migrate-postgres"), limit: TimeSpan.FromMinutes(3));
            Assert.True(migrated.ExitCode == 0, migrated.Both);
            Assert.Contains("applied", migrated.Output, StringComparison.Ordinal);

            // A replica: Slack mode, schema left to migrate, JSON logs, and ready.
            var log = Path.Combine(data, "app.log");
            await using (var app = await AppProcess.StartAsync(published.AppDll, Relocated("app-postgres"), log))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using (var ready = await http.GetAsync(app.Url + "/healthz/ready"))
                {
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                }

                using (var slack = await http.PostAsync(app.Url + "/slack/commands", new StringContent("")))
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, slack.StatusCode); // Slack is on, and unsigned requests are refused
                }

                // The image's HEALTHCHECK command, with the replica's environment.
                var check = await Tool.RunAsync("dotnet", [published.AppDll, "healthcheck"], environment: new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port });
                Assert.True(check.ExitCode == 0, check.Both);

                // docker stop: SIGTERM, then the app has its grace period.
                Assert.True(await app.TerminateAsync(TimeSpan.FromSeconds(40)), "the app did not exit within 40 s of SIGTERM");
                Assert.Equal(0, app.ExitCode);
            }

            var lines = (await File.ReadAllLinesAsync(log)).Where(l => l.Length > 0).ToList();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                using var entry = JsonDocument.Parse(line); // throws on a line that is not JSON
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
            }

            Assert.Contains(lines, l => l.Contains("MigrateOnStart", StringComparison.Ordinal));
        }
        finally
        {
            await TestPostgres.DropAsync(server, database);
            Directory.Delete(data, recursive: true);
        }
    }
}
