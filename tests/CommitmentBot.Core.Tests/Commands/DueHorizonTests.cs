using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>
/// Issue 9.2: a due beyond five years gets a clear reply and saves nothing (it used to answer "Something went wrong"
/// after saving the promise, from an overflow while planning its ladder), and a row stored with such a due (by an
/// earlier version) never breaks <c>list</c>, <c>team</c> or its buttons.
/// </summary>
public sealed class DueHorizonTests
{
    private const string Ws = SampleTeam.Workspace;

    // Wednesday 25 Nov 2026, 09:00 in New York.
    private static readonly DateTimeOffset Now = SampleTeam.Wednesday;

    private readonly CommandHarness harness = new(Now, SampleTeam.With(new Person { WorkspaceId = Ws, UserId = "kiri", DisplayName = "Kiri", TimeZone = "Pacific/Kiritimati", ManagerId = "maria" }));

    private Task<OutboundMessage> Say(string user, string text) => harness.SayAsync(Ws, user, text);

    [Theory]
    [InlineData("send the quote for Acme by 12/31/9999")]
    [InlineData("send the quote for Acme by 12/31/2031")]
    [InlineData("send the quote for Acme by Dec 1 2040")]
    [InlineData("send the quote for Acme in 400 months")]
    public async Task Create_RefusesADueMoreThanFiveYearsAway_AndSavesNothing(string text)
    {
        var reply = await Say("ana", text);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains("more than five years away", reply.Text, StringComparison.Ordinal);
        Assert.Contains("25 Nov 2031", reply.Text, StringComparison.Ordinal); // the latest due taken, in the rep's calendar
        Assert.EndsWith("Nothing was saved.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Try e.g.", reply.Text, StringComparison.Ordinal); // the phrase was read; examples would not help
        Assert.Empty(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
        Assert.Empty(harness.Stores.Events);
    }

    [Fact]
    public async Task Create_TakesADueJustInsideTheHorizon_AndPlansItsWholeLadder()
    {
        var reply = await Say("ana", "send the quote for Acme by 11/1/2031");

        Assert.Equal(MessageKind.Created, reply.Kind);
        Assert.Contains("1 Nov 2031", reply.ToPlainText(), StringComparison.Ordinal);
        Assert.Single(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Fact]
    public async Task Move_RefusesADueBeyondTheHorizon_AndChangesNothing()
    {
        await Say("ana", "send the quote for Acme by Friday");
        var before = harness.Stores.Get(Ws, 1);

        var reply = await Say("ana", "move P-1 to 12/31/9999 they are slow");

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains("more than five years away", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Nothing changed.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(before, harness.Stores.Get(Ws, 1));
    }

    [Fact]
    public async Task NeedMoreTimeForm_RefusesADateBeyondTheHorizon()
    {
        await Say("ana", "send the quote for Acme by Friday");

        var reply = await harness.ClickAsync(Ws, "ana", ActionIds.For(ActionIds.MoreTime, "P-1"), new Dictionary<string, string> { [ActionIds.DateInput] = "9999-12-31", [ActionIds.TimeInput] = "23:59" });

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains("more than five years away", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, harness.Stores.Get(Ws, 1).DueVersion);
    }

    [Theory]
    [InlineData("ana")] // New York: the last instant is still 9999 locally
    [InlineData("kiri")] // UTC+14: the last instant is past the end of 9999 locally
    public async Task List_ShowsARowStoredWithADueAtTheEndOfTheCalendar(string owner)
    {
        // As an earlier version saved it: due at the last millisecond storage can keep.
        var far = new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);
        var draft = new Commitment
        {
            WorkspaceId = Ws,
            Text = "send the quote",
            Customer = "Acme",
            DueAt = far,
            CreatedAt = Now,
            OwnerId = owner,
            CreatedById = owner,
            WindowStart = Now,
            Policy = EscalationPolicy.Default,
        };
        await harness.Stores.CreateAsync(draft, new CommitmentEvent(Ws, 0, Now, owner, CommitmentEventKinds.Created, "due " + far.ToString("O")), default);
        await Say(owner, "send the deck for Initech by Friday");

        var list = await Say(owner, "list");
        var team = await Say("maria", "team");
        var moreTime = await harness.ClickAsync(Ws, owner, ActionIds.For(ActionIds.MoreTime, "P-1"));

        Assert.Equal(MessageKind.List, list.Kind);
        Assert.Equal(["P-2", "P-1"], list.Sections.Select(s => s.CommitmentRef));
        Assert.Contains("9999", list.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(MessageKind.List, team.Kind);
        Assert.Contains(team.Sections, s => s.CommitmentRef == "P-1");
        Assert.Equal(MessageKind.Reply, moreTime.Kind);
        Assert.NotEmpty(moreTime.Sections.Single().Inputs);
    }
}
