using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>Snooze with a reason: on every rep nudge, and the manager's "Snooze 1 day".</summary>
public sealed class SnoozeTests : AwayFlowFixture
{
    private static Dictionary<string, string> Snooze(string? forWhat = null, string? at = null, string? why = null)
    {
        var values = new Dictionary<string, string>();
        if (forWhat is not null)
        {
            values[ActionIds.SnoozeForInput] = forWhat;
        }

        if (at is not null)
        {
            values[ActionIds.SnoozeAtInput] = at;
        }

        if (why is not null)
        {
            values[ActionIds.SnoozeWhyInput] = why;
        }

        return values;
    }

    [Fact]
    public async Task EveryRepNudge_HasSnooze_WithItsInputs()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(11, 16)); // heads-up, due, overdue

        var nudges = MessagesTo("ana");
        Assert.Equal(3, nudges.Count);
        Assert.All(nudges, m =>
        {
            var snooze = Assert.Single(m.AllButtons, b => b.ActionId == "nudgesnooze:P-1");
            Assert.Equal([ActionIds.SnoozeForInput, ActionIds.SnoozeAtInput, ActionIds.SnoozeWhyInput], snooze.InputIds);
            Assert.Contains(m.Sections.SelectMany(s => s.Inputs), i => i.Id == ActionIds.SnoozeWhyInput);
        });
    }

    [Fact]
    public async Task SnoozeAnHour_BringsTheNudgeBack_QuotingTheReason_AndNeverMovesTheDue()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(10, 13, 30)); // heads-up at 13:00Z
        var reply = await Click("ana", "nudgesnooze:P-1", Snooze("1h", why: "waiting on legal"));
        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Contains("waiting on legal", reply.Text, StringComparison.Ordinal);

        await RunUntilAsync(Utc(10, 15));

        var back = MessagesTo("ana").Last();
        Assert.Equal("Back from snooze: P-1 is due in 8 hours. You snoozed it: “waiting on legal”.", back.Text);
        Assert.Equal(Utc(10, 14, 30), Sender.Sent.Last().At);
        Assert.Equal(Utc(10, 23), Stores.Get(Ws, 1).DueAt);

        // In the history.
        var history = (await Say("ana", "show P-1")).Sections[^1].Text!;
        Assert.Contains("· Ana: snoozed the nudge (until Thu 10 Dec, 9:30 AM EST: waiting on legal)", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnoozeTomorrowMorning_IsTheStartOfTheNextWorkingDay()
    {
        await Say("ana", "send revised quote for Acme by Friday");
        await RunUntilAsync(Utc(10, 13, 30));
        await Click("ana", "nudgesnooze:P-1", Snooze("tomorrow"));
        Assert.Equal(Utc(11, 13), Stores.Get(Ws, 1).RepSnoozedUntil);
    }

    [Fact]
    public async Task ASnoozeThatWouldPassTheDue_IsRefused_AndNothingChanges()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(10, 13, 30));
        var before = Stores.Get(Ws, 1);

        var reply = await Click("ana", "nudgesnooze:P-1", Snooze(at: "Friday 10am"));

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains("can't pass the due", reply.Text, StringComparison.Ordinal);
        Assert.Equal(before.Version, Stores.Get(Ws, 1).Version);
    }

    [Fact]
    public async Task AfterTheDue_ASnoozeCannotHoldBackTheManagerStep()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(11, 15, 30)); // overdue nudge at 15:00Z; Maria hears at 17:00Z
        Assert.Equal(MessageKind.Error, (await Click("ana", "nudgesnooze:P-1", Snooze("tomorrow"))).Kind);
        Assert.NotEqual(MessageKind.Error, (await Click("ana", "nudgesnooze:P-1", Snooze("1h", why: "on a call"))).Kind);
        await RunUntilAsync(Utc(11, 16, 45));
        Assert.StartsWith("Back from snooze: P-1 is", MessagesTo("ana").Last().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondSnooze_ComesBackAgain()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(10, 13, 30));
        await Click("ana", "nudgesnooze:P-1", Snooze("1h", why: "first"));
        await RunUntilAsync(Utc(10, 14, 45));
        await Click("ana", "nudgesnooze:P-1", Snooze(at: "3pm", why: "second"));
        await RunUntilAsync(Utc(10, 20, 30));

        var reminders = Stores.Notifications.Where(n => n.Note.Step == LadderStepKind.RepReminder).ToList();
        Assert.Equal(2, reminders.Count);
        Assert.EndsWith("“second”.", MessagesTo("ana").Last().Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forever", null, "Snooze for 1 hour")]
    [InlineData(null, "someday", "Nothing changed")]
    public async Task BadSnoozeInput_GetsAClearReply(string? forWhat, string? at, string says)
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        var reply = await Click("ana", "nudgesnooze:P-1", Snooze(forWhat, at));
        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains(says, reply.Text, StringComparison.Ordinal);
        Assert.Null(Stores.Get(Ws, 1).RepSnoozedUntil);
    }

    [Fact]
    public async Task OnlyTheOwner_MaySnoozeTheirNudge_AndTheReasonIsShort()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        Assert.Equal(MessageKind.Error, (await Click("lee", "nudgesnooze:P-1", Snooze("1h"))).Kind);
        Assert.Equal(MessageKind.Error, (await Click("ana", "nudgesnooze:P-1", Snooze("1h", why: new string('x', 201)))).Kind);
        Assert.Null(Stores.Get(Ws, 1).RepSnoozedUntil);
    }

    [Fact]
    public async Task TheManagersSnooze_TakesAReason_ShownWhenItComesBack()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(11, 17, 30)); // Maria told Fri 12:00 EST
        var escalation = MessagesTo("maria").Single();
        Assert.Equal([ActionIds.SnoozeWhyInput], Assert.Single(escalation.AllButtons, b => b.ActionId == "snooze:P-1").InputIds);

        var reply = await Click("maria", "snooze:P-1", Snooze(why: "Ana is at the customer today"));
        Assert.Contains("Ana is at the customer today", reply.Text, StringComparison.Ordinal);
        await RunUntilAsync(Utc(14, 18));

        var reminder = MessagesTo("maria").Last();
        Assert.EndsWith("You snoozed it: “Ana is at the customer today”.", reminder.Text, StringComparison.Ordinal);
    }
}
