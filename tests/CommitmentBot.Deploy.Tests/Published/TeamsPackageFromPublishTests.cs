using System.IO.Compression;
using System.Text.Json.Nodes;
using CommitmentBot.Deploy.Tests.Support;

namespace CommitmentBot.Deploy.Tests.Published;

/// <summary><c>teams-package</c> from the published app alone (as inside the container): the manifest and icons are built in.</summary>
public sealed class TeamsPackageFromPublishTests(PublishedApp published)
{
    [Fact]
    public async Task PublishedApp_BuildsTheTeamsPackage_FromAFolderWithNoRepository()
    {
        await published.EnsurePublishedAsync();
        var work = Directory.CreateTempSubdirectory("commitmentbot-teams-package-").FullName;
        try
        {
            var zipPath = Path.Combine(work, "app.zip");
            var run = await Tool.RunAsync(
                "dotnet",
                [published.AppDll, "teams-package", "--out", zipPath],
                workingDirectory: work,
                environment: new Dictionary<string, string> { ["Teams__AppId"] = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", ["App__PublicUrl"] = "https://bot.example.com" });

            Assert.True(run.ExitCode == 0, run.Both);
            using var zip = ZipFile.OpenRead(zipPath);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
            {
                var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
                Assert.Equal("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", manifest["id"]!.GetValue<string>());
            }

            foreach (var icon in new[] { "color.png", "outline.png" })
            {
                using var packed = new MemoryStream();
                await using (var entry = zip.GetEntry(icon)!.Open())
                {
                    await entry.CopyToAsync(packed);
                }

                Assert.Equal(await File.ReadAllBytesAsync(Repository.PathOf("manifests", "teams", icon)), packed.ToArray());
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
