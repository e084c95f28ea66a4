using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Playbook;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Tests.Playbook;

/// <summary>
/// Issue 9.12: the customer draft said "that date is at risk" for a promise already late or missed, read
/// "I promised you send 20 seat quote to Umbrella…", and apologised before any fix was agreed.
/// </summary>
public sealed class CustomerDraftTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero); // Fri 3 PM New York, 9 PM Berlin
    private static readonly NodaTime.DateTimeZone NewYork = TimeZones.ResolveOrUtc("America/New_York");

    private static readonly Commitment Promise = new()
    {
        WorkspaceId = "T1",
        Id = 1,
        Number = 4,
        Text = "send 20 seat quote to Umbrella",
        Customer = "Umbrella",
        DueAt = Due,
        DueZone = "Europe/Berlin",
        CreatedAt = Due.AddDays(-3),
        OwnerId = "ana",
        CreatedById = "ana",
        WindowStart = Due.AddDays(-3),
        Policy = EscalationPolicy.Default,
    };

    [Fact]
    public void Draft_BeforeTheDue_SaysItMayNotMakeIt_InTheCustomersZone_WithoutApologising()
    {
        var draft = SlipPlaybook.DraftCustomerMessage(Promise with { Status = CommitmentStatus.AtRisk }, "Ana", NewYork, Due.AddDays(-2));

        Assert.Equal(
            "Hi Umbrella team, I said I would send 20 seat quote to you by Fri 27 Nov, 9:00 PM CET, and I want you to hear it "
                + "from me now, before that date: it may not be ready in time. I'm working out the options and will come back to "
                + "you with a firm plan and, if it has to move, a date I can keep. — Ana",
            draft);
    }

    [Fact]
    public void Draft_PastTheDue_SaysHowLateInPlainWords()
    {
        var draft = SlipPlaybook.DraftCustomerMessage(Promise, "Ana", NewYork, Due.AddHours(18));

        Assert.Equal(
            "Hi Umbrella team, I said I would send 20 seat quote to you by Fri 27 Nov, 9:00 PM CET, and it is now 18 hours late. "
                + "That is on me, and I want you to hear it from me rather than find out. I'm working out the options and will "
                + "come back to you by the end of today with a firm plan and a date I can keep. — Ana",
            draft);
    }

    [Fact]
    public void Draft_WhenMissed_SaysItWasNotDelivered()
    {
        var draft = SlipPlaybook.DraftCustomerMessage(Promise with { Status = CommitmentStatus.Missed }, "Ana", NewYork, Due.AddDays(3));

        Assert.Equal(
            "Hi Umbrella team, I said I would send 20 seat quote to you by Fri 27 Nov, 9:00 PM CET, and I did not deliver it. "
                + "That is on me, and I want you to hear it from me rather than find out. I'm working out how to make this right "
                + "and will come back to you by the end of today with what we can do. — Ana",
            draft);
    }

    [Theory]
    [InlineData(-48, CommitmentStatus.Open)]
    [InlineData(-1, CommitmentStatus.AtRisk)]
    [InlineData(5, CommitmentStatus.Open)]
    [InlineData(50, CommitmentStatus.AtRisk)]
    [InlineData(72, CommitmentStatus.Missed)]
    public void Draft_InEveryState_HoldsNoWordOfTheBotsOwn_AndNoApologyYet(int hoursFromDue, CommitmentStatus status)
    {
        var draft = SlipPlaybook.DraftCustomerMessage(Promise with { Status = status }, "Ana", NewYork, Due.AddHours(hoursFromDue));

        foreach (var word in (string[])["P-4", "ladder", "escalat", "working hour", "sorry", "apolog", "at risk", "playbook", "EST"])
        {
            Assert.DoesNotContain(word, draft, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("9:00 PM CET", draft, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("revised quote", "I promised you the revised quote by")]
    [InlineData("The pricing sheet", "I promised you the pricing sheet by")]
    [InlineData("2 loaner units", "I promised you 2 loaner units by")]
    [InlineData("Ship the demo unit for Acme.", "I said I would ship the demo unit for you by")]
    [InlineData("call their CFO", "I said I would call their CFO by")]
    public void Draft_ReadsAsEnglish_WhetherThePromiseIsAThingOrSomethingToDo(string text, string expected)
    {
        var promise = Promise with { Text = text, Customer = "Acme", DueZone = null };

        var draft = SlipPlaybook.DraftCustomerMessage(promise, "Ana", NewYork, Due.AddDays(-1));

        Assert.StartsWith("Hi Acme team, " + expected + " Fri 27 Nov, 3:00 PM EST, and I want you", draft, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_GivesTheYear_WhenTheDueIsNotInThisYear()
    {
        var draft = SlipPlaybook.DraftCustomerMessage(Promise with { DueZone = null, Customer = null, Text = "send the quote" }, "Ana", NewYork, Due.AddYears(-1));

        Assert.StartsWith("Hi, I said I would send the quote by Fri 27 Nov 2026, 3:00 PM EST, and I want you", draft, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePlaybooksCustomerStep_CarriesTheDraftForTheStateNow()
    {
        var late = SlipPlaybook.Sections(Promise, new HashSet<string>(), "Ana", NewYork, Due.AddHours(18));
        var early = SlipPlaybook.Sections(Promise with { Status = CommitmentStatus.AtRisk }, new HashSet<string>(), "Ana", NewYork, Due.AddHours(-18));

        Assert.Contains("\n\nDraft:\n> Hi Umbrella team, I said I would send 20 seat quote to you by Fri 27 Nov, 9:00 PM CET, and it is now 18 hours late.", late.Single(s => s.Title == "☐ Customer told").Text, StringComparison.Ordinal);
        Assert.Contains("before that date: it may not be ready in time.", early.Single(s => s.Title == "☐ Customer told").Text, StringComparison.Ordinal);
    }
}
