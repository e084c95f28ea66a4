using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;

namespace CommitmentBot.Teams.Tests.Endpoint;

/// <summary>Issue 9.3: authenticated activities with ids longer than storage keeps, or null entities, are refused with the reason or read around.</summary>
public sealed class MalformedActivityTests : IAsyncLifetime
{
    private TeamsTestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TeamsTestApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string ServiceUrl => _app.Microsoft.ServiceUrl;

    private static string Long(int length) => new('7', length);

    public static TheoryData<string, string> LongIds() => new()
    {
        { "message", "tenant" },
        { "message", "aadObjectId" },
        { "message", "from" },
        { "message", "conversation" },
        { "invoke", "tenant" },
        { "invoke", "aadObjectId" },
        { "channel", "channel" },
    };

    [Theory]
    [MemberData(nameof(LongIds))]
    public async Task AnIdLongerThanStorageKeeps_Is400WithTheReason(string kind, string which)
    {
        var activity = kind switch
        {
            "invoke" => TestActivities.Execute(ServiceUrl, "done", new JsonObject { ["id"] = "P-1" }),
            "channel" => TestActivities.ChannelMessage(ServiceUrl, "<at>CommitmentBot</at> list"),
            _ => TestActivities.Message(ServiceUrl, "list"),
        };
        switch (which)
        {
            case "tenant":
                activity["conversation"]!["tenantId"] = Long(300);
                break;
            case "aadObjectId":
                activity["from"]!["aadObjectId"] = Long(300);
                break;
            case "from":
                activity["from"]!["aadObjectId"] = null;
                activity["from"]!["id"] = Long(300);
                break;
            case "conversation":
                activity["conversation"]!["id"] = "a:" + Long(600);
                break;
            case "channel":
                activity["channelData"]!["channel"]!["id"] = "19:" + Long(300);
                break;
        }

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("characters long; CommitmentBot keeps up to", body, StringComparison.Ordinal);
        Assert.Empty(_app.Handler.Requests);
    }

    [Theory]
    [InlineData("conversation", "a:\u0000\u0001\u001f\u007f")]
    [InlineData("from", "29:ana\nbob")]
    [InlineData("tenant", "t\u0007")]
    public async Task AnIdWithControlCharacters_Is400WithTheReason_AndNothingRuns(string which, string id)
    {
        var activity = TestActivities.Message(ServiceUrl, "list");
        switch (which)
        {
            case "conversation":
                activity["conversation"]!["id"] = id;
                break;
            case "from":
                activity["from"]!["aadObjectId"] = null;
                activity["from"]!["id"] = id;
                break;
            default:
                activity["conversation"]!["tenantId"] = id;
                break;
        }

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("contains control characters", body, StringComparison.Ordinal);
        Assert.Empty(_app.Handler.Requests);
    }

    [Fact]
    public async Task NullEntities_AreIgnored_InAMessage()
    {
        var activity = TestActivities.Message(ServiceUrl, "promise list");
        activity["entities"] = new JsonArray(null, new JsonObject { ["type"] = "clientInfo", ["timezone"] = "Europe/Paris" }, null);

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the reply");
        var request = Assert.Single(_app.Handler.Requests);
        Assert.Equal("list", request.Text);
        Assert.Equal("Europe/Paris", request.PlatformTimeZone);
    }

    [Fact]
    public async Task NullMembers_AreIgnored_InAConversationUpdate()
    {
        var activity = TestActivities.PersonalInstall(ServiceUrl);
        activity["membersAdded"]!.AsArray().Insert(0, null);
        activity["membersRemoved"] = new JsonArray((JsonNode?)null);

        using var response = await _app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => _app.Microsoft.Accepted.Count == 1, "the welcome");
        Assert.Equal("help", Assert.Single(_app.Handler.Requests).Text);
    }

    [Fact]
    public void ActivityReader_SkipsNullEntities()
    {
        var activity = JsonSerializer.Deserialize("""{"type":"message","text":"<at>Lee</at> hi","entities":[null,{"type":"mention","text":"<at>Lee</at>","mentioned":{"id":"29:lee"}},null,{"type":"clientInfo","timezone":"Asia/Tokyo"}]}""", TeamsJsonContext.Default.Activity)!;

        Assert.Equal("Asia/Tokyo", ActivityReader.TimeZoneOf(activity));
        Assert.Equal("Lee hi", ActivityReader.CommandTextOf(activity));
    }

    [Fact]
    public void UnusableId_IsNullForAnOrdinaryActivity()
    {
        var activity = JsonSerializer.Deserialize(TestActivities.ChannelMessage("https://smba.example/amer/", "list").ToJsonString(), TeamsJsonContext.Default.Activity)!;

        Assert.Null(ActivityReader.UnusableId(activity));
    }
}
