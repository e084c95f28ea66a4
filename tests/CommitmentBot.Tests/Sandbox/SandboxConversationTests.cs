using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommitmentBot.Core.Messages;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// What the sandbox page is built on (issue 9, items 7–10 and 13): each person's whole conversation in order and
/// kept, used buttons replaced by their outcome, the playbook's checklist updated in place, the channels that
/// exist, a reset, and add-person refusing an unknown manager.
/// </summary>
public sealed class SandboxConversationTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    private async Task<IReadOnlyList<SandboxMessage>> ConversationAsync(string user) =>
        (await sandbox.Http.GetFromJsonAsync<SandboxMessage[]>($"/sandbox/api/conversation/{user}", Json))!;

    private async Task<IReadOnlyList<SandboxChannel>> ChannelsAsync() =>
        (await sandbox.Http.GetFromJsonAsync<SandboxChannel[]>("/sandbox/api/channels", Json))!;

    [Fact]
    public async Task Conversation_HoldsWhatWasTyped_TheReplies_AndTheDirectMessages_ByInstantThenArrival()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.AdvanceAsync("P4D"); // Fri 09:00 New York: the heads-up (Thu) arrived on the way
        var list = await sandbox.SayAsync("ana", "list");
        await sandbox.ClickAsync("ana", list, "done:P-1");

        var conversation = await ConversationAsync("ana");

        Assert.Equal(
            ["Said", "Created", "HeadsUp", "Said", "List", "Pressed", "Reply"],
            conversation.Select(m => m.Kind));
        Assert.Equal("send revised quote for Acme by Friday 3pm", conversation[0].Text);
        Assert.Equal("Done", conversation[5].Text);
        Assert.All(conversation.Zip(conversation.Skip(1)), pair =>
            Assert.True(pair.First.At < pair.Second.At || (pair.First.At == pair.Second.At && pair.First.Seq < pair.Second.Seq)));

        // The inbox stays what it was: direct messages only.
        Assert.Equal(["HeadsUp"], (await sandbox.InboxAsync("ana")).Select(m => m.Kind));
    }

    [Fact]
    public async Task Conversation_OfAnUnknownUser_Is404()
    {
        using var response = await sandbox.Http.GetAsync("/sandbox/api/conversation/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UsedButton_IsReplacedByItsOutcome_ButARefusalLeavesItLive()
    {
        var created = await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var list = await sandbox.SayAsync("ana", "list");
        await sandbox.ClickAsync("ana", created, "undo:P-1");

        var conversation = await ConversationAsync("ana");
        var undo = conversation.Single(m => m.Id == created.Id).Buttons.Single(b => b.ActionId == "undo:P-1");
        Assert.Equal("Undone: P-1 is withdrawn and won't count.", undo.Outcome);
        Assert.Null(conversation.Single(m => m.Id == created.Id).Buttons.Single(b => b.ActionId == "edit:P-1").Outcome);

        // A press that changed nothing (an error reply) keeps the button live.
        var again = await sandbox.ClickAsync("ana", list, "done:P-1");
        Assert.Equal("Error", again.Kind);
        Assert.Null((await ConversationAsync("ana")).Single(m => m.Id == list.Id).Buttons.Single(b => b.ActionId == "done:P-1").Outcome);
    }

    [Fact]
    public void Conversations_AreKeptInTheDataFolder_AcrossARestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "commitmentbot-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "sandbox-conversations.json");
        var at = SandboxClient.Start;
        try
        {
            var first = new SandboxConversations(path);
            first.AddSaid("ana", "list", null, at);
            var reply = first.AddReply("ana", new OutboundMessage(MessageKind.List, "Your open promises:", [new MessageSection("P-1 · Acme", "quote", [], [new MessageButton("done:P-1", "Done")], [], "P-1")]), at);
            first.AddDirect("ana", OutboundMessage.Plain("Heads-up: P-1 is due tomorrow.", MessageKind.HeadsUp), at.AddDays(1), deliveryId: 7);
            first.MarkUsed(reply.Id, "done:P-1", "✅ P-1 kept, on time.");

            var second = new SandboxConversations(path);

            Assert.Equal(["Said", "List", "HeadsUp"], second.Conversation("ana").Select(m => m.Kind));
            Assert.Equal("✅ P-1 kept, on time.", second.Find(reply.Id)!.Buttons.Single().Outcome);
            Assert.Equal(second.Conversation("ana")[2].Id, second.FindByDelivery(7));
            var next = second.AddSaid("ana", "help", null, at.AddDays(1));
            Assert.DoesNotContain(next.Id, first.Conversation("ana").Select(m => m.Id)); // ids keep counting, never reused
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Write_PerMessage_DoesNotGrowWithTheHistory()
    {
        var folder = Path.Combine(Path.GetTempPath(), "commitmentbot-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "sandbox-conversations.json");
        var at = SandboxClient.Start;
        var heads = OutboundMessage.Plain("Heads-up: P-1 is due tomorrow.", MessageKind.HeadsUp);
        try
        {
            var conversations = new SandboxConversations(path);
            long CostOfOne(long delivery)
            {
                var before = conversations.BytesWritten;
                conversations.AddDirect("ana", heads, at, delivery);
                return conversations.BytesWritten - before;
            }

            for (var i = 0; i < 10; i++)
            {
                conversations.AddDirect("ana", heads, at, 10_000 + i);
            }

            var early = CostOfOne(20_000);
            for (var i = 0; i < 3000; i++)
            {
                conversations.AddDirect("ana", heads, at, 30_000 + i);
            }

            var late = CostOfOne(40_000);

            // The same message costs the same bytes (give or take the digits of a longer id), not the history's size.
            Assert.InRange(late - early, 0, 16);
            Assert.True(early < 2_000, $"one message wrote {early} bytes");
            // And it is all still there after a restart, in order.
            var reopened = new SandboxConversations(path);
            Assert.Equal(3012, reopened.Inbox("ana").Count);
            Assert.Equal(conversations.Inbox("ana").Select(m => m.Id), reopened.Inbox("ana").Select(m => m.Id));
            Assert.Equal(conversations.FindByDelivery(40_000), reopened.FindByDelivery(40_000));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Restart_AfterACrashCutTheLastChangeShort_KeepsEveryWholeChange_AndManyPressesStayCompact()
    {
        var folder = Path.Combine(Path.GetTempPath(), "commitmentbot-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "sandbox-conversations.json");
        var at = SandboxClient.Start;
        try
        {
            var first = new SandboxConversations(path);
            var reply = first.AddReply("ana", new OutboundMessage(MessageKind.List, "Your open promises:", [new MessageSection("P-1 · Acme", "quote", [], [new MessageButton("done:P-1", "Done")], [], "P-1")]), at);
            for (var i = 0; i < 2500; i++)
            {
                first.MarkUsed(reply.Id, "done:P-1", $"outcome {i}"); // replaced lines: folded into the snapshot as they pile up
            }

            Assert.InRange(File.ReadLines(path + ".journal").Count(), 0, 1001); // folded, not left to grow with replaced lines
            first.AddSaid("ana", "help", null, at);
            File.AppendAllText(path + ".journal", "{\"message\":{\"id\":\"m9"); // a crash in the middle of the next line

            var second = new SandboxConversations(path);

            Assert.Equal(["List", "Said"], second.Conversation("ana").Select(m => m.Kind));
            Assert.Equal("outcome 2499", second.Find(reply.Id)!.Buttons.Single().Outcome);
            second.Clear();
            Assert.False(File.Exists(path));
            Assert.False(File.Exists(path + ".journal"));
            Assert.Empty(new SandboxConversations(path).Conversation("ana"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Playbook_IsUpdatedInPlace_WithDoneStepsDone_AndNoSecondCopy()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var playbook = await sandbox.SayAsync("ana", "risk P-1 supplier is late");

        var owned = await sandbox.ClickAsync("ana", playbook, "pb-own:P-1");
        var told = await sandbox.ClickAsync("ana", owned, "pb-customer:P-1");

        Assert.Equal(playbook.Id, owned.Id);
        Assert.Equal(playbook.Id, told.Id);
        Assert.NotNull(told.UpdatedAt);
        Assert.Contains("✓ I own it", told.Text, StringComparison.Ordinal);
        Assert.Contains("✓ Customer told", told.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(told.Buttons, b => b.ActionId is "pb-own:P-1" or "pb-customer:P-1" or "pb-manager:P-1");
        Assert.DoesNotContain("Draft:", told.Text, StringComparison.Ordinal); // told: the draft has done its job
        var conversation = await ConversationAsync("ana");
        Assert.Single(conversation, m => m.Headline.Contains("playbook", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("☐ ", StringComparison.Ordinal));
        Assert.Equal(["Said", "Created", "Said", "Playbook", "Pressed", "Pressed"], conversation.Select(m => m.Kind));
    }

    [Fact]
    public async Task Playbook_ForARepWithNoManager_DoesNotOfferAlertMyManager()
    {
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York");
        await sandbox.SayAsync("lee", "send revised quote for Acme by Friday 3pm");

        var playbook = await sandbox.SayAsync("lee", "risk P-1 supplier is late");
        var owned = await sandbox.ClickAsync("lee", playbook, "pb-own:P-1");

        Assert.DoesNotContain(playbook.Buttons, b => b.ActionId == "pb-manager:P-1");
        Assert.DoesNotContain("Alert my manager", playbook.Text, StringComparison.Ordinal);
        Assert.StartsWith("Owned. Next: tell the customer.", owned.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alert my manager", owned.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playbook_AfterTheOverdueStepEscalatedToTheManager_ShowsTheManagerAlerted()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 14, 0, 0, TimeSpan.Zero)); // past the manager step
        // The overdue nudge, then what Maria and the channel heard (the same kind: each carries the playbook's next step).
        var overdues = (await sandbox.InboxAsync("ana")).Where(m => m.Kind == "Overdue").ToList();
        Assert.Equal(
            [
                "P-1 is 2 hours past due and I haven't heard from you. Update it now, before it escalates.",
                "Maria was told at 9:00 AM that P-1 for Acme is 2 days late.",
                "The escalation channel was told at 1:00 PM that P-1 for Acme is 2 days late.",
            ],
            overdues.Select(o => o.Text.Split('\n')[0]));
        var overdue = overdues[0];

        var owned = await sandbox.ClickAsync("ana", overdue, "pb-own:P-1");

        Assert.Equal(overdue.Id, owned.Id);
        Assert.Contains("✓ Alert my manager", owned.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(owned.Buttons, b => b.ActionId == "pb-manager:P-1");
    }

    [Fact]
    public async Task Move_AfterCustomerTold_DoesNotAskWhetherTheCustomerWasTold()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var playbook = await sandbox.SayAsync("ana", "risk P-1 supplier is late");
        var told = await sandbox.ClickAsync("ana", playbook, "pb-customer:P-1");

        var moved = await sandbox.ClickAsync("ana", told, "pb-newdate:P-1", new Dictionary<string, string> { ["date"] = "2027-02-12", ["time"] = "15:00" });
        var movedAgain = await sandbox.SayAsync("ana", "move P-1 to Feb 15 3pm");

        Assert.StartsWith("🔵 P-1 moved to Fri 12 Feb, 3:00 PM EST.", moved.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Has the customer been told?", moved.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(moved.Buttons, b => b.ActionId.StartsWith("told:", StringComparison.Ordinal));
        Assert.DoesNotContain("Has the customer been told?", movedAgain.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channels_ShowTheConfiguredEscalationChannel_AndACommandPostedThere()
    {
        Assert.Equal([new SandboxChannel("escalations", true, 0)], await ChannelsAsync());

        var reply = await sandbox.SayAsync("sam", "admin channel", channel: "deals");
        Assert.Equal("deals", reply.Channel);
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 14, 0, 0, TimeSpan.Zero));

        var channels = await ChannelsAsync();
        Assert.Equal([new SandboxChannel("deals", true, 1), new SandboxChannel("escalations", false, 0)], channels);
        var post = Assert.Single(await sandbox.ChannelAsync("deals"));
        Assert.Equal("ChannelEscalation", post.Kind);

        // Sam sees his command and its reply in #deals; Ana sees only the post; neither is in Sam's DMs.
        var asSam = (await sandbox.Http.GetFromJsonAsync<SandboxMessage[]>("/sandbox/api/channels/deals?as=sam", Json))!;
        Assert.Equal(["Said", "Reply", "ChannelEscalation"], asSam.Select(m => m.Kind));
        var asAna = (await sandbox.Http.GetFromJsonAsync<SandboxMessage[]>("/sandbox/api/channels/deals?as=ana", Json))!;
        Assert.Equal(["ChannelEscalation"], asAna.Select(m => m.Kind));
        Assert.DoesNotContain(await ConversationAsync("sam"), m => m.Kind == "Said");
    }

    [Fact]
    public async Task Reset_ErasesPromisesAndConversations_PutsTheClockBack_AndSeedsTheTeam()
    {
        await sandbox.PutUserAsync("lee", "Lee", "America/New_York", "maria");
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("sam", "admin channel", channel: "deals");
        await sandbox.AdvanceAsync("P4D");

        using var response = await sandbox.Http.PostAsync("/sandbox/api/reset", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var clock = (await response.Content.ReadFromJsonAsync<SandboxApi.ClockView>(Json))!;
        Assert.Equal((SandboxClient.Start, (DateTimeOffset?)null), (clock.Now, clock.Next));
        Assert.Empty(await ConversationAsync("ana"));
        Assert.Empty(await sandbox.InboxAsync("ana"));
        Assert.Equal([new SandboxChannel("escalations", true, 0)], await ChannelsAsync());
        var users = (await sandbox.Http.GetFromJsonAsync<SandboxApi.UserView[]>("/sandbox/api/users", Json))!;
        Assert.Equal(["ana", "maria", "sam"], users.Select(u => u.Id).Order());
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));

        // Starting over really starts over: the next promise is P-1 again, and nothing from before fires.
        var created = await sandbox.SayAsync("ana", "send deck for Globex by Friday 3pm");
        Assert.Contains("P-1", created.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 2, 4, 18, 30, 0, TimeSpan.Zero), (await sandbox.ClockAsync()).Next);
        await sandbox.AdvanceAsync("P4D");
        Assert.Equal(["HeadsUp"], (await sandbox.InboxAsync("ana")).Select(m => m.Kind));
    }

    [Fact]
    public async Task AddPerson_WithAnUnknownManager_IsRefused_AndCreatesNobody()
    {
        using var response = await sandbox.Http.PutAsJsonAsync("/sandbox/api/users/lee", new { name = "Lee", manager = "mraia" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("manager: there is no user 'mraia'. Add them first (or check the spelling), then save again.", problem.GetProperty("detail").GetString());
        var users = (await sandbox.Http.GetFromJsonAsync<SandboxApi.UserView[]>("/sandbox/api/users", Json))!;
        Assert.DoesNotContain(users, u => u.Id is "lee" or "mraia");
    }
}
