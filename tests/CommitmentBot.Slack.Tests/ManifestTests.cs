using YamlDotNet.RepresentationModel;

namespace CommitmentBot.Slack.Tests;

/// <summary>The app manifest agrees with what the code serves and asks for.</summary>
public sealed class ManifestTests
{
    private static readonly YamlMappingNode Manifest = Load();

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "manifest.yaml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(params string[] path) =>
        path.Aggregate((YamlNode)Manifest, (node, key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)]);

    private static string Text(params string[] path) => ((YamlScalarNode)At(path)).Value!;

    private static List<string> List(params string[] path) => ((YamlSequenceNode)At(path)).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    [Fact]
    public void Manifest_DeclaresThePromiseCommandWithEscapedMentions()
    {
        var command = (YamlMappingNode)((YamlSequenceNode)At("features", "slash_commands")).Children.Single();

        Assert.Equal("/promise", ((YamlScalarNode)command.Children[new YamlScalarNode("command")]).Value);
        Assert.Equal("https://commitmentbot.example.com/slack/commands", ((YamlScalarNode)command.Children[new YamlScalarNode("url")]).Value);
        Assert.Equal("true", ((YamlScalarNode)command.Children[new YamlScalarNode("should_escape")]).Value);
    }

    [Fact]
    public void Manifest_AsksForTheScopesTheInstallLinkRequests()
    {
        Assert.Equal(SlackOptions.DefaultBotScopes.Split(','), List("oauth_config", "scopes", "bot"));
        Assert.Equal(["https://commitmentbot.example.com/slack/oauth/callback"], List("oauth_config", "redirect_urls"));
    }

    [Fact]
    public void Manifest_SubscribesToTheEventsTheAppHandles()
    {
        Assert.Equal(["app_home_opened", "app_uninstalled", "tokens_revoked", "message.channels", "message.groups"], List("settings", "event_subscriptions", "bot_events"));
        Assert.Equal("https://commitmentbot.example.com/slack/events", Text("settings", "event_subscriptions", "request_url"));
        Assert.Equal("true", Text("settings", "interactivity", "is_enabled"));
        Assert.Equal("https://commitmentbot.example.com/slack/interactivity", Text("settings", "interactivity", "request_url"));
        Assert.Equal("true", Text("features", "app_home", "home_tab_enabled"));
    }

    [Fact]
    public void Manifest_CoversTheHistoryScopesTheSenderNeedsToFindSentMessages()
    {
        var scopes = List("oauth_config", "scopes", "bot");

        Assert.Contains("im:history", scopes);
        Assert.Contains("channels:history", scopes);
        Assert.Contains("chat:write.public", scopes);
    }
}
