using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>deploy/compose: the compose file (read as JSON, anchors and merge keys resolved) and its .env.example.</summary>
internal sealed partial class ComposeProject
{
    private ComposeProject(JsonObject file, IReadOnlyDictionary<string, string> envExample)
    {
        File = file;
        EnvExample = envExample;
    }

    public JsonObject File { get; }

    /// <summary>The committed template of .env: key → value (comments and blank lines dropped).</summary>
    public IReadOnlyDictionary<string, string> EnvExample { get; }

    public JsonObject Services => File["services"]!.AsObject();

    public JsonObject Service(string name) => Services[name]?.AsObject() ?? throw new InvalidOperationException($"no service {name}");

    public static ComposeProject Load()
    {
        var file = Yaml.ToJson(Repository.ReadText("deploy", "compose", "docker-compose.yml"))!.AsObject();
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in System.IO.File.ReadAllLines(Repository.PathOf("deploy", "compose", ".env.example")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            env[line[..equals]] = line[(equals + 1)..];
        }

        return new ComposeProject(file, env);
    }

    /// <summary>The service's environment as compose passes it: <c>env_file</c> (.env) entries, then <c>environment</c>, with <c>${…}</c> substituted from <paramref name="dotEnv"/>.</summary>
    public Dictionary<string, string> EnvironmentOf(string service, IReadOnlyDictionary<string, string> dotEnv)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Service(service)["env_file"] is not null)
        {
            foreach (var (key, value) in dotEnv)
            {
                result[key] = value;
            }
        }

        foreach (var (key, value) in Service(service)["environment"]?.AsObject() ?? [])
        {
            result[key] = Substitute(value!.ToString(), dotEnv);
        }

        return result;
    }

    /// <summary>Compose's interpolation: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?message}</c>, <c>$$</c>.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var name = m.Groups["name"].Value;
            var value = variables.GetValueOrDefault(name) ?? "";
            return m.Groups["op"].Value == ":-" && value.Length == 0 ? m.Groups["arg"].Value : value;
        });

    /// <summary>Every variable the file interpolates, and whether it has a default.</summary>
    public static IEnumerable<(string Name, bool HasDefault)> Variables()
    {
        var text = Repository.ReadText("deploy", "compose", "docker-compose.yml");
        return Variable().Matches(text).Where(m => m.Value != "$$").Select(m => (m.Groups["name"].Value, m.Groups["op"].Value == ":-")).Distinct();
    }

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\?)(?<arg>[^}]*))?\}")]
    private static partial Regex Variable();
}
