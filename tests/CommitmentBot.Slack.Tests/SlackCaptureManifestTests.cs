using System.Text.Json.Nodes;
using CommitmentBot.Slack.Inbound;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CommitmentBot.Slack.Tests;

/// <summary>
/// Both Slack manifests (HTTP and Socket Mode) validate against Slack's official manifest schema, and declare the
/// shortcut, the events and the scopes capture and noticing need.
/// </summary>
public sealed class SlackCaptureManifestTests
{
    private static JsonObject Load(string file)
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, file));
        var stream = new YamlStream();
        stream.Load(reader);
        return ToJson(stream.Documents[0].RootNode)!.AsObject();
    }

    // YAML's plain true/false are booleans; everything else in these manifests is a string.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static async Task<JsonSchema> SchemaAsync()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "manifest.schema.1.0.0.json");
        if (!File.Exists(path))
        {
            const string message = "Slack's manifest schema (shared/schemas/slack/manifest.schema.1.0.0.json beside the repository) is missing.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        return await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket.yaml")]
    public async Task Manifest_ValidatesAgainstSlacksSchema(string file)
    {
        var schema = await SchemaAsync();

        var errors = schema.Validate(Load(file).ToJsonString());

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task Schema_RejectsABrokenManifest()
    {
        var schema = await SchemaAsync();
        var broken = Load("manifest.yaml");
        broken["features"]!["shortcuts"]![0]!["type"] = "sideways";

        Assert.NotEmpty(schema.Validate(broken.ToJsonString()));
    }

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket.yaml")]
    public void Manifest_DeclaresTrackAsAPromise_AndTheChannelMessageEvents(string file)
    {
        var manifest = Load(file);

        var shortcut = manifest["features"]!["shortcuts"]!.AsArray().Single()!;
        Assert.Equal("Track as a promise", shortcut["name"]!.GetValue<string>());
        Assert.Equal("message", shortcut["type"]!.GetValue<string>());
        Assert.Equal(SlackCaptureHandler.ShortcutCallbackId, shortcut["callback_id"]!.GetValue<string>());
        var events = manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("message.channels", events);
        Assert.Contains("message.groups", events);
        var scopes = manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Equal(SlackOptions.DefaultBotScopes.Split(','), scopes);
        Assert.Superset(new HashSet<string> { "channels:history", "groups:history", "chat:write", "team:read", "channels:read", "groups:read" }, scopes.ToHashSet());
    }

    [Fact]
    public void SocketManifest_EnablesSocketMode_AndNeedsNoPublicUrl()
    {
        var manifest = Load("manifest.socket.yaml");

        Assert.True(manifest["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
        Assert.DoesNotContain("https://", manifest.ToJsonString(), StringComparison.Ordinal);
        Assert.False(Load("manifest.yaml")["settings"]!["socket_mode_enabled"]!.GetValue<bool>());
    }
}
