using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Cli;
using CommitmentBot.Tests.Shared;
using NJsonSchema;

namespace CommitmentBot.Tests.Teams;

/// <summary><c>teams-package --out app.zip</c>: the zip an admin uploads to Teams.</summary>
[Collection(TeamsHostGroup.Name)]
public sealed class TeamsPackageVerbTests : IDisposable
{
    private const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private readonly string work = Directory.CreateTempSubdirectory("teams-package-verb-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "manifests", "teams", "manifest.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("manifests/teams/manifest.json not found above the test output.");
    }

    private static Task<JsonSchema> OfficialSchemaAsync() => OfficialTeamsSchema.LoadAsync(TestContext.Current.CancellationToken);

    private static async Task<(JsonNode Manifest, string Text, string[] Entries)> ReadPackageAsync(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var text = await reader.ReadToEndAsync();
        return (JsonNode.Parse(text)!, text, [.. zip.Entries.Select(e => e.FullName).Order()]);
    }

    [Fact]
    public async Task Run_WritesSchemaValidPackage_WithAppIdAndPublicUrl()
    {
        var schema = await OfficialSchemaAsync();
        var zipPath = Path.Combine(work, "out", "app.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TeamsPackageVerb.Run(
            ["--out", zipPath, "--manifest", Path.Combine(RepositoryRoot(), "manifests", "teams"), $"--Teams:AppId={AppId}", "--App:PublicUrl=https://bot.contoso.com/"],
            output,
            error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        Assert.Contains(zipPath, output.ToString(), StringComparison.Ordinal);
        var (manifest, text, entries) = await ReadPackageAsync(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], entries);
        Assert.Empty(schema.Validate(text).Select(e => e.ToString()));
        Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal(AppId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal("https://bot.contoso.com/privacy", manifest["developer"]!["privacyUrl"]!.GetValue<string>());
        Assert.Equal("https://bot.contoso.com/terms", manifest["developer"]!["termsOfUseUrl"]!.GetValue<string>());
        Assert.Equal(["bot.contoso.com"], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Theory]
    [InlineData(new[] { "--App:PublicUrl=https://bot.contoso.com" }, "Teams:AppId")]
    [InlineData(new[] { "--Teams:AppId=" + AppId }, "App:PublicUrl")]
    [InlineData(new[] { "--Teams:AppId=not-a-guid", "--App:PublicUrl=https://bot.contoso.com" }, "Teams:AppId")]
    [InlineData(new[] { "--Teams:AppId=" + AppId, "--App:PublicUrl=http://bot.contoso.com" }, "App:PublicUrl")]
    public void Run_ExitsWithTheKeyToFix_WhenASettingIsMissingOrBad(string[] settings, string key)
    {
        var zipPath = Path.Combine(work, "app.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TeamsPackageVerb.Run(["--out", zipPath, "--manifest", Path.Combine(RepositoryRoot(), "manifests", "teams"), .. settings], output, error);

        Assert.Equal(2, exit);
        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void Run_ReportsABrokenManifest_WithoutCrashing()
    {
        var broken = Directory.CreateDirectory(Path.Combine(work, "broken")).FullName;
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{ \"id\": ");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TeamsPackageVerb.Run(["--out", Path.Combine(work, "app.zip"), "--manifest", broken, $"--Teams:AppId={AppId}", "--App:PublicUrl=https://bot.contoso.com"], output, error);

        Assert.Equal(2, exit);
        Assert.Contains("not valid JSON", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltApp_RunsTheVerb_FromAFolderWithNoRepository_WithTheBuiltInManifestAndIcons()
    {
        var schema = await OfficialSchemaAsync();
        var zipPath = Path.Combine(work, "from-app.zip");

        // Nowhere near manifests/teams: the package must come from the copy built into the app.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "CommitmentBot.dll"), "teams-package", "--out", zipPath })
        {
            start.ArgumentList.Add(arg);
        }

        // Settings from the environment, as a deploy script would give them.
        start.Environment["Teams__AppId"] = AppId;
        start.Environment["App__PublicUrl"] = "https://bot.fabrikam.example";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("wrote", await stdout, StringComparison.Ordinal);
        var (manifest, text, entries) = await ReadPackageAsync(zipPath);
        Assert.Empty(schema.Validate(text).Select(e => e.ToString()));
        Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal("https://bot.fabrikam.example/privacy", manifest["developer"]!["privacyUrl"]!.GetValue<string>());
        using var zip = ZipFile.OpenRead(zipPath);
        foreach (var icon in entries.Where(e => e.EndsWith(".png", StringComparison.Ordinal)))
        {
            using var packed = new MemoryStream();
            await zip.GetEntry(icon)!.Open().CopyToAsync(packed);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot(), "manifests", "teams", icon)), packed.ToArray());
        }
    }

    [Fact]
    public async Task TeamsHost_ServesThePrivacyAndTermsPagesTheManifestLinksTo()
    {
        await using var host = await TeamsHost.StartAsync();

        foreach (var path in new[] { "/privacy", "/terms" })
        {
            using var response = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        }
    }
}
