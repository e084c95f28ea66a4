using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>SPEC "Slack status": which statuses mean away, their expiry as the return, and the sweep reading them.</summary>
public sealed class StatusAwayTests : AwayFlowFixture
{
    private static readonly DateTimeOffset Now = new(2026, 12, 10, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(":palm_tree:", "")]
    [InlineData(":face_with_thermometer:", "")]
    [InlineData("", "OOO")]
    [InlineData("", "ooo until Monday")]
    [InlineData("", "Out of office: back on the 14th")]
    [InlineData("", "On vacation")]
    [InlineData("", "Vacation in Lisbon")]
    [InlineData("", "Out sick")]
    [InlineData(":spiral_calendar_pad:", "  OOO")]
    public void TheseStatuses_MeanAway(string emoji, string text)
    {
        var absence = StatusAway.Read(emoji, text, null, Now);
        Assert.NotNull(absence);
        Assert.Null(absence.CoverId);
    }

    [Theory]
    [InlineData(":coffee:", "In a meeting")]
    [InlineData("", "OOOPS wrong status")]
    [InlineData("", "Planning my vacation")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void TheseDoNot(string? emoji, string? text) => Assert.Null(StatusAway.Read(emoji, text, null, Now));

    [Fact]
    public void TheExpiry_IsTheReturn_AndAnExpiredStatusMeansNothing()
    {
        Assert.Equal(Now.AddDays(3), StatusAway.Read(":palm_tree:", "", Now.AddDays(3), Now)!.Until);
        Assert.Equal(Now + StatusAway.RecheckAfter, StatusAway.Read(":palm_tree:", "", null, Now)!.Until);
        Assert.Null(StatusAway.Read(":palm_tree:", "", Now.AddMinutes(-1), Now));
    }

    [Theory]
    [InlineData("admin policy status-away on", true)]
    [InlineData("admin policy status-away off", false)]
    public void ThePolicy_IsReadByTheGrammar(string text, bool on) =>
        Assert.Equal(new AdminPolicyCommand(new StatusAwaySetting(on)), CommandParser.Parse(text));

    [Fact]
    public void ThePolicy_RefusesOtherValues() => Assert.IsType<InvalidCommand>(CommandParser.Parse("admin policy status-away maybe"));

    private sealed class FakeStatus(Func<string, Absence?> read) : IStatusAwaySource
    {
        public List<string> Asked { get; } = [];

        public string Platform => "test";

        public Task<Absence?> ReadAsync(string workspaceId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Asked.Add(userId);
            return Task.FromResult(read(userId));
        }
    }

    private async Task TurnOnAsync(bool on)
    {
        var ws = await ((IWorkspaceStore)Stores).FindAsync(Ws, default);
        await Stores.SaveAsync(ws! with { Policy = ws.Policy with { StatusAway = on } }, default);
    }

    private Task RunWithStatusAsync(FakeStatus status, DateTimeOffset until) =>
        new ClockTick(new EscalationSweep(Stores, Stores, Stores, [status]), Stores).RunUntilAsync(until, Clock, Clock.SetUtcNow, Delivery, default);

    [Fact]
    public async Task RepOnVacationStatus_WithExpiry_IsTreatedAsAwayWithoutCover_TheManagerIsWarned()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        await TurnOnAsync(true);
        var status = new FakeStatus(id => id == "ana" ? StatusAway.Read(":palm_tree:", "", Utc(15, 5), Utc(10, 13)) : null);

        await RunWithStatusAsync(status, Utc(14, 0));

        Assert.Contains("ana", status.Asked);
        Assert.StartsWith("Early warning (not an escalation): Ana is away; P-1 for Acme falls due Thu 10 Dec", Assert.Single(MessagesTo("maria")).Text, StringComparison.Ordinal);
        Assert.Empty(MessagesTo("ana"));
    }

    [Fact]
    public async Task StatusWithoutExpiry_HoldsTheNudge_UntilTheStatusChanges()
    {
        await Say("ana", "send revised quote for Acme by Friday");  // heads-up Thu 20:45Z, due Fri 23:00Z
        await TurnOnAsync(true);
        var out_ = true;
        var status = new FakeStatus(id => id == "ana" && out_ ? StatusAway.Read("", "Out sick", null, Clock.GetUtcNow()) : null);

        await RunWithStatusAsync(status, Utc(11, 0));
        Assert.True(status.Asked.Count >= 3); // read again each hour while it lasts
        Assert.Empty(MessagesTo("ana")); // the heads-up waits while she is out sick

        out_ = false;
        await RunWithStatusAsync(status, Utc(11, 14));
        Assert.StartsWith("Heads-up: P-1", Assert.Single(MessagesTo("ana")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithThePolicyOff_TheStatusIsNeverRead()
    {
        await Say("ana", "send revised quote for Acme by Thursday");
        var status = new FakeStatus(_ => StatusAway.Read(":palm_tree:", "", null, Clock.GetUtcNow()));

        await RunWithStatusAsync(status, Utc(10, 14));

        Assert.Empty(status.Asked);
        Assert.StartsWith("Heads-up", Assert.Single(MessagesTo("ana")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPolicy_ShowsAndSetsStatusAway()
    {
        Assert.NotEqual(MessageKind.Error, (await Say("sam", "admin policy status-away on")).Kind);
        Assert.True((await ((IWorkspaceStore)Stores).FindAsync(Ws, default))!.Policy.StatusAway);
        Assert.Contains("status-away: on", (await Say("sam", "admin policy")).ToPlainText(), StringComparison.Ordinal);
    }
}
