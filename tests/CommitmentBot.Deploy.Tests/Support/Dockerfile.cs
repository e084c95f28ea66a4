namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>One instruction of a Dockerfile (continuation lines joined), with the stage it belongs to.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Stage);

/// <summary>
/// deploy/docker/Dockerfile, read the way the builder reads it: comments dropped, <c>\</c> continuations joined,
/// instructions numbered by stage (each FROM starts one).
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public const string RelativePath = "deploy/docker/Dockerfile";

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public DockerInstruction Single(string keyword) => Assert.Single(All(keyword));

    /// <summary>The last stage: what the image is.</summary>
    public int FinalStage => Instructions.Max(i => i.Stage);

    public static Dockerfile Load()
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadAllLines(Repository.PathOf(RelativePath)))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : full[(space + 1)..].Trim(), stage));
        }

        return new Dockerfile(instructions);
    }

    /// <summary>The words of a JSON-array (exec form) argument, e.g. <c>["dotnet", "/app/CommitmentBot.dll"]</c>.</summary>
    public static IReadOnlyList<string> ExecForm(string arguments)
    {
        var start = arguments.IndexOf('[', StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{arguments}' is not in exec form (a JSON array)");
        return System.Text.Json.JsonSerializer.Deserialize<string[]>(arguments[start..])!;
    }
}
