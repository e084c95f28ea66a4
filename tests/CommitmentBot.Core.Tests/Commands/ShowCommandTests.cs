using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>
/// Issue 9.20: <c>/promise show P-3</c> shows a promise with its whole history in the viewer's zone, to its owner,
/// the owner's manager and admins; and an unknown first word followed by nothing that reads as a promise is
/// "I don't know that command", not "By when?".
/// </summary>
public sealed class ShowCommandTests
{
    private const string Ws = SampleTeam.Workspace;

    // On Wednesday 25 Nov 2026, 09:00 in New York, 08:00 in Chicago.
    private readonly CommandHarness harness = new(SampleTeam.Wednesday, SampleTeam.With(new Person { WorkspaceId = Ws, UserId = "bob", DisplayName = "Bob", TimeZone = "Europe/London" }, SampleTeam.Sam));

    private Task<OutboundMessage> Say(string user, string text) => harness.SayAsync(Ws, user, text);

    [Theory]
    [InlineData("history P-2", "history")]
    [InlineData("frobnicate P-1", "frobnicate")]
    [InlineData("/promise history P-1 P-2", "history")]
    [InlineData("lsit", "lsit")]
    public async Task AnUnknownFirstWord_FollowedByNothingThatReadsAsAPromise_IsAnUnknownCommand(string text, string word)
    {
        await Say("ana", "send the quote for Acme by Friday");

        var reply = await Say("ana", text);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.StartsWith($"I don't know that command: `{word}`.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("`show P-3`", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("By when", reply.Text, StringComparison.Ordinal);
        Assert.Single(await harness.Stores.ListActiveByOwnersAsync(Ws, ["ana"], 10, default));
    }

    [Theory]
    [InlineData("show P-2", typeof(ShowCommand))]
    [InlineData("show p-2.", typeof(ShowCommand))]
    [InlineData("show the demo to Acme by Friday", typeof(CreateCommand))]
    [InlineData("call Acme about the renewal", typeof(CreateCommand))] // a promise without a due: "By when?"
    [InlineData("show", typeof(InvalidCommand))]
    public void Parse_ReadsShow(string text, Type expected) => Assert.IsType(expected, CommandParser.Parse(text));

    [Fact]
    public async Task Show_GivesThePromiseAndEveryEvent_InTheViewersZone()
    {
        await Say("ana", "send the quote for Acme by Friday 3pm");
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await Say("ana", "risk P-1 finance has not approved the discount");
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await Say("ana", "move P-1 to Monday 3pm Acme asked to push");

        var mine = await Say("ana", "show P-1");
        var managers = await Say("maria", "show P-1");

        Assert.Equal(MessageKind.Reply, mine.Kind);
        var text = mine.ToPlainText();
        Assert.Contains("P-1 · Acme", text, StringComparison.Ordinal);
        Assert.Contains("History (4 events, times in America/New_York)", text, StringComparison.Ordinal);
        Assert.Contains("Wed 25 Nov, 9:00 AM EST · Ana: made the promise (due Fri 27 Nov, 3:00 PM EST)", text, StringComparison.Ordinal);
        Assert.Contains("Wed 25 Nov, 11:00 AM EST · Ana: flagged it at risk (finance has not approved the discount)", text, StringComparison.Ordinal);
        Assert.Contains("Wed 25 Nov, 11:00 AM EST · Ana: playbook: \"Alert my manager\" done", text, StringComparison.Ordinal); // the early warning
        Assert.Contains("Wed 25 Nov, 12:00 PM EST · Ana: moved the due (from Fri 27 Nov, 3:00 PM EST to Mon 30 Nov, 3:00 PM EST (before due): Acme asked to push)", text, StringComparison.Ordinal);
        Assert.Contains(mine.AllButtons, b => b.ActionId == "done:P-1");

        // The manager reads the same history on Chicago's clock, with no buttons to act for the rep.
        var theirs = managers.ToPlainText();
        Assert.Contains("Wed 25 Nov, 8:00 AM CST · Ana: made the promise (due Fri 27 Nov, 2:00 PM CST)", theirs, StringComparison.Ordinal);
        Assert.Contains("Owner", theirs, StringComparison.Ordinal);
        Assert.Empty(managers.AllButtons);
    }

    [Fact]
    public async Task Show_IncludesWhatTheClockDid()
    {
        await Say("ana", "send the quote for Acme by Friday 3pm");
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero));
        await new CommitmentBot.Core.Escalation.EscalationSweep(harness.Stores, harness.Stores, harness.Stores).RunAsync(harness.Clock.GetUtcNow(), default);

        var text = (await Say("ana", "show P-1")).ToPlainText();

        Assert.Contains("CommitmentBot: sent the heads-up", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sam", true)] // an admin
    [InlineData("bob", false)] // neither the owner, nor their manager, nor an admin
    public async Task Show_ToSomeoneElse_OnlyForAnAdmin(string viewer, bool sees)
    {
        await Say("ana", "send the quote for Acme by Friday 3pm");

        var reply = await Say(viewer, "show P-1");

        Assert.Equal(sees ? MessageKind.Reply : MessageKind.Error, reply.Kind);
        Assert.Equal(sees, reply.ToPlainText().Contains("made the promise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_OfAPromiseThatDoesNotExist_SaysSo()
    {
        var reply = await Say("ana", "show P-9");

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.StartsWith("I can't find P-9", reply.Text, StringComparison.Ordinal);
    }
}
