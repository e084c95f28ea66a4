using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Tests.Support;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.TestSupport.Stores;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Tests;

public sealed class OAuthInstallTests
{
    private static readonly Dictionary<string, string?> MultiWorkspace = new()
    {
        ["Slack:BotToken"] = null,
        ["Slack:ClientId"] = "123.456",
        ["Slack:ClientSecret"] = "client-secret",
        ["Slack:RedirectUri"] = "https://commitmentbot.example.com/slack/oauth/callback",
        ["Slack:AuthorizeUrl"] = "https://slack.test/oauth/v2/authorize",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeSlack.Script Granted(string team = "T9", string token = "xoxb-globex-token") => FakeSlack.Json(new JsonObject
    {
        ["ok"] = true,
        ["access_token"] = token,
        ["token_type"] = "bot",
        ["scope"] = "commands,chat:write",
        ["bot_user_id"] = "UBOT9",
        ["app_id"] = "A1",
        ["team"] = new JsonObject { ["id"] = team, ["name"] = "Globex <Corp>" },
        ["enterprise"] = null,
        ["is_enterprise_install"] = false,
        ["authed_user"] = new JsonObject { ["id"] = "U9" },
    });

    private static async Task<string> StartInstallAsync(SlackTestApp app)
    {
        using var response = await app.Client.GetAsync("/slack/install", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        return query["state"].ToString();
    }

    [Fact]
    public async Task Install_RedirectsToSlackWithScopesRedirectAndState()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);

        using var response = await app.Client.GetAsync("/slack/install", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https://slack.test/oauth/v2/authorize", location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("123.456", query["client_id"].ToString());
        Assert.Equal(SlackOptions.DefaultBotScopes, query["scope"].ToString());
        Assert.Equal("https://commitmentbot.example.com/slack/oauth/callback", query["redirect_uri"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
    }

    [Fact]
    public async Task Callback_StoresTheTokenEncrypted()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        app.Api.Enqueue("oauth.v2.access", Granted());
        var state = await StartInstallAsync(app);

        using var response = await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Globex &lt;Corp&gt;", page, StringComparison.Ordinal);
        var exchange = Assert.Single(app.Api.CallsTo("oauth.v2.access"));
        Assert.Equal("code-1", exchange.Form["code"]);
        Assert.Equal("https://commitmentbot.example.com/slack/oauth/callback", exchange.Form["redirect_uri"]);

        var installation = app.Installations.All["T9"];
        Assert.Equal("T9", installation.TeamId);
        Assert.Equal("UBOT9", installation.BotUserId);
        Assert.Equal("commands,chat:write", installation.Scopes);
        Assert.DoesNotContain("xoxb", installation.BotTokenProtected, StringComparison.Ordinal);
        Assert.DoesNotContain("globex-token", installation.BotTokenProtected, StringComparison.Ordinal);
        Assert.Equal("xoxb-globex-token", app.Services.GetRequiredService<SlackTokenProtector>().TryUnprotect(installation.BotTokenProtected));
    }

    [Fact]
    public async Task Callback_MakesTheNewTokenTheOneUsedForThatWorkspace()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        app.Api.Enqueue("oauth.v2.access", Granted());
        var state = await StartInstallAsync(app);
        using (await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={Uri.EscapeDataString(state)}", Ct))
        {
        }

        using var response = await app.PostEventAsync(new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T9",
            ["event_id"] = "Ev1",
            ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U9", ["tab"] = "home" },
        });

        var publish = await app.Api.WaitForCallAsync("views.publish");
        Assert.Equal("Bearer xoxb-globex-token", publish.Authorization);
    }

    [Fact]
    public async Task Callback_RefusesAStateUsedTwice()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        app.Api.Enqueue("oauth.v2.access", Granted());
        app.Api.Enqueue("oauth.v2.access", Granted(token: "xoxb-second"));
        var state = await StartInstallAsync(app);
        using (await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={Uri.EscapeDataString(state)}", Ct))
        {
        }

        using var again = await app.Client.GetAsync($"/slack/oauth/callback?code=code-2&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("expired or was already used", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single(app.Api.CallsTo("oauth.v2.access"));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Callback_RefusesAStateItDidNotCreate(string state)
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);

        using var response = await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={state}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired or was already used", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(app.Api.Calls);
        Assert.Empty(app.Installations.All);
    }

    [Fact]
    public async Task Callback_RefusesAnExpiredState()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        var states = app.Services.GetRequiredService<ISlackOAuthStateStore>();
        var state = await states.CreateAsync(DateTimeOffset.UtcNow.AddMinutes(-1), Ct);

        using var response = await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(app.Api.Calls);
    }

    [Theory]
    [InlineData("?error=access_denied&state=x", "access_denied")]
    [InlineData("?state=x", "code and state")]
    [InlineData("?code=abc", "code and state")]
    public async Task Callback_Returns400WithAMessage_ForIncompleteCallbacks(string query, string message)
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);

        using var response = await app.Client.GetAsync("/slack/oauth/callback" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(app.Api.Calls);
    }

    [Fact]
    public async Task Callback_Returns400_WhenSlackRefusesTheCode()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        app.Api.Enqueue("oauth.v2.access", FakeSlack.Error("invalid_code"));
        var state = await StartInstallAsync(app);

        using var response = await app.Client.GetAsync($"/slack/oauth/callback?code=old&state={Uri.EscapeDataString(state)}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_code", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(app.Installations.All);
    }

    [Fact]
    public async Task Uninstall_DeletesTheTokenAndStopsUsingIt()
    {
        await using var app = await SlackTestApp.StartAsync(MultiWorkspace);
        app.Api.Enqueue("oauth.v2.access", Granted());
        var state = await StartInstallAsync(app);
        using (await app.Client.GetAsync($"/slack/oauth/callback?code=code-1&state={Uri.EscapeDataString(state)}", Ct))
        {
        }

        var tokens = app.Services.GetRequiredService<ISlackTokenSource>();
        Assert.Equal("xoxb-globex-token", await tokens.FindBotTokenAsync("T9", Ct));

        using var response = await app.PostEventAsync(new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T9",
            ["event_id"] = "Ev2",
            ["event"] = new JsonObject { ["type"] = "app_uninstalled" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Installations.All);
        Assert.Null(await tokens.FindBotTokenAsync("T9", Ct));
    }

    [Fact]
    public async Task Install_Returns404WithAMessage_WhenOAuthIsNotConfigured()
    {
        await using var app = await SlackTestApp.StartAsync();

        using var response = await app.Client.GetAsync("/slack/install", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Slack:ClientId", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
