using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Teams;

/// <summary>A person in Teams: their Entra object id (stable), the per-bot <c>29:</c> id, their 1:1 chat with the bot.</summary>
public sealed record TeamsUser(string ObjectId, string Name, string Tenant, string? Zone = "America/Los_Angeles")
{
    public string MemberId => "29:" + ObjectId;

    public string ChatId => "a:chat-" + ObjectId;
}

/// <summary>A team channel the bot is installed in.</summary>
public sealed record TeamsChannel(string ChannelId, string TeamId, string Tenant);

/// <summary>
/// The real app (<see cref="TestApp"/>, fake clock) configured for Teams against <see cref="FakeBotFramework"/>,
/// with helpers that speak to <c>/api/messages</c> as Teams would and wait for what the bot posts back.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    public const string TenantA = "tenant-contoso";
    public const string TenantB = "tenant-fabrikam";

    private static int activityIds = 5000;

    private TeamsHost(FakeBotFramework microsoft, TestApp app)
    {
        Microsoft = microsoft;
        App = app;
        Http = app.CreateClient();
    }

    public FakeBotFramework Microsoft { get; }

    public TestApp App { get; }

    public HttpClient Http { get; }

    /// <summary>Monday 23 November 2026, 09:00 in Los Angeles.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 17, 0, 0, TimeSpan.Zero);

    public static async Task<TeamsHost> StartAsync(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var microsoft = await FakeBotFramework.StartAsync();
        var settings = Settings(microsoft);
        configure?.Invoke(settings);
        var app = new TestApp(settings, Start, services);
        return new TeamsHost(microsoft, app);
    }

    /// <summary>Teams settings that point every Microsoft endpoint at the fake.</summary>
    public static Dictionary<string, string?> Settings(FakeBotFramework microsoft)
    {
        ArgumentNullException.ThrowIfNull(microsoft);
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Teams:AppId"] = BotTokens.AppId,
            ["Teams:AppPassword"] = "test-secret",
            ["Teams:TenantId"] = TenantA,
            ["Teams:OpenIdMetadataUrl"] = microsoft.OpenIdMetadataUrl,
            ["Teams:TokenUrl"] = microsoft.TokenUrl,
            ["Teams:TrustedServiceUrls:0"] = microsoft.ServiceUrl,
            ["Teams:FallbackServiceUrl"] = microsoft.ServiceUrl,
            ["Teams:ConnectorRetryBaseDelay"] = "00:00:00.010",
            ["Teams:ConnectorTimeout"] = "00:00:05",
        };
    }

    public static string NextActivityId() => Interlocked.Increment(ref activityIds).ToString(CultureInfo.InvariantCulture);

    public DateTimeOffset Now => App.Clock.GetUtcNow();

    /// <summary>POSTs an activity with a valid channel token at the app's clock.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization ?? "Bearer " + BotTokens.Issue(Microsoft.Key, Now, Microsoft.ServiceUrl));
        return await Http.SendAsync(request);
    }

    /// <summary>Posts a non-invoke activity, checks it is accepted, and waits for the bot's reply to it.</summary>
    public async Task<ConnectorCall> SendAndWaitForReplyAsync(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var id = activity["id"]!.GetValue<string>();
        using var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var suffix = "/activities/" + Uri.EscapeDataString(id);
        ConnectorCall? reply = null;
        await FakeBotFramework.WaitUntilAsync(
            () => (reply = Microsoft.Calls.FirstOrDefault(c => c.Delivered && c.Path.EndsWith(suffix, StringComparison.Ordinal))) is not null,
            $"the reply to activity {id}",
            detail: () => "The connector saw: " + Microsoft.Describe());
        return reply!;
    }

    /// <summary>The user types <paramref name="text"/> in their 1:1 chat with the bot; returns the reply.</summary>
    public Task<ConnectorCall> SayAsync(TeamsUser user, string text, string? id = null) =>
        SendAndWaitForReplyAsync(TeamsActivities.Message(Microsoft.ServiceUrl, user, text, id));

    /// <summary>The user @mentions the bot in a channel; returns the reply (threaded under the message).</summary>
    public Task<ConnectorCall> SayInChannelAsync(TeamsUser user, TeamsChannel channel, string text, params TeamsUser[] mentioned) =>
        SendAndWaitForReplyAsync(TeamsActivities.ChannelMessage(Microsoft.ServiceUrl, user, channel, text, mentioned));

    /// <summary>The user installs the app personally; returns the welcome message.</summary>
    public async Task<ConnectorCall> InstallAsync(TeamsUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var before = Microsoft.MessagesIn(user.ChatId).Count;
        using var response = await PostAsync(TeamsActivities.PersonalInstall(Microsoft.ServiceUrl, user));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => Microsoft.MessagesIn(user.ChatId).Count > before, "the welcome message", detail: () => "The connector saw: " + Microsoft.Describe());
        return Microsoft.MessagesIn(user.ChatId)[before];
    }

    /// <summary>
    /// Presses the button <paramref name="actionId"/> on a card the bot sent, as Teams does for
    /// <c>Action.Execute</c> (an <c>adaptiveCard/action</c> invoke); returns the invoke response.
    /// </summary>
    public async Task<JsonNode> PressAsync(TeamsUser user, ConnectorCall card, string actionId, IDictionary<string, string>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var action = CardText.FindAction(card.Card, actionId) ?? throw new InvalidOperationException($"The card has no button {actionId}:\n{card.Text}");
        var data = (JsonObject)(action["data"]?.DeepClone() ?? new JsonObject());
        foreach (var (key, value) in inputs ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        var conversation = card.ConversationId ?? user.ChatId;
        var invoke = TeamsActivities.Execute(Microsoft.ServiceUrl, user, conversation, action["verb"]!.GetValue<string>(), data, card.ResponseId!);
        using var response = await PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Microsoft.DisposeAsync();
    }
}
