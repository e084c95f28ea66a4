using System.Text.Json.Nodes;
using CommitmentBot.Deploy.Tests.Support;
using NJsonSchema;

namespace CommitmentBot.Deploy.Tests.Compose;

/// <summary>
/// deploy/compose/docker-compose.yml, checked against the official Compose Specification schema (no compose plugin
/// or engine here) and for what the deployment promises: SQL Server 2022 health-checked, a one-shot migrate, two app
/// replicas behind the compose network, a postgres profile instead, settings from .env with nothing secret committed.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] SqlServerStack = ["sqlserver", "migrate", "app"];
    private static readonly string[] PostgresStack = ["postgres", "migrate-postgres", "app-postgres"];
    private readonly ComposeProject compose = ComposeProject.Load();

    [Fact]
    public async Task ComposeFile_IsValid_AgainstTheOfficialComposeSpecification()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "compose-spec.json");
        if (!File.Exists(path))
        {
            Repository.Unavailable("The official Compose schema (shared/schemas/compose/compose-spec.json beside the repository) is missing.");
        }

        var schema = await JsonSchema.FromFileAsync(path, TestContext.Current.CancellationToken);

        var errors = schema.Validate(compose.File.ToJsonString());

        Assert.Empty(errors.Select(e => $"{e.Path}: {e.Kind}"));

        // The validator must be able to say no: a misspelt key, or a replica count that is neither a number nor a
        // variable, is refused.
        var misspelt = (JsonObject)compose.File.DeepClone();
        misspelt["services"]!["app"]!["restarts"] = "always";
        Assert.NotEmpty(schema.Validate(misspelt.ToJsonString()));
        var replicas = (JsonObject)compose.File.DeepClone();
        replicas["services"]!["app"]!["deploy"]!["replicas"] = new JsonArray(2);
        Assert.NotEmpty(schema.Validate(replicas.ToJsonString()));
    }

    [Fact]
    public void SqlServer_Is2022_AndHealthChecked_BeforeTheMigrationRuns()
    {
        var sqlserver = compose.Service("sqlserver");
        Assert.StartsWith("mcr.microsoft.com/mssql/server:2022-", sqlserver["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("sqlcmd", sqlserver["healthcheck"]!["test"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("service_healthy", compose.Service("migrate")["depends_on"]!["sqlserver"]!["condition"]!.GetValue<string>());
        Assert.Equal("Y", sqlserver["environment"]!["ACCEPT_EULA"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("migrate", "app", "SqlServer")]
    [InlineData("migrate-postgres", "app-postgres", "PostgreSql")]
    public void MigrateRunsOnce_ThenTwoReplicasStart_OnTheSameDatabase(string migrate, string app, string provider)
    {
        var once = compose.Service(migrate);
        Assert.Equal("migrate", once["command"]![0]!.GetValue<string>());
        Assert.Equal("no", once["restart"]!.GetValue<string>());
        Assert.Null(once["deploy"]?["replicas"]);

        var replicas = compose.Service(app);
        Assert.Equal(2, replicas["deploy"]!["replicas"]!.GetValue<long>());
        Assert.Equal("service_completed_successfully", replicas["depends_on"]![migrate]!["condition"]!.GetValue<string>());
        Assert.Null(replicas["ports"]); // behind the compose network: only the proxy publishes a port
        Assert.Equal("false", replicas["environment"]!["Storage__MigrateOnStart"]!.GetValue<string>());
        foreach (var key in new[] { "Storage__Provider", "ConnectionStrings__CommitmentBot" })
        {
            Assert.Equal(once["environment"]![key]!.GetValue<string>(), replicas["environment"]![key]!.GetValue<string>());
        }

        Assert.Equal(provider, replicas["environment"]!["Storage__Provider"]!.GetValue<string>());
        Assert.Equal("json", replicas["environment"]!["Logging__Console__FormatterName"]!.GetValue<string>());
        Assert.Contains("bot", replicas["networks"]!["default"]!["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public void PostgresProfile_SwapsSqlServerForPostgreSql16()
    {
        Assert.StartsWith("postgres:16", compose.Service("postgres")["image"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var (stack, profile) in new[] { (SqlServerStack, "sqlserver"), (PostgresStack, "postgres") })
        {
            foreach (var name in stack)
            {
                Assert.Equal([profile], compose.Service(name)["profiles"]!.AsArray().Select(p => p!.GetValue<string>()));
            }
        }

        // Everything else runs with either database; the proxy follows whichever app is up.
        var shared = compose.Services.Select(s => s.Key).Except(SqlServerStack).Except(PostgresStack).ToList();
        Assert.Equal(["proxy"], shared);
        Assert.Null(compose.Service("proxy")["profiles"]);
        Assert.False(compose.Service("proxy")["depends_on"]!["app"]!["required"]!.GetValue<bool>());
        Assert.Equal("sqlserver", compose.EnvExample["COMPOSE_PROFILES"]);
    }

    [Fact]
    public void Settings_ComeFromTheEnvFile_AndTheExampleHoldsNoSecret()
    {
        foreach (var (name, hasDefault) in ComposeProject.Variables())
        {
            Assert.True(hasDefault || compose.EnvExample.ContainsKey(name), $"${{{name}}} has no default and is not in .env.example");
        }

        foreach (var (key, value) in compose.EnvExample)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(key, "(?i)secret|password|token|key"))
            {
                Assert.True(value.Length == 0, $"{key} has a value in .env.example");
            }
        }

        // Passwords reach the containers only through interpolation, never as text in the file.
        var text = Repository.ReadText("deploy", "compose", "docker-compose.yml");
        Assert.DoesNotMatch("Password=[^$;]", text);
        Assert.DoesNotMatch("(?m)^\\s*(MSSQL_SA_PASSWORD|POSTGRES_PASSWORD): [^$]", text);
        Assert.Contains(".env", Repository.ReadText(".gitignore").Split('\n').Select(l => l.Trim()));
    }
}
