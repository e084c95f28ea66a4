using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Tests.Fakes;

namespace CommitmentBot.Teams.Tests;

public sealed class ActivityReaderTests
{
    private static Activity Parse(JsonObject json) => JsonSerializer.Deserialize(json.ToJsonString(), TeamsJsonContext.Default.Activity)!;

    [Theory]
    [InlineData("promise send the quote by Friday", "send the quote by Friday")]
    [InlineData("Promise   list", "list")]
    [InlineData("/promise done P-42", "done P-42")]
    [InlineData("send the quote by Friday", "send the quote by Friday")]
    [InlineData("promises are hard by Friday", "promises are hard by Friday")]
    [InlineData("<at>CommitmentBot</at> promise list", "list")]
    [InlineData("<p>done&nbsp;P-42</p>", "done P-42")]
    [InlineData("Acme: quote &amp; samples by 12/5", "Acme: quote & samples by 12/5")]
    [InlineData("promise", "")]
    public void CommandTextOf_CleansText(string text, string expected)
    {
        var activity = Parse(TestActivities.Message("https://smba.trafficmanager.net/amer/", text));

        Assert.Equal(expected, ActivityReader.CommandTextOf(activity));
    }

    [Fact]
    public void CommandTextOf_KeepsOtherPeoplesNames_WhenNoReplacementIsGiven()
    {
        var json = TestActivities.ChannelMessage("https://smba.trafficmanager.net/amer/", "<at>CommitmentBot</at> record <at>Lee &amp; Co</at>");
        json["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "29:lee", ["name"] = "Lee & Co" },
            ["text"] = "<at>Lee &amp; Co</at>",
        });

        Assert.Equal("record Lee & Co", ActivityReader.CommandTextOf(Parse(json)));
    }

    [Fact]
    public void TimeZoneOf_FallsBackToLocalTimezone_WhenClientInfoHasNone()
    {
        var json = TestActivities.Message("https://x/", "list", timezone: null);
        json["localTimezone"] = "Europe/Berlin";

        Assert.Equal("Europe/Berlin", ActivityReader.TimeZoneOf(Parse(json)));
    }

    [Fact]
    public void RequestKeyOf_DiffersByConversation_WhenIdsRepeat()
    {
        var first = TestActivities.Message("https://x/", "list", id: "1700000000000");
        var second = TestActivities.Message("https://x/", "list", id: "1700000000000");
        second["conversation"]!["id"] = "a:someone-else";

        // The channel's retry of the first activity: same id and conversation, delivered again.
        var retry = TestActivities.Message("https://x/", "list", id: "1700000000000");

        Assert.NotEqual(ActivityReader.RequestKeyOf(Parse(first)), ActivityReader.RequestKeyOf(Parse(second)));
        Assert.Equal(ActivityReader.RequestKeyOf(Parse(first)), ActivityReader.RequestKeyOf(Parse(retry)));
    }

    [Fact]
    public void ChannelIdOf_DropsThreadSuffix_WhenChannelDataIsMissing()
    {
        var json = TestActivities.ChannelMessage("https://x/", "hi");
        json["channelData"]!.AsObject().Remove("channel");

        Assert.Equal(TestActivities.ChannelId, ActivityReader.ChannelIdOf(Parse(json)));
    }

    [Fact]
    public void TenantOf_ReadsChannelData_WhenConversationHasNoTenant()
    {
        var json = TestActivities.Message("https://x/", "list");
        json["conversation"]!.AsObject().Remove("tenantId");

        Assert.Equal(TeamsTestApp.TenantId, ActivityReader.TenantOf(Parse(json)));
    }
}
