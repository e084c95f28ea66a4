using CommitmentBot.Deploy.Tests.Support;

[assembly: AssemblyFixture(typeof(PublishedApp))]

namespace CommitmentBot.Deploy.Tests.Support;

/// <summary>
/// The app as the container image gets it: the Dockerfile's own <c>dotnet publish</c> command line, run once for the
/// test run (when a test first asks) with the output sent to a temporary folder instead of <c>/app</c>. The compose
/// start-up test and the chaos soak run this published copy.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ToolResult? result;

    /// <summary>Where the image's /app would be.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "commitmentbot-published-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The Dockerfile's publish command, as run.</summary>
    public IReadOnlyList<string> Command { get; private set; } = [];

    /// <summary>Where the Dockerfile sends the publish output (<c>-o</c>).</summary>
    public string ImageFolder { get; private set; } = "";

    public string AppDll => Path.Combine(Folder, "CommitmentBot.dll");

    /// <summary>Publishes (once); fails the calling test with the output when the publish did not succeed.</summary>
    public async Task EnsurePublishedAsync()
    {
        await gate.WaitAsync();
        try
        {
            result ??= await PublishAsync();
        }
        finally
        {
            gate.Release();
        }

        Assert.True(result.ExitCode == 0, $"{string.Join(' ', Command)} failed:\n{result.Both}");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task<ToolResult> PublishAsync()
    {
        var run = Dockerfile.Load().All("RUN").Select(r => r.Arguments).Single(a => a.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var words = run.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var output = words.IndexOf("-o");
        ImageFolder = words[output + 1];
        words[output + 1] = Folder;
        Command = words;
        // No MSBuild nodes or build server left running after the test run.
        var quiet = new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" };
        return await Tool.RunAsync(words[0], words.Skip(1), limit: TimeSpan.FromMinutes(10), environment: quiet);
    }

    public ValueTask DisposeAsync()
    {
        gate.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
