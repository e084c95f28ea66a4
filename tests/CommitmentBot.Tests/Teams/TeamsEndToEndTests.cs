using System.Net;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.References;
using CommitmentBot.TestSupport.BotFramework;
using CommitmentBot.TestSupport.Due;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Teams;

/// <summary>
/// Teams through the whole app: signed activities into <c>/api/messages</c>, the real command runner and
/// SQLite storage, the fake clock driving the sweep and deliveries, and every outbound call landing at
/// <see cref="FakeBotFramework"/>.
/// </summary>
[Collection(TeamsHostGroup.Name)]
public sealed class TeamsEndToEndTests : IAsyncLifetime
{
    private static readonly TeamsUser Dana = new("aad-dana", "Dana Rep", TeamsHost.TenantA);
    private static readonly TeamsUser Maria = new("aad-maria", "Maria Manager", TeamsHost.TenantA, "America/New_York");
    private static readonly TeamsUser Eli = new("aad-eli", "Eli Rep", TeamsHost.TenantA);
    private static readonly TeamsUser Bob = new("aad-bob", "Bob Fabrikam", TeamsHost.TenantB);
    private static readonly TeamsChannel Escalations = new("19:escalations@thread.tacv2", "19:sales-general@thread.tacv2", TeamsHost.TenantA);

    private TeamsHost host = null!;

    public async ValueTask InitializeAsync() => host = await TeamsHost.StartAsync();

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private T Service<T>()
        where T : notnull => host.App.Services.GetRequiredService<T>();

    private async Task<Commitment> CommitmentAsync(string tenant, int number) =>
        await Service<ICommitmentStore>().FindByNumberAsync(tenant, number, CancellationToken.None)
            ?? throw new InvalidOperationException($"No P-{number} in {tenant}.");

    /// <summary>Dana installs the app; Maria (the first admin) names the escalation channel and becomes Dana's manager.</summary>
    private async Task SetUpTeamAsync()
    {
        await host.InstallAsync(Dana);
        var channel = await host.SayInChannelAsync(Maria, Escalations, "admin channel");
        Assert.Contains("Escalations will be posted", channel.Text, StringComparison.Ordinal);
        var manager = await host.SayInChannelAsync(Maria, Escalations, "admin manager <at>Dana Rep</at> <at>Maria Manager</at>", Dana, Maria);
        Assert.Contains("Maria Manager is now Dana Rep's manager.", manager.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalInstall_StoresTheConversationReference_AndGreetsWithHelp()
    {
        var welcome = await host.InstallAsync(Dana);

        var reference = await Service<IConversationReferenceStore>().FindAsync(TeamsHost.TenantA, ConversationReferenceKind.User, Dana.ObjectId, CancellationToken.None);
        Assert.NotNull(reference);
        Assert.Equal(Dana.ChatId, reference.ConversationId);
        Assert.Equal(host.Microsoft.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(BotTokens.BotId, reference.BotId);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(Dana.ChatId)}/activities", welcome.Path);
        Assert.Contains("I keep your promises", welcome.Headline, StringComparison.Ordinal);
        Assert.StartsWith("Bearer outbound-token-", welcome.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_WithTheCustomersZone_IsShownInBothZones_AndNeedMoreTimeTakesWords()
    {
        var reply = await host.SayAsync(Dana, "send revised quote for Acme by Friday 3pm CET");

        Assert.Contains("Fri 27 Nov, 6:00 AM PST (3:00 PM CET)", reply.Text, StringComparison.Ordinal);
        var p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
        Assert.Equal(("Europe/Berlin", new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero)), (p1.DueZone, p1.DueAt));

        await host.App.AdvanceAsync(p1.DueAt.AddHours(2)); // 06:00 in Los Angeles: the due card waits for Dana's 08:00
        var due = host.Microsoft.MessagesIn(Dana.ChatId)[^1];
        Assert.Equal("P-1 is due now. Delivered?", due.Headline);
        Assert.Contains("Fri 27 Nov, 6:00 AM PST (3:00 PM CET)", due.Text, StringComparison.Ordinal);

        var moved = await host.PressAsync(Dana, due, "moretime:P-1", new Dictionary<string, string> { ["1.date"] = "2026-11-27", ["1.time"] = "06:00", ["1.when"] = "next Tuesday 9am ET" });

        Assert.Equal(200, moved["statusCode"]!.GetValue<int>());
        Assert.Contains("Tue 1 Dec, 6:00 AM PST (9:00 AM EST)", CardText.Of(moved["value"]!), StringComparison.Ordinal);
        p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
        Assert.Equal(("America/New_York", new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero)), (p1.DueZone, p1.DueAt));
    }

    [Fact]
    public async Task EveryDueForm_WorksInAMessage_InMove_AndInTheNeedMoreTimeCard()
    {
        await host.SayAsync(Dana, "send revised quote for Acme by Dec 20");
        var list = await host.SayAsync(Dana, "list");
        var section = CardText.FindAction(list.Card, "moretime:P-1")!["data"]!["section"]!.GetValue<string>();
        var number = 1;
        foreach (var phrase in DueForms.All)
        {
            var expected = DueForms.Reading(phrase, Dana.Zone!, host.App.Clock.GetUtcNow());
            Assert.True(expected.Success, $"{phrase}: {expected.Message}");
            var want = (expected.Due, expected.Zone?.Id);

            var created = await host.SayAsync(Dana, DueForms.Promise(phrase));
            number++;
            Assert.Equal($"Got it: P-{number} is saved. I'll keep an eye on it.", created.Headline);
            var made = await CommitmentAsync(TeamsHost.TenantA, number);
            Assert.Equal((phrase, want), (phrase, (made.DueAt, made.DueZone)));

            // A new due that names no zone keeps the customer's zone the promise already had.
            await MoveP1BackAsync(expected.Due);
            var kept = (expected.Due, expected.Zone?.Id ?? (await CommitmentAsync(TeamsHost.TenantA, 1)).DueZone);
            var moved = await host.SayAsync(Dana, $"move P-1 to {phrase} customer asked");
            Assert.StartsWith("🔵 P-1 moved to", moved.Headline, StringComparison.Ordinal);
            var p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
            Assert.Equal((phrase, kept), (phrase, (p1.DueAt, p1.DueZone)));

            await MoveP1BackAsync(p1.DueAt);
            kept = (expected.Due, expected.Zone?.Id ?? (await CommitmentAsync(TeamsHost.TenantA, 1)).DueZone);
            var pressed = await host.PressAsync(Dana, list, "moretime:P-1", new Dictionary<string, string> { [section + ".when"] = phrase });
            Assert.Equal(200, pressed["statusCode"]!.GetValue<int>());
            p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
            Assert.Equal((phrase, kept), (phrase, (p1.DueAt, p1.DueZone)));
        }

        // Moving to the due it already has changes nothing, so P-1 goes back to Dec 20 first when it is there.
        async Task MoveP1BackAsync(DateTimeOffset next)
        {
            if ((await CommitmentAsync(TeamsHost.TenantA, 1)).DueAt == next)
            {
                Assert.StartsWith("🔵 P-1 moved to", (await host.SayAsync(Dana, "move P-1 to Dec 20")).Headline, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Message_CreatesCommitmentInTheRepsZoneFromClientInfo()
    {
        var berliner = Eli with { ObjectId = "aad-greta", Name = "Greta Rep", Zone = "Europe/Berlin" };

        var danaReply = await host.SayAsync(Dana, "send revised quote for Acme by Friday 3pm");
        var gretaReply = await host.SayAsync(berliner, "promise Acme: demo environment ready by Friday 3pm");

        Assert.Equal("Got it: P-1 is saved. I'll keep an eye on it.", danaReply.Headline);
        Assert.Contains("3:00 PM PST", danaReply.Text, StringComparison.Ordinal);
        Assert.Contains("3:00 PM CET", gretaReply.Text, StringComparison.Ordinal);
        var danas = await CommitmentAsync(TeamsHost.TenantA, 1);
        var gretas = await CommitmentAsync(TeamsHost.TenantA, 2);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero), danas.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero), gretas.DueAt);
        Assert.Equal("Acme", gretas.Customer);
        var person = await Service<IPeopleStore>().FindAsync(TeamsHost.TenantA, berliner.ObjectId, CancellationToken.None);
        Assert.Equal("Europe/Berlin", person?.PlatformTimeZone);
        Assert.Equal("Greta Rep", person?.DisplayName);
    }

    [Fact]
    public async Task RetriedActivity_CreatesOneCommitment_AndRepliesOnce()
    {
        var activity = TeamsActivities.Message(host.Microsoft.ServiceUrl, Dana, "send revised quote for Acme by Friday 3pm");
        await host.SendAndWaitForReplyAsync(activity);

        using var retry = await host.PostAsync(activity);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var later = await host.SayAsync(Dana, "list");

        Assert.Single(host.Microsoft.MessagesIn(Dana.ChatId), c => c.Headline.StartsWith("Got it", StringComparison.Ordinal));
        Assert.Contains("P-1", later.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("P-2", later.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ladder_DeliversRepDmsManagerDmAndChannelPost_WithTheRightCards()
    {
        await SetUpTeamAsync();
        var created = await host.SayAsync(Dana, "send revised quote for Acme by Wednesday 3pm");
        Assert.Contains("P-1", created.Headline, StringComparison.Ordinal);
        var danaChat = Dana.ChatId;
        // Dana also hears, once, that Maria made herself Dana's manager (issue 9.19): apart from the ladder's steps.
        bool IsTeamChange(string headline) => headline.StartsWith("Your manager is now Maria Manager (Maria Manager changed it).", StringComparison.Ordinal);
        List<ConnectorCall> Ladder() => [.. host.Microsoft.MessagesIn(danaChat).Where(m => !IsTeamChange(m.Headline))];
        int Steps() => Ladder().Count;
        var before = Steps();

        // Heads-up: 13.5 h before a 54 h window's end is 01:30 PST, outside working hours, so 08:00 Wednesday.
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(before, Steps());
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
        var headsUp = Ladder()[before];
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(danaChat)}/activities", headsUp.Path);
        Assert.StartsWith("Heads-up: P-1 is due", headsUp.Headline, StringComparison.Ordinal);
        foreach (var button in new[] { "ontrack:P-1", "done:P-1", "risk:P-1", "moretime:P-1", "missed:P-1", "nudgesnooze:P-1" })
        {
            Assert.NotNull(CardText.FindAction(headsUp.Card, button));
        }

        // Due at 15:00 PST, overdue 2 working hours later.
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal("P-1 is due now. Delivered?", Ladder()[before + 1].Headline);
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        var overdue = Ladder()[before + 2];
        Assert.StartsWith("P-1 is 2 hours past due and I haven't heard from you", overdue.Headline, StringComparison.Ordinal);
        Assert.Contains("playbook", overdue.Text, StringComparison.Ordinal);
        Assert.Empty(host.Microsoft.CreatedChats);

        // The manager (4 working hours after due: 09:00 PST Thursday) has no 1:1 chat with the bot yet: one is opened.
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero));
        var chat = Assert.Single(host.Microsoft.CreatedChats);
        Assert.Equal((Maria.ObjectId, TeamsHost.TenantA), (chat.MemberId, chat.TenantId));
        var managerDm = Assert.Single(host.Microsoft.MessagesIn(chat.ConversationId));
        Assert.Equal("Dana Rep's promise P-1 for Acme is 18 hours late, and there has been no word from Dana Rep.", managerDm.Headline);
        Assert.NotNull(CardText.FindAction(managerDm.Card, "ack:P-1"));
        Assert.NotNull(CardText.FindAction(managerDm.Card, "snooze:P-1"));
        // Dana hears what Maria heard, at once (inside Dana's working hours), with the playbook's next step.
        var toldManager = Ladder()[before + 3];
        Assert.Equal("Maria Manager was told at 9:00 AM that P-1 for Acme is 18 hours late.", toldManager.Headline);
        Assert.Null(CardText.FindAction(toldManager.Card, "pb-manager:P-1"));
        var stored = await Service<IConversationReferenceStore>().FindAsync(TeamsHost.TenantA, ConversationReferenceKind.User, Maria.ObjectId, CancellationToken.None);
        Assert.Equal(chat.ConversationId, stored?.ConversationId);

        // Unacknowledged for 4 working hours: a new post in the channel set with `admin channel`.
        Assert.Empty(host.Microsoft.PostsIn(Escalations.ChannelId));
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero));
        var post = Assert.Single(host.Microsoft.PostsIn(Escalations.ChannelId));
        Assert.StartsWith("Escalation: Dana Rep's promise P-1 for Acme is", post.Headline, StringComparison.Ordinal);
        Assert.EndsWith("with no word from the rep and no acknowledgement from their manager.", post.Headline, StringComparison.Ordinal);
        Assert.Equal(TeamsHost.TenantA, post.Body!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Equal(BotTokens.BotId, post.Body!["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("The escalation channel was told at 1:00 PM that P-1 for Acme is 22 hours late.", Ladder()[before + 4].Headline);

        // Each step went out once; the rep also heard of the manager and channel steps, and nobody was messaged twice.
        Assert.Equal(before + 5, Steps());
        Assert.Single(host.Microsoft.MessagesIn(danaChat), m => IsTeamChange(m.Headline));
        Assert.Single(host.Microsoft.MessagesIn(chat.ConversationId));
        var escalated = await CommitmentAsync(TeamsHost.TenantA, 1);
        Assert.NotNull(escalated.ManagerNotifiedAt);
    }

    [Fact]
    public async Task CardPresses_ActOnTheCommitmentTheCardNames()
    {
        await host.InstallAsync(Dana);
        await host.SayAsync(Dana, "send revised quote for Acme by Wednesday 3pm");
        await host.SayAsync(Dana, "Globex: sandbox access by Tuesday 3pm");

        // Tuesday 08:00 PST: the heads-up for P-2 alone.
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero));
        var headsUp = host.Microsoft.MessagesIn(Dana.ChatId)[^1];
        Assert.StartsWith("Heads-up: P-2", headsUp.Headline, StringComparison.Ordinal);

        var answer = await host.PressAsync(Dana, headsUp, "done:P-2");

        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.Contains("P-2", CardText.Of(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Kept, (await CommitmentAsync(TeamsHost.TenantA, 2)).Status);
        Assert.Equal(CommitmentStatus.Open, (await CommitmentAsync(TeamsHost.TenantA, 1)).Status);

        // P-1's due card: Need more time with the date inputs moves P-1 only.
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        var due = host.Microsoft.MessagesIn(Dana.ChatId)[^1];
        Assert.Equal("P-1 is due now. Delivered?", due.Headline);
        var moved = await host.PressAsync(Dana, due, "moretime:P-1", new Dictionary<string, string> { ["1.date"] = "2026-12-04", ["1.time"] = "15:00" });

        Assert.Equal(200, moved["statusCode"]!.GetValue<int>());
        var p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero), p1.DueAt);
        Assert.Equal(2, p1.DueVersion);
        Assert.Equal(CommitmentStatus.Kept, (await CommitmentAsync(TeamsHost.TenantA, 2)).Status);

        // The old ladders stop: nothing more about P-2 ever, and P-1's next word is the new date's heads-up.
        var count = host.Microsoft.MessagesIn(Dana.ChatId).Count;
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(count, host.Microsoft.MessagesIn(Dana.ChatId).Count);
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        var later = host.Microsoft.MessagesIn(Dana.ChatId).Skip(count).ToList();
        Assert.NotEmpty(later);
        Assert.All(later, m => Assert.DoesNotContain("P-2", m.Text, StringComparison.Ordinal));
        Assert.StartsWith("Heads-up: P-1", later[0].Headline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rep_CannotActOnAnotherRepsCommitment()
    {
        await host.InstallAsync(Dana);
        await host.SayAsync(Dana, "send revised quote for Acme by Wednesday 3pm");
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero));
        var headsUp = host.Microsoft.MessagesIn(Dana.ChatId)[^1];
        var danaMessages = host.Microsoft.MessagesIn(Dana.ChatId).Count;

        // Eli presses Done on Dana's card (forwarded to him), then types the command.
        var pressed = await host.PressAsync(Eli, headsUp, "done:P-1");
        var typed = await host.SayAsync(Eli, "done P-1");
        var moved = await host.SayAsync(Eli, "move P-1 to next Friday");

        Assert.Equal("P-1 isn't yours; only its owner can change it.", pressed["value"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("P-1 isn't yours; only its owner can change it.", typed.Headline);
        Assert.Equal("P-1 isn't yours; only its owner can change it.", moved.Headline);
        var p1 = await CommitmentAsync(TeamsHost.TenantA, 1);
        Assert.Equal(CommitmentStatus.Open, p1.Status);
        Assert.Equal(1, p1.DueVersion);
        Assert.Equal(Dana.ObjectId, p1.OwnerId);
        Assert.Equal(danaMessages, host.Microsoft.MessagesIn(Dana.ChatId).Count);
    }

    [Fact]
    public async Task SecondTenant_NeverSeesOrChangesTheFirstTenantsData()
    {
        await SetUpTeamAsync();
        await host.SayAsync(Dana, "secret roadmap for Umbrella by Wednesday 3pm");
        await host.InstallAsync(Bob);

        var list = await host.SayAsync(Bob, "list");
        var done = await host.SayAsync(Bob, "done P-1");
        var own = await host.SayAsync(Bob, "pricing sheet for Initech by Wednesday 3pm");
        var admin = await host.SayAsync(Bob, "admin");

        Assert.DoesNotContain("Umbrella", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("roadmap", list.Text, StringComparison.Ordinal);
        Assert.StartsWith("I can't find P-1.", done.Headline, StringComparison.Ordinal);
        Assert.DoesNotContain("roadmap", done.Text, StringComparison.Ordinal);
        Assert.Equal("Got it: P-1 is saved. I'll keep an eye on it.", own.Headline);
        Assert.Contains("Initech", own.Text, StringComparison.Ordinal);
        Assert.Contains("now its admin", admin.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Escalations.ChannelId, admin.Text, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.Open, (await CommitmentAsync(TeamsHost.TenantA, 1)).Status);
        Assert.Equal("pricing sheet", (await CommitmentAsync(TeamsHost.TenantB, 1)).Text);
        Assert.Null(await Service<IPeopleStore>().FindAsync(TeamsHost.TenantB, Dana.ObjectId, CancellationToken.None));
        Assert.Null(await Service<IConversationReferenceStore>().FindAsync(TeamsHost.TenantB, ConversationReferenceKind.Channel, Escalations.ChannelId, CancellationToken.None));

        // Bob's done on his own P-1 closes his, not Dana's.
        var closed = await host.SayAsync(Bob, "done P-1");
        Assert.Contains("P-1", closed.Headline, StringComparison.Ordinal);
        Assert.NotEqual("Attention", closed.Card!["body"]![0]!["color"]!.GetValue<string>());
        Assert.Equal(CommitmentStatus.Kept, (await CommitmentAsync(TeamsHost.TenantB, 1)).Status);
        Assert.Equal(CommitmentStatus.Open, (await CommitmentAsync(TeamsHost.TenantA, 1)).Status);

        // A week of clock: tenant A's ladder reaches only tenant A's people and channel.
        var bobBefore = host.Microsoft.MessagesIn(Bob.ChatId).Count;
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(bobBefore, host.Microsoft.MessagesIn(Bob.ChatId).Count);
        Assert.Single(host.Microsoft.PostsIn(Escalations.ChannelId));
        foreach (var call in host.Microsoft.Calls.Where(c => c.Method == "POST" && c.Text.Contains("roadmap", StringComparison.Ordinal)))
        {
            var tenantOfTarget = call.ConversationId is null
                ? call.Body!["channelData"]!["tenant"]!["id"]!.GetValue<string>()
                : call.ConversationId == Dana.ChatId || host.Microsoft.CreatedChats.Any(c => c.ConversationId == call.ConversationId && c.TenantId == TeamsHost.TenantA)
                    ? TeamsHost.TenantA
                    : "elsewhere";
            Assert.Equal(TeamsHost.TenantA, tenantOfTarget);
        }

        Assert.All(host.Microsoft.MessagesIn(Bob.ChatId), m => Assert.DoesNotContain("Umbrella", m.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uninstall_ForgetsTheReference_AndTeamsRefusingANewChatIsNotRetriedForever()
    {
        await host.InstallAsync(Dana);
        await host.SayAsync(Dana, "send revised quote for Acme by Wednesday 3pm");
        var remove = new JsonObject
        {
            ["type"] = "installationUpdate",
            ["action"] = "remove",
            ["id"] = TeamsHost.NextActivityId(),
            ["serviceUrl"] = host.Microsoft.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = Dana.MemberId, ["aadObjectId"] = Dana.ObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotTokens.BotId },
            ["conversation"] = new JsonObject { ["id"] = Dana.ChatId, ["conversationType"] = "personal", ["tenantId"] = TeamsHost.TenantA },
        };
        var references = Service<IConversationReferenceStore>();

        using (var response = await host.PostAsync(remove))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await FakeBotFramework.WaitUntilAsync(
            () => references.FindAsync(TeamsHost.TenantA, ConversationReferenceKind.User, Dana.ObjectId, CancellationToken.None).GetAwaiter().GetResult() is null,
            "the reference to be forgotten");
        host.Microsoft.ScriptNext(
            (method, path) => method == "POST" && path == "/v3/conversations",
            new ScriptedResponse(403, Body: """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}"""));
        await host.App.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero));

        // With no stored chat the bot asks Teams for one; Teams says no (uninstalled), and that is final.
        var attempt = Assert.Single(host.Microsoft.Calls, c => c.Path == "/v3/conversations");
        Assert.Equal(403, attempt.Status);
        Assert.Equal(Dana.ObjectId, attempt.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Empty(host.Microsoft.CreatedChats);
    }
}
