using System.Text.Json.Nodes;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes: each overlay rendered with <c>kubectl kustomize</c> (as <c>kubectl apply -k</c> would), every
/// object validated against the Kubernetes API schemas (npm kubernetes-models), and the rendered objects held to
/// what the deployment promises.
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string, string> Overlays => new() { { "sqlserver", "SqlServer" }, { "postgresql", "PostgreSql" } };

    public static TheoryData<string> OverlayNames => new() { "sqlserver", "postgresql" };

    private static async Task<string> RenderAsync(string overlay)
    {
        var kubectl = Tool.Find("kubectl");
        if (kubectl is null)
        {
            Repository.Unavailable("kubectl is not installed (it renders the Kustomize overlays).");
        }

        var result = await Tool.RunAsync(kubectl!, ["kustomize", Repository.PathOf("deploy", "kubernetes", "overlays", overlay)]);
        Assert.True(result.ExitCode == 0, result.Both);
        return result.Output;
    }

    private static async Task<List<JsonObject>> ObjectsAsync(string overlay) =>
        Yaml.ReadAll(await RenderAsync(overlay)).OfType<JsonObject>().ToList();

    private static JsonObject Single(List<JsonObject> objects, string kind) => Assert.Single(objects, o => o["kind"]!.GetValue<string>() == kind);

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Renders_AndEveryObjectMatchesTheKubernetesSchemas(string overlay, string provider)
    {
        var folder = Repository.PathOf("tests", "CommitmentBot.Deploy.Tests", "kubernetes");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "kubernetes-models")))
        {
            Repository.Unavailable("npm packages missing: run bash scripts/npm-install.sh (kubernetes-models, js-yaml).");
        }

        var rendered = await RenderAsync(overlay);
        var result = await Tool.RunAsync("node", [Path.Combine(folder, "validate.mjs")], input: rendered, workingDirectory: folder);

        var verdicts = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(result.ExitCode == 0, result.Both);
        Assert.Equal(
            ["ConfigMap", "Deployment", "Ingress", "Job", "Namespace", "PodDisruptionBudget", "Service"],
            verdicts.Select(v => v["kind"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(verdicts, v => Assert.True(v["valid"]!.GetValue<bool>(), v.ToJsonString()));
        Assert.Contains($"Storage__Provider: {provider}", rendered, StringComparison.Ordinal);

        // The validator must be able to say no: the same output with a replica count that is no number is refused.
        var broken = await Tool.RunAsync("node", [Path.Combine(folder, "validate.mjs")], input: rendered.Replace("replicas: 2", "replicas: two", StringComparison.Ordinal), workingDirectory: folder);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("replicas", broken.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Deployment_RunsTwoNonRootReplicas_WithProbesLimitsAndAGracefulStop(string overlay, string provider)
    {
        var objects = await ObjectsAsync(overlay);
        var deployment = Single(objects, "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var config = Single(objects, "ConfigMap")["data"]!;

        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(provider, config["Storage__Provider"]!.GetValue<string>());
        Assert.Equal("/healthz/live", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/healthz/ready", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal(8080, container["ports"]![0]!["containerPort"]!.GetValue<long>());
        Assert.Equal("8080", config["ASPNETCORE_HTTP_PORTS"]!.GetValue<string>());
        foreach (var part in new[] { "requests", "limits" })
        {
            Assert.NotNull(container["resources"]![part]!["cpu"]);
            Assert.NotNull(container["resources"]![part]!["memory"]);
        }

        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        var tmp = Assert.Single(container["volumeMounts"]!.AsArray(), m => m!["mountPath"]!.GetValue<string>() == "/tmp")!;
        var volume = Assert.Single(pod["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == tmp["name"]!.GetValue<string>())!;
        Assert.NotNull(volume["emptyDir"]);
        Assert.StartsWith("/tmp/", config["App__DataPath"]!.GetValue<string>(), StringComparison.Ordinal);

        // The app's own shutdown wait fits inside the pod's grace period, with room to spare.
        var hostWait = int.Parse(config["DOTNET_SHUTDOWNTIMEOUTSECONDS"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<long>() >= hostWait + 10);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Secrets_AreReferencedNeverGiven_AndTheJobMigratesWithTheSameSettings(string overlay, string provider)
    {
        var objects = await ObjectsAsync(overlay);
        Assert.DoesNotContain(objects, o => o["kind"]!.GetValue<string>() == "Secret");

        var job = Single(objects, "Job");
        var migrate = Assert.Single(job["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;
        var app = Single(objects, "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(["migrate"], migrate["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(app["image"]!.GetValue<string>(), migrate["image"]!.GetValue<string>());
        Assert.Equal(app["envFrom"]!.ToJsonString(), migrate["envFrom"]!.ToJsonString());
        Assert.Contains("commitmentbot-secrets", app["envFrom"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("false", Single(objects, "ConfigMap")["data"]!["Storage__MigrateOnStart"]!.GetValue<string>());
        Assert.Contains(provider, Single(objects, "ConfigMap").ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OverlayNames))]
    public async Task ServiceIngressAndDisruptionBudget_ReachTheAppPods(string overlay)
    {
        var objects = await ObjectsAsync(overlay);
        var podLabels = Single(objects, "Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        bool Selects(JsonNode? selector) => selector!.AsObject().All(p => podLabels[p.Key]?.GetValue<string>() == p.Value!.GetValue<string>());

        var service = Single(objects, "Service");
        Assert.True(Selects(service["spec"]!["selector"]));
        Assert.Equal("http", service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
        var pdb = Single(objects, "PodDisruptionBudget");
        Assert.True(Selects(pdb["spec"]!["selector"]!["matchLabels"]));
        Assert.Equal(1, pdb["spec"]!["minAvailable"]!.GetValue<long>());
        var backend = Single(objects, "Ingress")["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!;
        Assert.Equal(service["metadata"]!["name"]!.GetValue<string>(), backend["name"]!.GetValue<string>());

        // The migration Job's pods are not app pods: no traffic, no disruption budget.
        var jobLabels = Single(objects, "Job")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.False(service["spec"]!["selector"]!.AsObject().All(p => jobLabels[p.Key]?.GetValue<string>() == p.Value!.GetValue<string>()));
    }
}
