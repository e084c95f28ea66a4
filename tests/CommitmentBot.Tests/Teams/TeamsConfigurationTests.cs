using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Slack;
using CommitmentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Teams;

/// <summary>How the host reads Teams settings: alongside Slack, and refusing to start when one is missing.</summary>
[Collection(TeamsHostGroup.Name)]
public sealed class TeamsConfigurationTests : IAsyncLifetime
{
    private const string SlackSecret = "slack-signing-secret-for-tests";
    private static readonly TeamsUser Dana = new("aad-dana", "Dana Rep", TeamsHost.TenantA);

    private FakeBotFramework microsoft = null!;
    private FakeSlack slackApi = null!;

    public async ValueTask InitializeAsync()
    {
        microsoft = await FakeBotFramework.StartAsync();
        slackApi = await FakeSlack.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await microsoft.DisposeAsync();
        await slackApi.DisposeAsync();
    }

    /// <summary>
    /// Issue 9.4: with Teams configured the outbox's delivery service (a singleton) took the scoped Teams sender, and a
    /// host that validates scopes (Development does; TestApp does too) refused to start.
    /// </summary>
    [Fact]
    public async Task TeamsHost_StartsWithScopeValidation_AndTheDeliveryServiceHoldsTheTeamsSender()
    {
        await using var host = await TeamsHost.StartAsync();

        var delivery = host.App.Services.GetRequiredService<NotificationDelivery>();
        var senders = host.App.Services.GetServices<IChatSender>().ToList();

        Assert.NotNull(delivery);
        Assert.Single(senders, s => s.Platform == "teams");
        using var scope = host.App.Services.CreateScope();
        Assert.Same(senders.Single(s => s.Platform == "teams"), scope.ServiceProvider.GetServices<IChatSender>().Single(s => s.Platform == "teams"));
    }

    [Fact]
    public async Task SlackAndTeamsTogether_ServeBothEndpoints_FromOneApp()
    {
        await using var host = await TeamsHost.StartAsync(settings =>
        {
            settings["Slack:SigningSecret"] = SlackSecret;
            settings["Slack:BotToken"] = "xoxb-test-token";
            settings["Slack:TeamId"] = "T0SLACK"; // single-workspace mode serves the token's team only (issue 9.6)
            settings["Slack:ApiBaseUrl"] = slackApi.ApiBaseUrl;
        });

        // Slack: a signed slash command is answered inline.
        var form = new Dictionary<string, string>
        {
            ["command"] = "/promise",
            ["text"] = "send revised quote for Acme by Friday 3pm",
            ["team_id"] = "T0SLACK",
            ["user_id"] = "U0ANA",
            ["user_name"] = "ana",
            ["channel_id"] = "D0ANA",
            ["channel_name"] = "directmessage",
            ["response_url"] = slackApi.ResponseUrl("response"),
            ["trigger_id"] = "trigger-1",
        };
        var body = string.Join('&', form.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        using var slack = await host.Http.SendAsync(SlackRequest("/slack/commands", body, host.Now));
        Assert.Equal(HttpStatusCode.OK, slack.StatusCode);
        var slackReply = await slack.Content.ReadAsStringAsync();
        Assert.Contains("P-1", slackReply, StringComparison.Ordinal);

        // Teams: a signed activity is answered through the connector.
        var teamsReply = await host.SayAsync(Dana, "send the pilot plan for Globex by Friday 3pm");
        Assert.Equal("Got it: P-1 is saved. I'll keep an eye on it.", teamsReply.Headline);

        // Two workspaces, each with its own platform and numbering; unsigned requests are refused on both.
        var workspaces = host.App.Services.GetRequiredService<IWorkspaceStore>();
        Assert.Equal("slack", (await workspaces.FindAsync("T0SLACK", CancellationToken.None))?.Platform);
        Assert.Equal("teams", (await workspaces.FindAsync(TeamsHost.TenantA, CancellationToken.None))?.Platform);
        using var unsignedSlack = await host.Http.PostAsync("/slack/commands", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsignedSlack.StatusCode);
        using var unsignedTeams = await host.PostAsync(TeamsActivities.Message(host.Microsoft.ServiceUrl, Dana, "list"), "Bearer not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, unsignedTeams.StatusCode);
    }

    [Theory]
    [InlineData("Teams:AppPassword", null, "Teams:AppPassword")]
    [InlineData("Teams:TenantId", null, "Teams:TenantId")]
    [InlineData("Teams:AppId", null, "Teams:AppId")]
    [InlineData("Teams:OpenIdMetadataUrl", "not a url", "Teams:OpenIdMetadataUrl")]
    [InlineData("Teams:TokenUrl", "ftp://tokens", "Teams:TokenUrl")]
    [InlineData("Teams:ConnectorMaxAttempts", "0", "Teams:ConnectorMaxAttempts")]
    [InlineData("Teams:ActivityWorkers", "0", "Teams:ActivityWorkers")]
    public void MissingOrBadTeamsSetting_FailsStartUp_NamingTheKey(string key, string? value, string named)
    {
        var settings = TeamsHost.Settings(microsoft);
        settings[key] = value;
        using var app = new TestApp(settings, TeamsHost.Start);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoChatSettings_TheMessagesEndpointIsNotServed()
    {
        using var app = new TestApp(new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });
        using var http = app.CreateClient();

        using var response = await http.PostAsync("/api/messages", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"got {response.StatusCode}");
    }

    private static HttpRequestMessage SlackRequest(string path, string body, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SlackSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    private static string Flatten(Exception error)
    {
        var text = new StringBuilder();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.Message);
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    text.AppendLine(Flatten(inner));
                }
            }
        }

        return text.ToString();
    }
}
