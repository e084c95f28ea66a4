using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Teams.Tests.Fakes;
using CommitmentBot.TestSupport.BotFramework;
using NodaTime;

namespace CommitmentBot.Teams.Tests.Endpoint;

/// <summary>
/// Issue 9, item 13 on Teams: a playbook step pressed updates the checklist's card in place (the invoke's card
/// response for Action.Execute, updateActivity for Action.Submit), with done steps shown done and no step offered
/// that cannot or need not be taken; never a second copy of the checklist.
/// </summary>
public sealed class TeamsPlaybookUpdateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
    private TeamsTestApp app = null!;

    public async ValueTask InitializeAsync() => app = await TeamsTestApp.StartAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Commitment Promise() => new()
    {
        Id = 42,
        WorkspaceId = TeamsTestApp.TenantId,
        Number = 42,
        Text = "send the Q3 deck",
        Customer = "Acme",
        DueAt = new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero),
        CreatedAt = new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero),
        WindowStart = new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero),
        OwnerId = "ann",
        CreatedById = "ann",
        Status = CommitmentStatus.AtRisk,
    };

    /// <summary>The checklist as Core answers a press of "I own it": owned and the manager told, for a rep with or without one.</summary>
    private static OutboundMessage Ticked(bool hasManager)
    {
        var done = new HashSet<string> { SlipPlaybook.Own, SlipPlaybook.Customer };
        if (hasManager)
        {
            done.Add(SlipPlaybook.Manager);
        }

        return new OutboundMessage(MessageKind.Playbook, "Owned. Next: tell the customer.", SlipPlaybook.Sections(Promise(), done, "Ann", DateTimeZoneProviders.Tzdb["America/New_York"], Now, hasManager))
        {
            UpdatesOriginal = true,
        };
    }

    private static List<string> Verbs(JsonNode card) =>
        card.ToJsonString().Split("\"verb\":\"").Skip(1).Select(rest => rest[..rest.IndexOf('"', StringComparison.Ordinal)]).ToList();

    [Fact]
    public async Task Execute_OnTheChecklist_AnswersWithTheTickedCard_AndPostsNothingNew()
    {
        app.Handler.Reply = Ticked(hasManager: true);
        var activity = TestActivities.Execute(app.Microsoft.ServiceUrl, "pb-own:P-42", new JsonObject { ["actionId"] = "pb-own:P-42", ["section"] = "1" }, replyToId: "card-5");

        using var response = await app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        var card = body["value"]!;
        var text = card.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("✓ I own it", text, StringComparison.Ordinal);
        Assert.Contains("✓ Alert my manager", text, StringComparison.Ordinal);
        Assert.Contains("✓ Customer told", text, StringComparison.Ordinal);
        Assert.Contains("☐ Options listed", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Verbs(card), v => v is "pb-own:P-42" or "pb-manager:P-42" or "pb-customer:P-42");
        Assert.Contains("pb-options:P-42", Verbs(card));
        Assert.Empty(app.Microsoft.Calls); // the card in the invoke response replaces the pressed one: no new message
    }

    [Fact]
    public async Task Submit_OnTheChecklist_UpdatesThatCard_WithoutAlertMyManager_ForARepWithNoManager()
    {
        app.Handler.Reply = Ticked(hasManager: false);
        var value = new JsonObject { ["actionId"] = "pb-own:P-42", ["section"] = "1" };

        using var response = await app.PostAsync(TestActivities.Submit(app.Microsoft.ServiceUrl, value, replyToId: "card-6"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await FakeBotFramework.WaitUntilAsync(() => app.Microsoft.Accepted.Count == 1, "the card update");
        var update = Assert.Single(app.Microsoft.Accepted);
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/activities/card-6", update.Path, StringComparison.Ordinal);
        var card = update.Activity!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("✓ I own it", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Alert my manager", card, StringComparison.Ordinal);
        Assert.DoesNotContain("pb-manager:P-42", card, StringComparison.Ordinal);
    }
}
