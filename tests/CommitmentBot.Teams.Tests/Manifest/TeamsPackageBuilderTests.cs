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
    public void Build_PackagesIconsOfTheRightSizes()
    {
        var zipPath = Path.Combine(_work, "app.zip");

        TeamsPackageBuilder.Build(ManifestDir, AppId, "https://bot.contoso.com", zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        var color = Read(zip, "color.png");
        Assert.Equal((192, 192), (color.Width, color.Height));
        var outline = Read(zip, "outline.png");
        Assert.Equal((32, 32), (outline.Width, outline.Height));

        // Outline: every pixel white, shape carried by alpha alone, with both see-through and solid parts.
        var alphas = new List<byte>();
        for (var i = 0; i < outline.Rgba.Length; i += 4)
        {
            if (outline.Rgba[i + 3] > 0)
            {
                Assert.Equal((255, 255, 255), (outline.Rgba[i], outline.Rgba[i + 1], outline.Rgba[i + 2]));
            }

            alphas.Add(outline.Rgba[i + 3]);
        }

        Assert.Contains((byte)0, alphas);
        Assert.Contains((byte)255, alphas);

        // Colour: opaque in the middle of the tile.
        Assert.Equal(255, color.Rgba[(((96 * 192) + 20) * 4) + 3]);
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
    public void Build_PaintsIcons_WhenFolderHasNone()
    {
        var bare = Directory.CreateDirectory(Path.Combine(_work, "bare")).FullName;
        File.Copy(Path.Combine(ManifestDir, "manifest.json"), Path.Combine(bare, "manifest.json"));

        TeamsPackageBuilder.Build(bare, AppId, "https://bot.contoso.com", Path.Combine(_work, "app.zip"));

        using var zip = ZipFile.OpenRead(Path.Combine(_work, "app.zip"));
        Assert.Equal(192, Read(zip, "color.png").Width);
        Assert.Equal(32, Read(zip, "outline.png").Width);
    }

    [Fact]
    public void CommittedIcons_AreWhatThePainterDraws()
    {
        Assert.Equal(TeamsIconPainter.PaintColor(), File.ReadAllBytes(Path.Combine(ManifestDir, "color.png")));
        Assert.Equal(TeamsIconPainter.PaintOutline(), File.ReadAllBytes(Path.Combine(ManifestDir, "outline.png")));
    }

    private static (int Width, int Height, byte[] Rgba) Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return PngImage.Decode(buffer.ToArray());
    }
}
