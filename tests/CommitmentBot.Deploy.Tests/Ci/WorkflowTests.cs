using System.Text.Json.Nodes;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Ci;

/// <summary>.github/workflows/ci.yml, for forks: the project's own CI script, and the storage suite on a real SQL Server 2022.</summary>
public sealed class WorkflowTests
{
    private readonly JsonObject workflow = Yaml.ToJson(Repository.ReadText(".github", "workflows", "ci.yml"))!.AsObject();

    private IEnumerable<JsonObject> Jobs => workflow["jobs"]!.AsObject().Select(j => j.Value!.AsObject());

    private static IEnumerable<string> Runs(JsonObject job) =>
        job["steps"]!.AsArray().Select(s => s!["run"]?.GetValue<string>()).OfType<string>();

    [Fact]
    public void Workflow_RunsTheSameCiScript_AsThisRepositorysCi()
    {
        Assert.True(workflow["on"]!.AsObject().ContainsKey("pull_request"), "forks' pull requests are tested");
        var job = Assert.Single(Jobs, j => Runs(j).Any(r => r.Trim() == "bash .ci/run"));
        Assert.Equal("true", job["steps"]!.AsArray().Single(s => s!["run"]?.GetValue<string>().Trim() == "bash .ci/run")!["env"]!["CI"]!.GetValue<string>());
        Assert.True(File.Exists(Repository.PathOf(".ci", "run")));
    }

    [Fact]
    public void Workflow_RunsTheStorageContractSuite_OnASqlServer2022ServiceContainer()
    {
        var job = Assert.Single(Jobs, j => j["services"] is not null);
        var service = job["services"]!.AsObject().Single().Value!;
        Assert.StartsWith("mcr.microsoft.com/mssql/server:2022-", service["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("--health-cmd", service["options"]!.GetValue<string>(), StringComparison.Ordinal);

        var connection = job["env"]!["COMMITMENTBOT_TEST_SQLSERVER"]!.GetValue<string>();
        var password = service["env"]!["MSSQL_SA_PASSWORD"]!.GetValue<string>();
        Assert.Contains("Password=" + password, connection, StringComparison.Ordinal);
        Assert.Contains("1433:1433", service["ports"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains(Runs(job), r => r.Contains("dotnet test --project tests/CommitmentBot.Storage.Tests", StringComparison.Ordinal));
        Assert.True(File.Exists(Repository.PathOf("tests", "CommitmentBot.Storage.Tests", "Databases", "SqlServerDatabase.cs")));
        Assert.Contains("COMMITMENTBOT_TEST_SQLSERVER", Repository.ReadText("tests", "CommitmentBot.Storage.Tests", "Databases", "SqlServerDatabase.cs"), StringComparison.Ordinal);
    }
}
