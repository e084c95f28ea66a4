using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>Away, cover and "what the manager heard" through commands, sweep and delivery together.</summary>
public sealed class AwayFlowTests : AwayFlowFixture
{
    [Fact]
    public async Task RepAwayWithCover_TheCoverIsWarnedOnce_AtHeadsUpTime_AndTheRepHearsNothingUntilBack()
    {
        await Say("ana", "send revised quote for Acme by Thursday");       // due Thu 10 Dec 18:00 EST
        await Say("ana", "away Dec 9 to Dec 14 cover @raj");

        await RunUntilAsync(Utc(15, 5));

        var raj = Assert.Single(MessagesTo("raj"));
        Assert.Equal(MessageKind.ManagerEarlyWarning, raj.Kind);
        Assert.Equal("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 14 Dec; P-1 for Acme falls due Thu 10 Dec 6:00 PM.", raj.Text);
        Assert.Equal(Utc(10, 13), Sender.Sent.Single(s => s.Delivery.RecipientId == "raj").At);
        Assert.Empty(MessagesTo("ana"));
        Assert.Empty(MessagesTo("maria"));
        Assert.DoesNotContain(Stores.Notifications, n => n.Note.Step is LadderStepKind.Manager or LadderStepKind.Channel);

        // Back on Tuesday: the due nudge arrives at the start of her day.
        await RunUntilAsync(Utc(15, 14));
        Assert.Equal(("ana", Utc(15, 13)), Sender.Sent.Where(s => s.Delivery.RecipientId == "ana").Select(s => (s.Delivery.RecipientId, s.At)).Single());
    }

    [Fact]
    public async Task ACoverInAnotherZone_IsToldTheRepsLastDayAway_AsTheRepSaysIt()
    {
        // Ana (New York) is away to the end of Monday 14 Dec, which is Tuesday early morning in London.
        await Stores.UpsertAsync(new Person { WorkspaceId = Ws, UserId = "raj", DisplayName = "Raj", TimeZone = "Europe/London", ManagerId = "maria" }, default);
        await Say("ana", "send revised quote for Acme by Thursday");
        var away = await Say("ana", "away Dec 9 to Dec 14 cover @raj");
        Assert.Contains("until Mon 14 Dec", away.Text, StringComparison.Ordinal);

        await RunUntilAsync(Utc(15, 5));

        var raj = Assert.Single(MessagesTo("raj"));
        Assert.StartsWith("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 14 Dec;", raj.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCover_ActsWithTheSameButtons_AndTheRecordCountsNoSurprise()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("ana", "away Dec 9 to Dec 14 cover @raj");
        await RunUntilAsync(Utc(10, 14));
        var warning = Assert.Single(MessagesTo("raj"));
        Assert.Contains(warning.AllButtons, b => b.ActionId == "done:P-1");
        Assert.Contains(warning.AllButtons, b => b.ActionId == "moretime:P-1");

        // Someone who does not cover is refused; the cover is not.
        Assert.Equal(MessageKind.Error, (await Click("lee", "done:P-1")).Kind);
        var done = await Click("raj", "done:P-1");
        Assert.NotEqual(MessageKind.Error, done.Kind);

        var c = Stores.Get(Ws, 1);
        Assert.True(c.IsClosed);
        Assert.Null(c.ManagerNotifiedAt); // not a surprise in the record
        Assert.False(c.Surprised); // the record counts a surprise only when the manager or the channel step was sent
    }

    [Fact]
    public async Task RepAwayWithoutCover_TheManagerGetsTheEarlyWarning()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("ana", "away Dec 9 to Dec 14");
        await RunUntilAsync(Utc(10, 14));

        var maria = Assert.Single(MessagesTo("maria"));
        Assert.StartsWith("Early warning (not an escalation): Ana is away", maria.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagerAwayWithCover_TheCoverIsEscalatedTo_AndMayAcknowledge()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("maria", "away Dec 10 to Dec 14 cover @lee");

        await RunUntilAsync(Utc(11, 17, 30));

        var lee = Assert.Single(MessagesTo("lee"));
        Assert.StartsWith("Covering for Maria: Ana's promise P-1 for Acme is", lee.Text, StringComparison.Ordinal);
        Assert.Empty(MessagesTo("maria"));
        Assert.Equal(MessageKind.Error, (await Click("kim", "ack:P-1")).Kind);
        Assert.NotEqual(MessageKind.Error, (await Click("lee", "ack:P-1")).Kind);

        await RunUntilAsync(Utc(14, 0));
        Assert.DoesNotContain(Sender.Sent, s => s.Delivery.RecipientKind == RecipientKind.Channel);
    }

    [Fact]
    public async Task ManagerAwayWithoutCover_TheChannelHearsAtItsUsualTime()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await Say("maria", "away Dec 10 to Dec 14");

        await RunUntilAsync(Utc(12, 0));

        Assert.Empty(MessagesTo("maria"));
        var channel = Assert.Single(Sender.Sent, s => s.Delivery.RecipientKind == RecipientKind.Channel);
        Assert.Equal(Utc(11, 21), channel.At); // manager step (Fri 12:00 EST) + 4 working hours, as if the manager had been told
    }

    [Fact]
    public async Task TheRep_IsToldWhatTheManagerAndTheChannelHeard_WithThePlaybooksNextStep()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await RunUntilAsync(Utc(11, 17, 30));

        var told = MessagesTo("ana").Last();
        Assert.Equal("Maria was told at 12:00 PM that P-1 for Acme is 18 hours late.", told.Text);
        Assert.Contains(told.AllButtons, b => b.ActionId == "pb-own:P-1");

        await Click("ana", "pb-own:P-1");
        await RunUntilAsync(Utc(11, 21, 30));
        var channelTold = MessagesTo("ana").Last();
        Assert.StartsWith("The escalation channel was told at 4:00 PM that P-1 for Acme is 22 hours late.", channelTold.Text, StringComparison.Ordinal);
        Assert.Contains(channelTold.AllButtons, b => b.ActionId == "pb-options:P-1"); // own it is done, the manager knows: the next one
    }
}
