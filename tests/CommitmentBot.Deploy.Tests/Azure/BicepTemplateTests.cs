using System.Reflection;
using System.Text.Json.Nodes;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Azure;

/// <summary>
/// deploy/azure/main.bicep, compiled and linted offline by the Bicep CLI (restored from NuGet with this project),
/// with no warning, and the compiled template held to what the deployment promises.
/// </summary>
public sealed class BicepTemplateTests
{
    private static readonly string Template = Repository.PathOf("deploy", "azure", "main.bicep");
    private static readonly string Parameters = Repository.PathOf("deploy", "azure", "main.bicepparam");

    private static string Bicep()
    {
        var path = typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(path))
        {
            Repository.Unavailable($"The Bicep CLI is not at {path} (dotnet restore tests/CommitmentBot.Deploy.Tests downloads it).");
        }

        // NuGet does not keep the execute bit everywhere (the package is linux-x64 only).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task<JsonObject> CompiledAsync()
    {
        var build = await Tool.RunAsync(Bicep(), ["build", Template, "--stdout"], limit: TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, build.Error);
        return JsonNode.Parse(build.Output)!.AsObject();
    }

    /// <summary>The compiled resources, whether the template lists them or names them (symbolic names).</summary>
    private static List<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.OfType<JsonObject>().ToList(),
        JsonObject named => named.Select(p => p.Value).OfType<JsonObject>().ToList(),
        _ => [],
    };

    private static JsonObject Resource(JsonObject template, string type) =>
        Assert.Single(Resources(template), r => r["type"]!.GetValue<string>() == type);

    [Fact]
    public async Task Template_BuildsAndLints_WithoutAWarning()
    {
        var bicep = Bicep();
        var build = await Tool.RunAsync(bicep, ["build", Template, "--stdout"], limit: TimeSpan.FromMinutes(3));
        var lint = await Tool.RunAsync(bicep, ["lint", Template], limit: TimeSpan.FromMinutes(3));
        var parameters = await Tool.RunAsync(bicep, ["build-params", Parameters, "--stdout"], limit: TimeSpan.FromMinutes(3));

        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Equal("", build.Error.Trim());
        Assert.True(lint.ExitCode == 0, lint.Both);
        Assert.Equal("", lint.Both.Trim());
        Assert.True(parameters.ExitCode == 0, parameters.Error);
        Assert.Equal("", parameters.Error.Trim());

        // The same lint says so when a template has a warning: an unused parameter is one.
        var broken = Path.Combine(Path.GetTempPath(), "commitmentbot-lint-" + Guid.NewGuid().ToString("N") + ".bicep");
        await File.WriteAllTextAsync(broken, "param unused string\noutput ok string = 'yes'\n");
        try
        {
            var warned = await Tool.RunAsync(bicep, ["lint", broken], limit: TimeSpan.FromMinutes(3));
            Assert.Contains("no-unused-params", warned.Both, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Bot_IsSingleTenant_WithTeamsOn_AndTheAppAsItsMessagingEndpoint()
    {
        var template = await CompiledAsync();
        var bot = Resource(template, "Microsoft.BotService/botServices");
        Assert.Equal("azurebot", bot["kind"]!.GetValue<string>());
        Assert.Equal("SingleTenant", bot["properties"]!["msaAppType"]!.GetValue<string>());
        Assert.Contains("parameters('teamsAppId')", bot["properties"]!["msaAppId"]!.GetValue<string>(), StringComparison.Ordinal);
        var endpoint = bot["properties"]!["endpoint"]!.GetValue<string>();
        Assert.Contains("ingress.fqdn", endpoint, StringComparison.Ordinal);
        Assert.Contains("/api/messages", endpoint, StringComparison.Ordinal);

        var channel = Resource(template, "Microsoft.BotService/botServices/channels");
        Assert.Equal("MsTeamsChannel", channel["properties"]!["channelName"]!.GetValue<string>());
        Assert.True(channel["properties"]!["properties"]!["isEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task App_RunsTwoOrMoreReplicas_WithProbes_AndSecretsOnlyAsSecrets()
    {
        var template = await CompiledAsync();
        var app = Resource(template, "Microsoft.App/containerApps");
        var minReplicas = template["parameters"]!["minReplicas"]!;
        Assert.True(minReplicas["minValue"]!.GetValue<long>() >= 2);
        Assert.True(minReplicas["defaultValue"]!.GetValue<long>() >= 2);
        Assert.Contains("parameters('minReplicas')", app["properties"]!["template"]!["scale"]!["minReplicas"]!.GetValue<string>(), StringComparison.Ordinal);

        var container = app["properties"]!["template"]!["containers"]![0]!;
        var probes = container["probes"]!.AsArray().ToDictionary(p => p!["type"]!.GetValue<string>(), p => p!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/healthz/live", probes["Liveness"]);
        Assert.Equal("/healthz/ready", probes["Readiness"]);
        Assert.Equal(8080, app["properties"]!["configuration"]!["ingress"]!["targetPort"]!.GetValue<long>());

        // Every secure parameter reaches the app as a Container Apps secret, never as a plain value or an output.
        var secure = template["parameters"]!.AsObject().Where(p => p.Value!["type"]!.GetValue<string>() == "securestring").Select(p => p.Key).ToList();
        Assert.Contains("sqlAdministratorPassword", secure);
        Assert.Contains("teamsAppPassword", secure);
        var text = template.ToJsonString();
        Assert.Contains("\"secretRef\":\"teams-app-password\"", text, StringComparison.Ordinal);
        Assert.Contains("\"secretRef\":\"sql-connection\"", text, StringComparison.Ordinal);
        foreach (var output in template["outputs"]!.AsObject())
        {
            foreach (var name in secure)
            {
                Assert.DoesNotContain(name, output.Value!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Template_CreatesTheDatabaseAndTheLogWorkspace_AndOutputsTheEndpoints()
    {
        var template = await CompiledAsync();
        Assert.NotNull(Resource(template, "Microsoft.Sql/servers"));
        Assert.NotNull(Resource(template, "Microsoft.Sql/servers/databases"));
        Assert.NotNull(Resource(template, "Microsoft.OperationalInsights/workspaces"));
        var environment = Resource(template, "Microsoft.App/managedEnvironments");
        Assert.Equal("log-analytics", environment["properties"]!["appLogsConfiguration"]!["destination"]!.GetValue<string>());
        Assert.Contains("SqlServer", template.ToJsonString(), StringComparison.Ordinal);

        var outputs = template["outputs"]!.AsObject();
        Assert.Contains("appUrl", outputs.Select(o => o.Key));
        Assert.Contains("messagingEndpoint", outputs.Select(o => o.Key));
        foreach (var name in new[] { "namePrefix", "containerImage", "teamsAppId" })
        {
            Assert.NotNull(template["parameters"]![name]);
        }
    }
}
