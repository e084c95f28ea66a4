using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Docker;

/// <summary>
/// deploy/docker/Dockerfile. No engine here can build it, so the tests hold it to what can be checked: pinned base
/// images that match the SDK and runtime the repository builds with, COPY sources that exist and are not ignored,
/// and an entry point and health check that the same <c>dotnet publish</c> really produces.
/// </summary>
public sealed partial class DockerfileTests(PublishedApp published)
{
    private readonly Dockerfile dockerfile = Dockerfile.Load();

    [Fact]
    public void Dockerfile_PinsBaseImages_ToTheSdkAndRuntimeTheRepositoryBuildsWith()
    {
        var images = dockerfile.All("FROM").Select(f => f.Arguments.Split(' ')[0]).ToList();
        Assert.Equal(2, images.Count);
        foreach (var image in images)
        {
            Assert.Matches(PinnedTag(), image);
        }

        var sdk = JsonNode.Parse(Repository.ReadText("global.json"))!["sdk"]!["version"]!.GetValue<string>();
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:" + sdk, images[0]);

        var framework = Regex.Match(Repository.ReadText("Directory.Build.props"), "<TargetFramework>net([0-9.]+)</TargetFramework>").Groups[1].Value;
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:" + framework + ".", images[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_CopiesOnlyWhatTheRepositoryHas_AndTheIgnoreFileKeeps()
    {
        var ignore = DockerIgnore.Load();
        var sources = dockerfile.All("COPY")
            .Where(c => !c.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(c => c.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToList();
        Assert.Contains("src/", sources);
        foreach (var source in sources)
        {
            var path = Repository.PathOf(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: not in the repository");
            Assert.False(ignore.Excludes(source.TrimEnd('/')), $"COPY {source}: excluded by .dockerignore");
        }

        // What the publish reads from those folders must get through the ignore file too.
        foreach (var project in Directory.EnumerateFiles(Repository.PathOf("src"), "*.csproj", SearchOption.AllDirectories))
        {
            Assert.False(ignore.Excludes(Path.GetRelativePath(Repository.Root, project)), $"{project} is excluded by .dockerignore");
        }
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputGitAndSecretsOutOfTheContext()
    {
        var ignore = DockerIgnore.Load();
        foreach (var path in new[] { "src/CommitmentBot/bin/Release/net10.0/CommitmentBot.dll", "src/CommitmentBot/obj/project.assets.json", ".git/HEAD", "deploy/compose/.env", "tests/CommitmentBot.Tests/CommitmentBot.Tests.csproj", "src/CommitmentBot/data/commitmentbot.db" })
        {
            Assert.True(ignore.Excludes(path), $"{path} would be sent to the builder");
        }
    }

    [Fact]
    public async Task Dockerfile_StartsAndProbes_WhatTheSamePublishProduces()
    {
        await published.EnsurePublishedAsync();
        var final = dockerfile.FinalStage;
        var workdir = dockerfile.All("WORKDIR").Last(w => w.Stage == final).Arguments;
        var copy = dockerfile.All("COPY").Single(c => c.Stage == final && c.Arguments.StartsWith("--from=", StringComparison.Ordinal)).Arguments.Split(' ');
        Assert.Equal(published.ImageFolder, copy[1]);
        Assert.True(copy[2] is "./" or "." || copy[2].TrimEnd('/') == workdir, $"the publish output is copied to {copy[2]}, not the working folder {workdir}");

        var entry = Dockerfile.ExecForm(dockerfile.Single("ENTRYPOINT").Arguments);
        Assert.Equal("dotnet", entry[0]);
        Assert.True(File.Exists(InPublish(entry[1], workdir)), $"ENTRYPOINT starts {entry[1]}, which the publish did not produce");
        Assert.True(File.Exists(Path.ChangeExtension(InPublish(entry[1], workdir), ".runtimeconfig.json")), "the entry assembly has no runtimeconfig.json: `dotnet` cannot start it");

        // The health check runs the app's own verb (the runtime image has no curl): it must exist and say no when
        // nothing listens.
        var check = Dockerfile.ExecForm(dockerfile.Single("HEALTHCHECK").Arguments);
        Assert.Equal(entry.Take(2), check.Take(2));
        var closedPort = CommitmentBot.Benchmarks.SlackLoad.AppProcess.FreePort();
        var run = await Tool.RunAsync("dotnet", [published.AppDll, .. check.Skip(2), "--url", $"http://127.0.0.1:{closedPort}/healthz/live"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not healthy", run.Both, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_RunsAsANonRootUserOn8080_WithNoSecretBakedIn()
    {
        var final = dockerfile.FinalStage;
        var user = dockerfile.All("USER").Last(u => u.Stage == final).Arguments;
        Assert.DoesNotMatch("^(root|0)(:|$)", user);
        Assert.Equal("$APP_UID", user);
        Assert.Equal("8080", dockerfile.Single("EXPOSE").Arguments);

        var environment = dockerfile.All("ENV").Where(e => e.Stage == final).SelectMany(e => EnvPairs().Matches(e.Arguments)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        foreach (var name in environment.Keys.Concat(dockerfile.All("ARG").Select(a => a.Arguments.Split('=')[0])))
        {
            Assert.DoesNotMatch("(?i)secret|password|token|connectionstring|appid", name);
        }
    }

    private string InPublish(string imagePath, string workdir)
    {
        var relative = imagePath.StartsWith(workdir + "/", StringComparison.Ordinal) ? imagePath[(workdir.Length + 1)..] : imagePath;
        return Path.Combine(published.Folder, relative);
    }

    [GeneratedRegex(@"^[a-z0-9./-]+:[0-9]+\.[0-9]+\.[0-9]+(-[a-z0-9.-]+)?$")]
    private static partial Regex PinnedTag();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(\S*)")]
    private static partial Regex EnvPairs();
}
