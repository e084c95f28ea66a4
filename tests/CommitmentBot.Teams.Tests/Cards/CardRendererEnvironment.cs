namespace CommitmentBot.Teams.Tests.Cards;

/// <summary>
/// Finds what the browser card tests need: Debian's chromium and the npm package <c>adaptivecards</c>
/// installed by <c>scripts/npm-install.sh</c> into <c>tests/CommitmentBot.Teams.Tests/cards/node_modules</c>.
/// Missing pieces fail the test under CI and skip it elsewhere, with the command that fixes it.
/// </summary>
internal static class CardRendererEnvironment
{
    private const string ScriptRelative = "cards/node_modules/adaptivecards/dist/adaptivecards.min.js";

    public static string? ChromiumPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The renderer script, searched from the test output up to the test project folder.</summary>
    public static string? RendererScriptPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(directory.FullName, ScriptRelative),
                Path.Combine(directory.FullName, "tests", "CommitmentBot.Teams.Tests", ScriptRelative),
            })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Fails under CI (the environment must provide it), skips elsewhere.</summary>
    public static void Require(bool present, string what, string fix)
    {
        if (present)
        {
            return;
        }

        var message = $"{what} is missing; {fix}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
    }
}
