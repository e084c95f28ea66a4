using System.Net.Http.Json;
using System.Text.Json;
using CommitmentBot.Sandbox;

namespace CommitmentBot.Tests.Sandbox;

/// <summary>
/// End to end through the sandbox API: Ana (New York, reports to Maria) is away Wed 3 to Mon 8 Feb 2027 with Raj covering, and a
/// promise of hers, made Mon 1 Feb 09:00 EST "by Friday", falls due during the absence.
/// </summary>
public sealed class SandboxAwayTests : IDisposable
{
    private static readonly DateTimeOffset HeadsUpTime = new(2027, 2, 4, 20, 45, 0, TimeSpan.Zero);   // Thu 15:45 EST
    private static readonly DateTimeOffset BackMonday = new(2027, 2, 9, 5, 0, 0, TimeSpan.Zero);      // the end of Mon 8 Feb EST
    private readonly SandboxClient sandbox = new() { WithoutDigests = true };

    public void Dispose() => sandbox.Dispose();

    private async Task SetUpAsync()
    {
        await sandbox.PutUserAsync("raj", name: "Raj", zone: "America/New_York", manager: "maria");
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday");
        var away = await sandbox.SayAsync("ana", "away Feb 3 to Feb 8 cover @raj");
        Assert.Contains("away until Mon 8 Feb, Raj covers", away.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnaAway_RajCovering_IsWarnedOnce_AndAnaHearsNothingUntilShesBack()
    {
        await SetUpAsync();

        await sandbox.MoveToAsync(BackMonday);

        var raj = Assert.Single(await sandbox.InboxAsync("raj"));
        Assert.Equal(HeadsUpTime, raj.At);
        Assert.StartsWith("Covering for Ana: Early warning (not an escalation): Ana is away until Mon 8 Feb; P-1 for Acme falls due Fri 5 Feb 6:00 PM.", raj.Text, StringComparison.Ordinal);
        Assert.Empty(await sandbox.InboxAsync("ana"));
        Assert.DoesNotContain(await sandbox.InboxAsync("maria"), m => m.Text.Contains("P-1", StringComparison.Ordinal));

        // Back on Tuesday 08:00 EST: the due nudge, with Snooze.
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 9, 13, 30, 0, TimeSpan.Zero));
        var due = Assert.Single(await sandbox.InboxAsync("ana"));
        Assert.Equal(new DateTimeOffset(2027, 2, 9, 13, 0, 0, TimeSpan.Zero), due.At);
        Assert.Contains(due.ButtonPairs(), b => b == ("nudgesnooze:P-1", "Snooze"));
    }

    [Fact]
    public async Task TheCover_PressesDone_ForAna_AndTheListsShowTheAbsence()
    {
        await SetUpAsync();
        Assert.Contains("You're away until Mon 8 Feb, Raj covers.", (await sandbox.SayAsync("ana", "list")).Text, StringComparison.Ordinal);
        Assert.Contains("Ana (away until Mon 8 Feb, Raj covers)", (await sandbox.SayAsync("maria", "team")).Text, StringComparison.Ordinal);
        await sandbox.MoveToAsync(HeadsUpTime.AddMinutes(5));
        var warning = Assert.Single(await sandbox.InboxAsync("raj"));

        var done = await sandbox.ClickAsync("raj", warning, "done:P-1");

        Assert.DoesNotContain("isn't yours", done.Text, StringComparison.Ordinal);
        Assert.Contains("kept", (await sandbox.SayAsync("ana", "show P-1")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnoozeFromANudge_WithAReason_ComesBackQuotingIt_AndIsInTheHistory()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday");
        await sandbox.MoveToAsync(HeadsUpTime.AddMinutes(1));
        var headsUp = Assert.Single(await sandbox.InboxAsync("ana"));

        var snoozed = await sandbox.ClickAsync("ana", headsUp, "nudgesnooze:P-1", new Dictionary<string, string> { ["snooze_for"] = "1h", ["snooze_why"] = "waiting on legal" });
        Assert.StartsWith("Snoozed: I'll nudge you about P-1 again", snoozed.Text, StringComparison.Ordinal);
        await sandbox.AdvanceAsync("PT2H");

        var back = (await sandbox.InboxAsync("ana"))[^1];
        Assert.Equal(HeadsUpTime.AddMinutes(61), back.At);
        Assert.Contains("You snoozed it: “waiting on legal”.", back.Text, StringComparison.Ordinal);
        var history = (await sandbox.SayAsync("ana", "show P-1")).Text;
        Assert.Contains("snoozed the nudge", history, StringComparison.Ordinal);
        Assert.Contains("waiting on legal", history, StringComparison.Ordinal);

        var tooLate = await sandbox.ClickAsync("ana", back, "nudgesnooze:P-1", new Dictionary<string, string> { ["snooze_at"] = "Monday 9am" });
        Assert.Contains("can't pass the due", tooLate.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePeopleList_SaysWhoIsAwayUntilWhen_AndWhoCovers_UntilTheyAreBack()
    {
        await SetUpAsync();

        var before = await UsersAsync();
        Assert.Equal("away until Mon 8 Feb, Raj covers (from Wed 3 Feb)", before["ana"].Away);
        Assert.Equal(BackMonday, before["ana"].AwayUntil);
        Assert.Equal("raj", before["ana"].Cover);
        Assert.Equal(["Ana"], before["raj"].CoveringFor);
        Assert.Null(before["maria"].Away);
        Assert.Empty(before["maria"].CoveringFor);

        await sandbox.MoveToAsync(HeadsUpTime);
        Assert.Equal("away until Mon 8 Feb, Raj covers", (await UsersAsync())["ana"].Away);

        await sandbox.MoveToAsync(BackMonday);
        var back = await UsersAsync();
        Assert.Null(back["ana"].Away);
        Assert.Null(back["ana"].AwayUntil);
        Assert.Null(back["ana"].Cover);
        Assert.Empty(back["raj"].CoveringFor);
    }

    [Fact]
    public async Task AwayOff_ClearsThePeopleList_AndAnAbsenceWithoutACoverNamesNobody()
    {
        await sandbox.SayAsync("ana", "away until Friday");
        Assert.Equal("away until Fri 5 Feb", (await UsersAsync())["ana"].Away);
        Assert.All((await UsersAsync()).Values, u => Assert.Empty(u.CoveringFor));

        await sandbox.SayAsync("ana", "away off");

        Assert.Null((await UsersAsync())["ana"].Away);
    }

    [Fact]
    public async Task TheSnoozeChoices_CarryTheirTitles_AndThePressShowsTheTitleChosen()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday");
        await sandbox.MoveToAsync(HeadsUpTime.AddMinutes(1));
        var headsUp = Assert.Single(await sandbox.InboxAsync("ana"));

        var snoozeFor = headsUp.Button("nudgesnooze:P-1").Inputs.Single(i => i.Id == "snooze_for");
        Assert.Equal("choice", snoozeFor.Kind);
        Assert.Equal(["1h", "tomorrow"], snoozeFor.Choices);
        Assert.Equal([new SandboxChoice("1h", "1 hour"), new SandboxChoice("tomorrow", "Tomorrow morning")], snoozeFor.Options);

        await sandbox.ClickAsync("ana", headsUp, "nudgesnooze:P-1", new Dictionary<string, string> { ["snooze_for"] = "tomorrow", ["snooze_why"] = "at the customer's" });

        var conversation = await sandbox.Http.GetFromJsonAsync<List<SandboxMessage>>("/sandbox/api/conversation/ana", Json);
        var pressed = conversation!.Last(m => m.Kind == "Pressed");
        Assert.Equal("Snooze · Tomorrow morning · at the customer's", pressed.Text);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<Dictionary<string, SandboxApi.UserView>> UsersAsync()
    {
        var users = await sandbox.Http.GetFromJsonAsync<SandboxApi.UserView[]>("/sandbox/api/users", Json);
        return users!.ToDictionary(u => u.Id);
    }
}
