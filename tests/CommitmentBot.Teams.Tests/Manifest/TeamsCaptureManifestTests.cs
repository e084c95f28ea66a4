using System.IO.Compression;
using System.Text.Json.Nodes;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Manifest;
using CommitmentBot.Tests.Shared;

namespace CommitmentBot.Teams.Tests.Manifest;

/// <summary>
/// The manifest's parts for SPEC's "Capture where the promise is made" (the message action) and "Noticing promises"
/// (resource-specific consent to channel messages), checked against the official v1.29 schema.
/// </summary>
public sealed class TeamsCaptureManifestTests : IDisposable
{
    private const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private static readonly string ManifestDir = Path.Combine(AppContext.BaseDirectory, "manifest");
    private readonly string _work = Directory.CreateTempSubdirectory("teams-capture-manifest-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static async Task<JsonNode> TemplateAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ManifestDir, "manifest.json"), Ct))!;

    [Fact]
    public async Task Template_HasTheTrackAsAPromiseMessageAction_ThatFetchesItsTask()
    {
        var manifest = await TemplateAsync();

        var extension = Assert.Single(manifest["composeExtensions"]!.AsArray())!;
        Assert.Equal(manifest["bots"]![0]!["botId"]!.GetValue<string>(), extension["botId"]!.GetValue<string>());
        var command = Assert.Single(extension["commands"]!.AsArray())!;
        Assert.Equal(TeamsActivityProcessor.TrackCommandId, command["id"]!.GetValue<string>());
        Assert.Equal("action", command["type"]!.GetValue<string>());
        Assert.Equal("Track as a promise", command["title"]!.GetValue<string>());
        Assert.Equal(["message"], command["context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(command["fetchTask"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Template_AsksForChannelMessagesThroughResourceSpecificConsent()
    {
        var manifest = await TemplateAsync();

        var permission = Assert.Single(manifest["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray())!;
        Assert.Equal("ChannelMessage.Read.Group", permission["name"]!.GetValue<string>());
        Assert.Equal("Application", permission["type"]!.GetValue<string>());
        Assert.NotNull(manifest["webApplicationInfo"]?["id"]);
        Assert.False(string.IsNullOrEmpty(manifest["webApplicationInfo"]?["resource"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("context", "everywhere")]
    [InlineData("type", "button")]
    public async Task Schema_RejectsTheMessageAction_WhenAFieldIsWrong(string field, string value)
    {
        var schema = await OfficialTeamsSchema.LoadAsync(Ct);
        var manifest = await TemplateAsync();
        var command = manifest["composeExtensions"]![0]!["commands"]![0]!;
        command[field] = field == "context" ? new JsonArray(value) : value;

        Assert.NotEmpty(schema.Validate(manifest.ToJsonString()));
    }

    [Fact]
    public async Task Build_PutsTheAppIdIntoTheExtensionAndWebApplicationInfo_AndStaysSchemaValid()
    {
        var schema = await OfficialTeamsSchema.LoadAsync(Ct);
        var zipPath = Path.Combine(_work, "app.zip");

        TeamsPackageBuilder.Build(ManifestDir, AppId, "https://bot.contoso.com/", zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        string text;
        using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
        {
            text = await reader.ReadToEndAsync(Ct);
        }

        Assert.Empty(schema.Validate(text).Select(e => e.ToString()));
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(AppId, manifest["composeExtensions"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal(AppId, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal($"api://bot.contoso.com/{AppId}", manifest["webApplicationInfo"]!["resource"]!.GetValue<string>());
    }
}
