using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Tests.Away;

/// <summary><c>/promise away …</c>: reading, storing, refusing, and showing it in list and team.</summary>
public sealed class AwayCommandTests : AwayFlowFixture
{
    [Theory]
    [InlineData("away Dec 9 to Dec 14 cover @raj", "Dec 9", "Dec 14", "raj")]
    [InlineData("away from Wednesday to next Monday", "Wednesday", "next Monday", null)]
    [InlineData("away until Friday cover <@U123|raj>", null, "Friday", "U123")]
    [InlineData("away until Dec 14", null, "Dec 14", null)]
    public void Parser_ReadsTheForms(string text, string? from, string until, string? cover)
    {
        Assert.Equal(new AwayCommand(from, until, cover), CommandParser.Parse(text));
    }

    [Theory]
    [InlineData("away off", typeof(AwayOffCommand))]
    [InlineData("away", typeof(ShowAwayCommand))]
    [InlineData("away Dec 9", typeof(InvalidCommand))]
    [InlineData("away until Friday cover raj", typeof(InvalidCommand))]
    [InlineData("away until ", typeof(InvalidCommand))]
    public void Parser_OtherForms(string text, Type expected) => Assert.IsType(expected, CommandParser.Parse(text));

    [Fact]
    public async Task Away_FromTheStartOfTheFirstDay_ToTheEndOfTheLast_WithCover()
    {
        var reply = await Say("ana", "away Dec 9 to Dec 14 cover @raj");

        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Contains("away until Mon 14 Dec, Raj covers", reply.Text, StringComparison.Ordinal);
        var ana = await People.FindAsync(Ws, "ana", default);
        Assert.Equal(Utc(9, 5), ana!.AwayFrom);     // Wed 9 Dec 00:00 EST
        Assert.Equal(Utc(15, 5), ana.AwayUntil);    // the end of Mon 14 Dec EST
        Assert.Equal("raj", ana.AwayCoverId);
    }

    [Fact]
    public async Task AwayUntil_StartsNow_AndOff_EndsIt()
    {
        await Say("ana", "away until Friday");
        var ana = await People.FindAsync(Ws, "ana", default);
        Assert.Equal(Clock.GetUtcNow(), ana!.AwayFrom);
        Assert.Equal(Utc(12, 5), ana.AwayUntil);
        Assert.Null(ana.AwayCoverId);
        Assert.Contains("away until Fri 11 Dec", (await Say("ana", "away")).Text, StringComparison.Ordinal);

        var off = await Say("ana", "away off");
        Assert.Contains("no longer away", off.Text, StringComparison.Ordinal);
        Assert.Null((await People.FindAsync(Ws, "ana", default))!.Away);
        Assert.Contains("not set as away", (await Say("ana", "away off")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("away Dec 14 to Dec 9", "back before you leave")]
    [InlineData("away until Friday cover @ana", "can't cover for yourself")]
    [InlineData("away until Feb 30", "Nothing changed")]
    [InlineData("away until Dec 1 2028", "more than a year")]
    [InlineData("away Someday to Friday", "Nothing changed")]
    public async Task BadInput_GetsAClearReply_AndNothingIsStored(string text, string says)
    {
        var reply = await Say("ana", text);
        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains(says, reply.Text, StringComparison.Ordinal);
        Assert.Null((await People.FindAsync(Ws, "ana", default))!.Away);
    }

    [Fact]
    public async Task ListAndTeam_ShowWhoIsAway_AndWhoCovers()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("ana", "away Dec 9 to Dec 14 cover @raj");

        Assert.Contains("You're away until Mon 14 Dec, Raj covers.", (await Say("ana", "list")).Text, StringComparison.Ordinal);
        var team = await Say("maria", "team");
        Assert.Contains(team.Sections.SelectMany(s => s.Facts), f => f.Label == "Owner" && f.Value == "Ana (away until Mon 14 Dec, Raj covers)");
    }

    [Fact]
    public async Task SettingAway_ReplansTheRepsRunningLadders()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        var before = Stores.Get(Ws, 1);
        Assert.Equal(LadderStepKind.HeadsUp, before.NextStep);

        await Say("ana", "away Dec 9 to Dec 14 cover @raj");
        Assert.Equal(LadderStepKind.AwayWarning, Stores.Get(Ws, 1).NextStep);

        await Say("ana", "away off");
        Assert.Equal(LadderStepKind.HeadsUp, Stores.Get(Ws, 1).NextStep);
    }

    [Fact]
    public async Task Show_ListsTheHistory_ForTheOwnerManagerAndCover_NotForOthers()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("ana", "away Dec 9 to Dec 14 cover @raj");

        Assert.Contains("· Ana: made the promise (due", (await Say("ana", "show P-1")).Sections[^1].Text, StringComparison.Ordinal);
        Assert.NotEqual(MessageKind.Error, (await Say("maria", "show P-1")).Kind);
        Assert.NotEqual(MessageKind.Error, (await Say("raj", "show P-1")).Kind);
        Assert.Equal(MessageKind.Error, (await Say("lee", "show P-1")).Kind);
        Assert.Equal(MessageKind.Error, (await Say("ana", "show P-99")).Kind);
    }

    private IPeopleStore People => Stores;
}
