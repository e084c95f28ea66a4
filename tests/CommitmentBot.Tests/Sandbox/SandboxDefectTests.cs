namespace CommitmentBot.Tests.Sandbox;

/// <summary>Issue 9's defects in messages and commands, end to end through the sandbox's JSON API.</summary>
public sealed class SandboxDefectTests : IDisposable
{
    private readonly SandboxClient sandbox = new();

    public void Dispose() => sandbox.Dispose();

    /// <summary>9.2: it answered "Something went wrong" (a 500) and <c>list</c> then showed the promise.</summary>
    [Fact]
    public async Task ADueYearsAway_GetsAClearReply_AndSavesNothing()
    {
        var reply = await sandbox.SayAsync("ana", "/promise send the quote for Acme by 12/31/9999");

        Assert.Equal("Error", reply.Kind);
        Assert.Equal(
            "I couldn't use \"12/31/9999\" as the due: that is more than five years away; the latest due I take is 1 Feb 2032. Nothing was saved.",
            reply.Text);
        Assert.Empty(await sandbox.OpenIdsAsync("ana"));
    }

    /// <summary>9.20: these answered "By when? … Nothing was saved"; <c>show</c> is how a rep or manager sees a promise's history.</summary>
    [Fact]
    public async Task Show_GivesTheWholeHistoryInTheViewersZone_AndUnknownWordsAreUnknownCommands()
    {
        await sandbox.SayAsync("ana", "send revised quote for Acme by Friday 3pm");
        await sandbox.SayAsync("ana", "risk P-1 finance has not approved the discount");

        var history = await sandbox.SayAsync("ana", "/promise history P-1");
        var frobnicate = await sandbox.SayAsync("ana", "frobnicate P-1");
        var mine = await sandbox.SayAsync("ana", "/promise show P-1");
        var managers = await sandbox.SayAsync("maria", "show P-1");

        Assert.Equal(("Error", "Error"), (history.Kind, frobnicate.Kind));
        Assert.StartsWith("I don't know that command: `history`.", history.Text, StringComparison.Ordinal);
        Assert.StartsWith("I don't know that command: `frobnicate`.", frobnicate.Text, StringComparison.Ordinal);
        Assert.Contains("Mon 1 Feb, 9:00 AM EST · Ana: made the promise (due Fri 5 Feb, 3:00 PM EST)", mine.Text, StringComparison.Ordinal);
        Assert.Contains("Mon 1 Feb, 9:00 AM EST · Ana: flagged it at risk (finance has not approved the discount)", mine.Text, StringComparison.Ordinal);
        Assert.Contains("Mon 1 Feb, 8:00 AM CST · Ana: made the promise (due Fri 5 Feb, 2:00 PM CST)", managers.Text, StringComparison.Ordinal);
        Assert.Equal(["P-1"], await sandbox.OpenIdsAsync("ana"));
    }

    /// <summary>
    /// 9.12: the customer draft said "that date is at risk" for a promise already late or missed, read "I promised you
    /// send 20 seat quote to Umbrella…" and apologised before a fix was agreed. Each state has its own draft, in the
    /// customer's zone.
    /// </summary>
    [Fact]
    public async Task TheCustomerDraft_FitsThePromisesState_AtRiskLateAndMissed()
    {
        await sandbox.SayAsync("ana", "Umbrella: send 20 seat quote to Umbrella by Friday 3pm CET");
        await sandbox.SayAsync("ana", "Globex: ship the demo unit by Friday 3pm CET");

        var atRisk = await sandbox.SayAsync("ana", "risk P-1 finance has not approved the discount");
        await sandbox.MoveToAsync(new DateTimeOffset(2027, 2, 5, 17, 0, 0, TimeSpan.Zero)); // due 14:00Z, overdue at +2 working hours
        var overdue = (await sandbox.InboxAsync("ana")).Last(m => m.Kind == "Overdue" && m.Text.StartsWith("P-2", StringComparison.Ordinal));
        var missed = await sandbox.SayAsync("ana", "missed P-2 the unit is lost in transit");

        Assert.Contains(
            "Draft:\n> Hi Umbrella team, I said I would send 20 seat quote to you by Fri 5 Feb, 3:00 PM CET, and I want you to hear it from me now, before that date: it may not be ready in time.",
            atRisk.Text,
            StringComparison.Ordinal);
        Assert.Contains(
            "Draft:\n> Hi Globex team, I said I would ship the demo unit by Fri 5 Feb, 3:00 PM CET, and it is now 2 hours late. That is on me",
            overdue.Text,
            StringComparison.Ordinal);
        Assert.Contains(
            "Draft:\n> Hi Globex team, I said I would ship the demo unit by Fri 5 Feb, 3:00 PM CET, and I did not deliver it. That is on me",
            missed.Text,
            StringComparison.Ordinal);
        foreach (var draft in new[] { atRisk, overdue, missed }.Select(m => m.Text[m.Text.IndexOf("Draft:", StringComparison.Ordinal)..].Split('\n')[1]))
        {
            Assert.DoesNotContain("P-", draft, StringComparison.Ordinal);
            Assert.DoesNotContain("sorry", draft, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("working hour", draft, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// 9.19: a rep could drop or change their manager and nobody was told. The old manager, the new one and the admins
    /// hear of it (the rep too when someone else made the change), once, whichever way the manager was set.
    /// </summary>
    [Fact]
    public async Task AChangeOfManager_IsToldToTheOldAndNewManagerAndTheAdmins_Once()
    {
        await sandbox.PutUserAsync("bob", "Bob", "America/New_York");

        var reply = await sandbox.SayAsync("ana", "settings manager @bob");
        await sandbox.SayAsync("ana", "settings manager @bob"); // the same change again tells nobody twice

        Assert.StartsWith("Your manager is now Bob.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(
            ["Ana no longer reports to you: Ana set their manager to Bob. Early warnings and escalations about Ana's promises go to Bob now."],
            await TeamChangesAsync("maria"));
        Assert.Equal(
            ["Ana now reports to you: Ana set their manager to Bob (before: Maria). You'll get Ana's early warnings, and an escalation if one of Ana's promises slips with no word."],
            await TeamChangesAsync("bob"));
        Assert.Equal(["For admins: Ana set their manager to Bob (before: Maria)."], await TeamChangesAsync("sam"));
        Assert.Empty(await TeamChangesAsync("ana"));

        // The people panel sets managers too: the rep is told as well, since it was not their doing.
        await sandbox.PutUserAsync("ana", "Ana", "America/New_York", manager: "maria");

        Assert.Equal(
            ["Your manager is now Maria (an admin changed it). They hear early warnings you raise and escalations if a promise slips silently."],
            await TeamChangesAsync("ana"));
        Assert.Equal(
            "Ana no longer reports to you: an admin set Ana's manager to Maria. Early warnings and escalations about Ana's promises go to Maria now.",
            (await TeamChangesAsync("bob"))[^1]);
        Assert.Equal(2, (await TeamChangesAsync("maria")).Count);
    }

    private async Task<IReadOnlyList<string>> TeamChangesAsync(string user) =>
        [.. (await sandbox.InboxAsync(user)).Where(m => m.Kind == "TeamChange").Select(m => m.Text)];
}
