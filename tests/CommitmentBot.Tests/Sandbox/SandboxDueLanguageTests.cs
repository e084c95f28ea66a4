using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Sandbox;
using CommitmentBot.TestSupport.Due;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// Due language v2 end to end through the sandbox's JSON API: the new forms in <c>/promise</c>, in <c>move</c> and in
/// the Need-more-time form, and the customer's zone kept with the promise and shown in every later message, to the
/// rep and to the manager. The clock starts Monday 1 Feb 2027, 09:00 in New York (ana), 08:00 in Chicago (maria).
/// </summary>
public sealed class SandboxDueLanguageTests : IDisposable
{
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    [Theory]
    [InlineData("send quote for Acme by Friday 3pm CET", "Due: Fri 5 Feb, 9:00 AM EST (3:00 PM CET) — in 4 days")]
    [InlineData("send quote for Acme by 3pm PT", "Due: Mon 1 Feb, 6:00 PM EST (3:00 PM PST) — in 9 hours")]
    [InlineData("send quote for Acme by tomorrow 9am JST", "Due: Mon 1 Feb, 7:00 PM EST (Tue 2 Feb, 9:00 AM JST) — in 10 hours")]
    [InlineData("send quote for Acme by noon America/Chicago", "Due: Mon 1 Feb, 1:00 PM EST (12:00 PM CST) — in 4 hours")]
    [InlineData("send quote for Acme by Friday 9am UTC+5:30", "Due: Thu 4 Feb, 10:30 PM EST (Fri 5 Feb, 9:00 AM UTC+5:30) — in 3 days")]
    [InlineData("send quote for Acme by tomorrow morning", "Due: Tue 2 Feb, 12:00 PM EST — tomorrow")]
    [InlineData("send quote for Acme by this afternoon", "Due: Mon 1 Feb, 5:00 PM EST — in 8 hours")]
    [InlineData("send quote for Acme by first thing Wednesday", "Due: Wed 3 Feb, 8:00 AM EST — in 2 days")]
    [InlineData("send quote for Acme by COB Friday", "Due: Fri 5 Feb, 6:00 PM EST — in 4 days")]
    [InlineData("send quote for Acme by Thursday EOB", "Due: Thu 4 Feb, 6:00 PM EST — in 3 days")]
    [InlineData("send quote for Acme by next week", "Due: Fri 12 Feb, 6:00 PM EST — in 11 days")]
    [InlineData("send quote for Acme by Tuesday next week", "Due: Tue 9 Feb, 6:00 PM EST — in 8 days")]
    [InlineData("send quote for Acme by the week after next", "Due: Fri 19 Feb, 6:00 PM EST — in 18 days")]
    [InlineData("send quote for Acme by a week from Friday", "Due: Fri 12 Feb, 6:00 PM EST — in 11 days")]
    [InlineData("send quote for Acme by two weeks from today", "Due: Mon 15 Feb, 6:00 PM EST — in 14 days")]
    [InlineData("send quote for Acme in a couple of days", "Due: Wed 3 Feb, 9:00 AM EST — in 2 days")]
    [InlineData("send quote for Acme in 48h", "Due: Wed 3 Feb, 9:00 AM EST — in 2 days")]
    [InlineData("send quote for Acme in 3bd", "Due: Thu 4 Feb, 9:00 AM EST — in 3 days")]
    public async Task Promise_ReadsEveryNewForm(string text, string due)
    {
        var reply = await sandbox.SayAsync("ana", text);

        Assert.Equal("Created", reply.Kind);
        Assert.Equal(due, reply.Text.Split('\n')[4]);
    }

    [Fact]
    public async Task TheNamedZone_IsShownInEveryLaterMessage_ToTheRepAndTheManager()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm CET");

        var list = await sandbox.SayAsync("ana", "list");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 6, 14, 0, 0, TimeSpan.Zero)); // Saturday: every step has run

        Assert.Contains("Due: Fri 5 Feb, 9:00 AM EST (3:00 PM CET)", list.Text, StringComparison.Ordinal);
        var nudges = (await sandbox.InboxAsync("ana")).Where(m => m.Kind is "HeadsUp" or "Due" or "Overdue").ToList();
        Assert.Equal(["HeadsUp", "Due", "Overdue", "Overdue", "Overdue"], nudges.Select(m => m.Kind)); // the last two: told what Maria and the channel heard
        Assert.All(nudges, m => Assert.Contains("Fri 5 Feb, 9:00 AM EST (3:00 PM CET)", m.Text, StringComparison.Ordinal));

        // The playbook's draft for the customer speaks in the customer's zone.
        Assert.Contains("by Fri 5 Feb, 3:00 PM CET", nudges[2].Text, StringComparison.Ordinal);

        var manager = Assert.Single(await sandbox.InboxAsync("maria"), m => m.Kind == "ManagerEscalation");
        Assert.Contains("Due: Fri 5 Feb, 8:00 AM CST (3:00 PM CET)", manager.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("move P-1 to next Tuesday Acme asked to push, their VP is out", "Acme asked to push, their VP is out")]
    [InlineData("move P-1 to next Tuesday, Acme asked to push", "Acme asked to push")]
    [InlineData("move P-1 to next Tuesday because Acme asked to push", "Acme asked to push")]
    public async Task Move_ReadsTheLongestDue_AndTheRestAsTheReason(string text, string why)
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", text);

        Assert.Equal("Reply", reply.Kind);
        Assert.StartsWith("🔵 P-1 moved to Tue 9 Feb, 6:00 PM EST.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Why: " + why, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_TakesANewZone()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");

        var reply = await sandbox.SayAsync("ana", "move P-1 to Tuesday next week 3pm ET customer agreed");

        Assert.StartsWith("🔵 P-1 moved to Tue 9 Feb, 3:00 PM EST.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Why: customer agreed", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryDueForm_WorksInAPromise_InMove_AndInTheNeedMoreTimeForm()
    {
        var store = sandbox.App.Services.GetRequiredService<ICommitmentStore>();
        async Task<Commitment> Promise(int number) =>
            (await store.FindByNumberAsync(SandboxApi.WorkspaceId, number, CancellationToken.None))!;

        await sandbox.SayAsync("ana", "send revised quote for Acme by Dec 20");
        var list = await sandbox.SayAsync("ana", "list");
        var number = 1;
        foreach (var phrase in DueForms.All)
        {
            var expected = DueForms.Reading(phrase, "America/New_York", SandboxClient.Start);
            Assert.True(expected.Success, $"{phrase}: {expected.Message}");

            var created = await sandbox.SayAsync("ana", DueForms.Promise(phrase));
            number++;
            Assert.Equal(("Created", phrase), (created.Kind, phrase));
            var made = await Promise(number);
            Assert.Equal((phrase, expected.Due, expected.Zone?.Id), (phrase, made.DueAt, made.DueZone));

            // A new due that names no zone keeps the customer's zone the promise already had.
            await MoveP1BackAsync(expected.Due);
            var zone = expected.Zone?.Id ?? (await Promise(1)).DueZone;
            var moved = await sandbox.SayAsync("ana", $"move P-1 to {phrase} customer asked");
            Assert.StartsWith("🔵 P-1 moved to", moved.Text, StringComparison.Ordinal);
            var p1 = await Promise(1);
            Assert.Equal((phrase, expected.Due, zone), (phrase, p1.DueAt, p1.DueZone));

            await MoveP1BackAsync(expected.Due);
            zone = expected.Zone?.Id ?? (await Promise(1)).DueZone;
            var pressed = await sandbox.ClickAsync("ana", list, "moretime:P-1", new Dictionary<string, string> { [ActionIds.WhenInput] = phrase });
            Assert.StartsWith("🔵 P-1 moved to", pressed.Text, StringComparison.Ordinal);
            p1 = await Promise(1);
            Assert.Equal((phrase, expected.Due, zone), (phrase, p1.DueAt, p1.DueZone));
        }

        // Moving to the due it already has changes nothing, so P-1 goes back to Dec 20 first when it is there.
        async Task MoveP1BackAsync(DateTimeOffset next)
        {
            if ((await Promise(1)).DueAt == next)
            {
                Assert.StartsWith("🔵 P-1 moved to", (await sandbox.SayAsync("ana", "move P-1 to Dec 20")).Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task NeedMoreTime_TakesTheNewDueInWords()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var list = await sandbox.SayAsync("ana", "list");
        var button = list.Button("moretime:P-1");
        Assert.Equal([ActionIds.DateInput, ActionIds.TimeInput, ActionIds.WhenInput], button.Inputs.Select(i => i.Id));
        Assert.Equal(CommitmentMessages.WhenInputLabel, button.Inputs[2].Label);

        var moved = await sandbox.ClickAsync("ana", list, "moretime:P-1", new Dictionary<string, string>
        {
            [ActionIds.DateInput] = "2027-02-05",
            [ActionIds.TimeInput] = "15:00",
            [ActionIds.WhenInput] = "a week from Friday 5pm CET",
        });

        Assert.StartsWith("🔵 P-1 moved to Fri 12 Feb, 11:00 AM EST (5:00 PM CET).", moved.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedMoreTime_SaysOnceWhatIsWrongWithTheWords()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        var list = await sandbox.SayAsync("ana", "list");

        var reply = await sandbox.ClickAsync("ana", list, "moretime:P-1", new Dictionary<string, string> { [ActionIds.DateInput] = "2027-02-05", [ActionIds.WhenInput] = "3pm Mars time" });

        Assert.Equal("Error", reply.Kind);
        Assert.Equal(
            "I couldn't use \"3pm Mars time\" as the new due: \"Mars time\" is not a time zone I know (write one like ET, PT, CET, IST, AEST, America/Chicago or UTC+5:30). Try "
                + CommandParser.DueExamples + ". Nothing changed.",
            reply.Text);
    }

    [Theory]
    [InlineData("send quote for Acme by soon", "\"soon\" is not a deadline: by when exactly? Give a date or a time, e.g.")]
    [InlineData("send quote for Acme in a few days", "\"in a few days\" is not a deadline: by when exactly? Give a date or a time, e.g.")]
    [InlineData("send quote for Acme by 3pm ETT", "I couldn't use \"3pm ETT\" as the due: \"ETT\" is not a time zone I know")]
    public async Task BadDues_AreRefusedClearly_AndNothingIsStored(string text, string start)
    {
        var reply = await sandbox.SayAsync("ana", text);

        Assert.Equal("Error", reply.Kind);
        Assert.StartsWith(start, reply.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    [Fact]
    public async Task Help_ListsTheDueTimesIRead()
    {
        var help = await sandbox.SayAsync("ana", "help");

        Assert.Contains("Due times I read", help.Text, StringComparison.Ordinal);
        Assert.Contains("`first thing Monday`", help.Text, StringComparison.Ordinal);
        Assert.Contains("`3pm ET`", help.Text, StringComparison.Ordinal);
        Assert.Contains("`the week after next`", help.Text, StringComparison.Ordinal);
    }
}
