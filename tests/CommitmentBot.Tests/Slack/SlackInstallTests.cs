using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage;
using CommitmentBot.Tests.Slack.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;

namespace CommitmentBot.Tests.Slack;

/// <summary>OAuth installs for many workspaces, and single-workspace mode, through the real host and its SQLite tables.</summary>
public sealed class SlackInstallTests
{
    private static async Task InstallAsync(SlackHost host, string code)
    {
        using var browser = host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var start = await browser.GetAsync("/slack/install");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(host.Slack.Url + "/oauth/v2/authorize", start.Headers.Location!.ToString(), StringComparison.Ordinal);
        var state = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();

        using var callback = await browser.GetAsync($"/slack/oauth/callback?code={code}&state={Uri.EscapeDataString(state)}");
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("installed", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> StoredTokensAsync(SlackHost host)
    {
        await using var connection = new SqliteConnection(host.Service<StorageOptions>().ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT workspace_id, bot_token_protected FROM installations WHERE platform = 'slack'";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }

    [Fact]
    public async Task Install_StoresEachTokenEncrypted_AndEachTeamIsServedWithItsOwnToken()
    {
        await using var host = await SlackHost.StartAsync(oauth: true);
        host.Slack.Grants["code-a"] = ("TA", "xoxb-team-a-secret");
        host.Slack.Grants["code-b"] = ("TB", "xoxb-team-b-secret");

        await InstallAsync(host, "code-a");
        await InstallAsync(host, "code-b");

        var stored = await StoredTokensAsync(host);
        Assert.Equal(["TA", "TB"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored.Values, token =>
        {
            Assert.DoesNotContain("xoxb", token, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", token, StringComparison.Ordinal);
        });

        await host.SayAsync("TA", "UA", "send revised quote for Acme in 3 hours");
        await host.SayAsync("TB", "UB", "book the demo for Globex in 3 hours");
        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        Assert.Equal("Bearer xoxb-team-a-secret", Assert.Single(host.Slack.MessagesIn("DUA")).Authorization);
        Assert.Equal("Bearer xoxb-team-b-secret", Assert.Single(host.Slack.MessagesIn("DUB")).Authorization);
        Assert.All(host.Slack.CallsTo("users.info").Where(c => c.Form["user"] == "UA"), c => Assert.Equal("Bearer xoxb-team-a-secret", c.Authorization));
    }

    [Fact]
    public async Task Uninstall_RemovesTheStoredToken_AndNothingIsSentThereAfterwards()
    {
        await using var host = await SlackHost.StartAsync(oauth: true);
        host.Slack.Grants["code-a"] = ("TA", "xoxb-team-a-secret");
        host.Slack.Grants["code-b"] = ("TB", "xoxb-team-b-secret");
        await InstallAsync(host, "code-a");
        await InstallAsync(host, "code-b");
        await host.SayAsync("TA", "UA", "send revised quote for Acme in 3 hours");
        await host.SayAsync("TB", "UB", "book the demo for Globex in 3 hours");

        using (var uninstalled = await host.EventAsync(new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "TA",
            ["api_app_id"] = "A1",
            ["event_id"] = "Ev-uninstall-1",
            ["event"] = new JsonObject { ["type"] = "app_uninstalled" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, uninstalled.StatusCode);
        }

        Assert.Equal(["TB"], (await StoredTokensAsync(host)).Keys);
        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        Assert.Empty(host.Slack.MessagesIn("DUA"));
        Assert.Single(host.Slack.MessagesIn("DUB"));
        Assert.DoesNotContain(host.Slack.Calls.Where(c => c.Method == "chat.postMessage"), c => c.Authorization == "Bearer xoxb-team-a-secret");
    }

    [Fact]
    public async Task Callback_WithARefusedCode_StoresNothing()
    {
        await using var host = await SlackHost.StartAsync(oauth: true);
        using var browser = host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var start = await browser.GetAsync("/slack/install");
        var state = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();

        using var callback = await browser.GetAsync($"/slack/oauth/callback?code=unknown&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("invalid_code", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await StoredTokensAsync(host));
    }

    [Fact]
    public async Task SingleWorkspaceMode_UsesTheConfiguredToken_AndOffersNoInstall()
    {
        await using var host = await SlackHost.StartAsync();
        using var browser = host.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var install = await browser.GetAsync("/slack/install");
        await host.SayAsync("T1", "UREP", "send revised quote for Acme in 3 hours");
        await host.AdvanceAsync(TimeSpan.FromHours(2.5));

        Assert.Equal(HttpStatusCode.NotFound, install.StatusCode);
        Assert.Equal("Bearer " + SlackHost.BotToken, Assert.Single(host.Slack.MessagesIn("DUREP")).Authorization);
        Assert.Empty(await StoredTokensAsync(host));
        Assert.NotNull(await host.Service<ICommitmentStore>().FindByNumberAsync("T1", 1, CancellationToken.None));
    }
}
