using System.IO.Compression;
using System.Text.Json.Nodes;
using CommitmentBot.Teams.Manifest;
using CommitmentBot.Tests.Shared;
using NJsonSchema;

namespace CommitmentBot.Teams.Tests.Manifest;

public sealed class TeamsPackageBuilderTests : IDisposable
{
    private const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private static readonly string ManifestDir = Path.Combine(AppContext.BaseDirectory, "manifest");
    private readonly string _work = Directory.CreateTempSubdirectory("teams-package-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static Task<JsonSchema> OfficialSchemaAsync() => OfficialTeamsSchema.LoadAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Template_IsValidAgainstOfficialSchema()
    {
        var schema = await OfficialSchemaAsync();

        var errors = schema.Validate(await File.ReadAllTextAsync(Path.Combine(ManifestDir, "manifest.json"), Ct));

        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("name.short", "A name much longer than thirty characters")]
    [InlineData("id", "not-a-guid")]
    [InlineData("bots.0.scopes.0", "everywhere")]
    [InlineData("accentColor", "blue")]
    [InlineData("manifestVersion", "1.28")]
    public async Task Schema_RejectsManifest_WhenAFieldIsWrong(string field, string value)
    {
        var schema = await OfficialSchemaAsync();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ManifestDir, "manifest.json"), Ct))!;
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate(manifest, (node, part) => int.TryParse(part, out var index) ? node[index]! : node[part]!);
        if (int.TryParse(parts[^1], out var last))
        {
            parent[last] = value;
        }
        else
        {
            parent[parts[^1]] = value;
        }

        Assert.NotEmpty(schema.Validate(manifest.ToJsonString()));
    }

    [Fact]
    public async Task Build_WritesSchemaValidManifestWithIdsAndHost_WhenGivenAppIdAndUrl()
    {
        var schema = await OfficialSchemaAsync();
        var zipPath = Path.Combine(_work, "out", "app.zip");

        var package = TeamsPackageBuilder.Build(ManifestDir, AppId, "https://bot.contoso.com/", zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        string manifestText;
        using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
        {
            manifestText = await reader.ReadToEndAsync(Ct);
        }

        Assert.Empty(schema.Validate(manifestText).Select(e => e.ToString()));
        var manifest = JsonNode.Parse(manifestText)!;
        Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal(AppId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal(["bot.contoso.com"], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("https://bot.contoso.com/privacy", manifest["developer"]!["privacyUrl"]!.GetValue<string>());
        Assert.Equal("https://bot.contoso.com/terms", manifest["developer"]!["termsOfUseUrl"]!.GetValue<string>());
        Assert.Equal(manifestText, package.Manifest.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public void Build_PackagesIconsOfTheSizesTeamsRequires()
    {
        var zipPath = Path.Combine(_work, "app.zip");

        TeamsPackageBuilder.Build(ManifestDir, AppId, "https://bot.contoso.com", zipPath);

        // PROTOCOLS: a 192×192 colour PNG and a 32×32 white-on-transparent outline PNG (so one with an alpha channel).
        using var zip = ZipFile.OpenRead(zipPath);
        var color = PngHeader.Read(Entry(zip, "color.png"));
        Assert.Equal((192, 192), (color.Width, color.Height));
        var outline = PngHeader.Read(Entry(zip, "outline.png"));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.True(outline.HasAlpha, $"the outline icon's colour type {outline.ColorType} has no alpha channel");
    }

    [Fact]
    public void Build_CommandListMatchesTheGrammar()
    {
        var package = TeamsPackageBuilder.Build(ManifestDir, AppId, "https://bot.contoso.com", Path.Combine(_work, "app.zip"));

        var bot = package.Manifest["bots"]![0]!;
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>());
        Assert.Equal(["help", "list", "done", "risk", "move", "missed", "cancel", "team", "record", "settings", "admin"], commands);
    }

    [Theory]
    [InlineData("not-a-guid", "https://bot.contoso.com")]
    [InlineData(AppId, "http://bot.contoso.com")]
    [InlineData(AppId, "bot.contoso.com")]
    public void Build_Refuses_WhenAppIdOrUrlIsBad(string appId, string url)
    {
        var error = Assert.Throws<ArgumentException>(() => TeamsPackageBuilder.Build(ManifestDir, appId, url, Path.Combine(_work, "app.zip")));

        Assert.Matches("Teams:AppId|App:PublicUrl", error.Message);
        Assert.False(File.Exists(Path.Combine(_work, "app.zip")));
    }

    [Fact]
    public void Build_TakesTheCommittedIcons_WhenFolderHasNone()
    {
        var bare = Directory.CreateDirectory(Path.Combine(_work, "bare")).FullName;
        File.Copy(Path.Combine(ManifestDir, "manifest.json"), Path.Combine(bare, "manifest.json"));

        TeamsPackageBuilder.Build(bare, AppId, "https://bot.contoso.com", Path.Combine(_work, "app.zip"));

        using var zip = ZipFile.OpenRead(Path.Combine(_work, "app.zip"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "color.png")), Entry(zip, "color.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "outline.png")), Entry(zip, "outline.png"));
    }

    [Fact]
    public void Build_Refuses_WhenAnIconIsNeitherInTheFolderNorBuiltIn()
    {
        var bare = Directory.CreateDirectory(Path.Combine(_work, "renamed")).FullName;
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(ManifestDir, "manifest.json")))!;
        manifest["icons"]!["outline"] = "outline-32.png";
        File.WriteAllText(Path.Combine(bare, "manifest.json"), manifest.ToJsonString());
        var zipPath = Path.Combine(_work, "app.zip");

        var error = Assert.Throws<InvalidDataException>(() => TeamsPackageBuilder.Build(bare, AppId, "https://bot.contoso.com", zipPath));

        Assert.Contains("outline-32.png", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void EmbeddedIcons_AreTheCommittedOnes()
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "color.png")), TeamsPackageBuilder.ReadEmbedded("color.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, "outline.png")), TeamsPackageBuilder.ReadEmbedded("outline.png"));
    }

    private static byte[] Entry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
