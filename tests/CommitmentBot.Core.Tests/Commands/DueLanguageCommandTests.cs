using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.TestSupport.Stores;
using CommitmentBot.Core.Time;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Core.Tests.Commands;

/// <summary>
/// The due language through the commands (issue 13, and 9.16–9.18, 9.21): every new form in <c>/promise</c>, in
/// <c>move</c> and in the Need-more-time form, the named zone kept and shown, reasons with or without a comma, and
/// each problem said once. Ana works in New York; "now" is Wednesday 25 Nov 2026, 09:00 there.
/// </summary>
public sealed class DueLanguageCommandTests
{
    private const string Ws = "T1";

    private readonly CommandHarness harness = new(
        new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero),
        new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "America/New_York", ManagerId = "maria" },
        new Person { WorkspaceId = Ws, UserId = "maria", DisplayName = "Maria", TimeZone = "Europe/Berlin" });

    private FakeTimeProvider Clock => harness.Clock;

    private InMemoryStores Stores => harness.Stores;

    private Task<OutboundMessage> Send(string text, Dictionary<string, string>? values = null, string? action = null) =>
        action is null ? harness.SayAsync(Ws, "ana", text) : harness.ClickAsync(Ws, "ana", action, values);

    private Commitment P1 => Stores.Get(Ws, 1);

    private Task<Person> Ana() => harness.PersonAsync(Ws, "ana");

    private static DateTimeOffset NewYork(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(-5));

    [Theory]
    [InlineData("send quote by COB Friday", 11, 27, 18)]
    [InlineData("send quote by Thursday COB", 11, 26, 18)]
    [InlineData("send quote by tomorrow morning", 11, 26, 12)]
    [InlineData("send quote by this afternoon", 11, 25, 17)]
    [InlineData("send quote by first thing Monday", 11, 30, 8)]
    [InlineData("send quote by next week", 12, 4, 18)]
    [InlineData("send quote by the week after next", 12, 11, 18)]
    [InlineData("send quote by Tuesday next week", 12, 1, 18)]
    [InlineData("send quote by next Tuesday", 12, 1, 18)] // six days on, not thirteen
    [InlineData("send quote by a week from Friday", 12, 4, 18)]
    [InlineData("send quote by two weeks from today", 12, 9, 18)]
    [InlineData("send quote in a couple of days", 11, 27, 9)]
    [InlineData("send quote in two weeks", 12, 9, 9)]
    [InlineData("send quote in 48h", 11, 27, 9)]
    [InlineData("send quote in 3bd", 11, 30, 9)]
    [InlineData("send 20 seat quote to Umbrella by Friday", 11, 27, 18)] // numbers in the text are never the deadline
    public async Task Create_ReadsTheNewForms(string text, int month, int day, int hour)
    {
        var reply = await Send(text);

        Assert.Equal(MessageKind.Created, reply.Kind);
        Assert.Equal(NewYork(month, day, hour), P1.DueAt);
        Assert.Null(P1.DueZone);
    }

    [Fact]
    public async Task Create_KeepsTheNamedZone_AndShowsTheDueInBothZones()
    {
        var reply = await Send("send revised quote for Acme by Friday 3pm CET");

        Assert.Equal(MessageKind.Created, reply.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero), P1.DueAt);
        Assert.Equal("Europe/Berlin", P1.DueZone);
        var due = reply.Sections[0].Facts.Single(f => f.Label == "Due");
        Assert.Equal("Fri 27 Nov, 9:00 AM EST (3:00 PM CET) — in 2 days", due.Value);
        Assert.Equal("3:00 PM CET", due.AlsoIn);
        Assert.Equal(P1.DueAt, due.Instant);
    }

    [Fact]
    public async Task EveryLaterMessage_ShowsTheDueInBothZones()
    {
        await Send("send revised quote for Acme by Friday 3pm CET");
        const string Both = "9:00 AM EST (3:00 PM CET)";

        var list = await Send("list");
        var onTrack = await Send("", action: "ontrack:P-1");
        var risk = await Send("risk P-1 the supplier is late");

        Assert.Contains(Both, list.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains(Both, onTrack.ToPlainText(), StringComparison.Ordinal);

        // The customer's draft speaks in the customer's zone.
        Assert.Contains("by Fri 27 Nov, 3:00 PM CET", risk.ToPlainText(), StringComparison.Ordinal);

        // The manager reads it in Berlin, where the two zones agree, so once is enough.
        var steps = new[] { LadderStepKind.HeadsUp, LadderStepKind.Due, LadderStepKind.Overdue };
        foreach (var step in steps)
        {
            var message = CommitmentMessages.ForStep(step, P1, "Ana", TimeZones.ResolveOrUtc("America/New_York"), Clock.GetUtcNow());
            Assert.Contains(Both, message.ToPlainText(), StringComparison.Ordinal);
        }

        var managers = CommitmentMessages.ForStep(LadderStepKind.Manager, P1, "Ana", TimeZones.ResolveOrUtc("Europe/Berlin"), Clock.GetUtcNow());
        Assert.Contains("Fri 27 Nov, 3:00 PM CET — in 2 days", managers.ToPlainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("(3:00 PM CET)", managers.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_ReadsANewZone_AndKeepsTheOldOneWhenNoneIsNamed()
    {
        await Send("send quote for Acme by Friday 3pm CET");

        var plain = await Send("move P-1 to Monday 10am");
        Assert.Equal(NewYork(11, 30, 10), P1.DueAt);
        Assert.Equal("Europe/Berlin", P1.DueZone);
        Assert.Contains("Mon 30 Nov, 10:00 AM EST (4:00 PM CET)", plain.Text, StringComparison.Ordinal);

        await Send("move P-1 to Tuesday next week 9am PT");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), P1.DueAt);
        Assert.Equal("America/Los_Angeles", P1.DueZone);
    }

    [Theory]
    [InlineData("move P-1 to next Tuesday Acme asked to push, their VP is out", "Acme asked to push, their VP is out")]
    [InlineData("move P-1 to next Tuesday, Acme asked to push", "Acme asked to push")]
    [InlineData("move P-1 to next Tuesday because Acme asked to push", "Acme asked to push")]
    [InlineData("move P-1 next Tuesday - Acme asked to push", "Acme asked to push")]
    public async Task Move_ReadsTheLongestDue_AndTheRestAsTheReason(string text, string why)
    {
        await Send("send quote by Friday");

        var reply = await Send(text);

        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Equal(NewYork(12, 1, 18), P1.DueAt); // said on a Wednesday: six days later
        var moved = Assert.Single(Stores.Events, e => e.Kind == CommitmentEventKinds.Moved);
        Assert.EndsWith(": " + why, moved.Note, StringComparison.Ordinal);
        Assert.Contains("Why: " + why, reply.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_ReadsAZoneAndAReason()
    {
        await Send("send quote by Friday");

        await Send("move P-1 to Friday 3pm ET customer agreed");

        Assert.Equal(NewYork(11, 27, 15), P1.DueAt);
        Assert.EndsWith(": customer agreed", Stores.Events.Single(e => e.Kind == CommitmentEventKinds.Moved).Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("risk P-1, finance has not approved the discount", "finance has not approved the discount")]
    [InlineData("risk P-1 finance has not approved the discount", "finance has not approved the discount")]
    [InlineData("risk P-1: finance has not approved the discount", "finance has not approved the discount")]
    [InlineData("missed P-1, the customer walked", "the customer walked")]
    [InlineData("missed P-1 - the customer walked", "the customer walked")]
    public async Task RiskAndMissed_TakeTheReason_WithOrWithoutAComma(string text, string why)
    {
        await Send("send quote by Friday");

        var reply = await Send(text);

        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Contains(Stores.Events, e => e.Kind is CommitmentEventKinds.AtRisk or CommitmentEventKinds.Missed && e.Note == why);
    }

    [Theory]
    [InlineData("next Tuesday 3pm ET", 12, 1, 15, "America/New_York")]
    [InlineData("next week", 12, 4, 18, null)]
    [InlineData("a week from Friday", 12, 4, 18, null)]
    [InlineData("Monday afternoon CET", 11, 30, 11, "Europe/Berlin")]
    public async Task NeedMoreTime_ReadsAnyForm_TypedInTheForm(string when, int month, int day, int hour, string? zone)
    {
        await Send("send quote by Friday");

        var reply = await Send("", new() { ["date"] = "2026-11-27", ["time"] = "18:00", ["when"] = when }, "moretime:P-1");

        Assert.NotEqual(MessageKind.Error, reply.Kind);
        Assert.Equal(NewYork(month, day, hour), P1.DueAt);
        Assert.Equal(zone, P1.DueZone);
    }

    [Fact]
    public async Task NeedMoreTime_OffersToSayItInWords()
    {
        await Send("send quote by Friday");

        var form = await Send("", action: "moretime:P-1");

        var section = Assert.Single(form.Sections);
        Assert.Contains(section.Inputs, i => i.Id == ActionIds.WhenInput && i.Kind == InputKind.Text);
        Assert.Contains(ActionIds.WhenInput, section.Buttons.Single().InputIds!);
        Assert.All(
            (await Send("list")).AllButtons.Where(b => b.ActionId.StartsWith("moretime:", StringComparison.Ordinal)),
            b => Assert.Contains(ActionIds.WhenInput, b.InputIds!));
    }

    [Fact]
    public async Task NeedMoreTime_SaysOnceWhatIsWrongWithTheWords()
    {
        await Send("send quote by Friday");

        var reply = await Send("", new() { ["date"] = "2026-11-27", ["when"] = "whenever" }, "moretime:P-1");

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.StartsWith("\"whenever\" is not a deadline: by when exactly? Give a date or a time, e.g.", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith("Nothing changed.", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, P1.DueVersion);
    }

    [Theory]
    [InlineData("send quote by blah", "I couldn't read \"blah\" as a date or time. Try e.g.", "blah")]
    [InlineData("send quote by 3pm ETT", "I couldn't use \"3pm ETT\" as the due: \"ETT\" is not a time zone I know", "3pm ETT")]
    [InlineData("send quote by ASAP", "\"ASAP\" is not a deadline: by when exactly? Give a date or a time, e.g.", "ASAP")]
    [InlineData("send quote in a few days", "\"in a few days\" is not a deadline: by when exactly?", "in a few days")]
    public async Task Create_SaysWhatIsWrong_Once(string text, string start, string phrase)
    {
        var reply = await Send(text);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.StartsWith(start, reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf("\"" + phrase + "\"", reply.Text));
        Assert.EndsWith("Nothing was saved.", reply.Text, StringComparison.Ordinal);
        Assert.Empty(Stores.Events);
    }

    [Fact]
    public async Task Move_SaysWhatIsWrong_Once()
    {
        await Send("send quote by Friday");

        var reply = await Send("move P-1 to the twelfth of never");

        Assert.Equal("I couldn't read \"the twelfth of never\" as a date or time. Try " + CommandParser.DueExamples + ". Nothing changed.", reply.Text);
    }

    [Theory]
    [InlineData("send the deck for the 12/15 event by Friday", "send the deck for the 12/15 event", null)]
    [InlineData("send the deck for our launch by Friday", "send the deck for our launch", null)]
    [InlineData("send quote for Acme, by Friday", "send quote", "Acme")]
    [InlineData("send quote for The Home Depot by Friday", "send quote", "The Home Depot")]
    [InlineData("send the deck for the 12/15 event for Acme by Friday", "send the deck for the 12/15 event", "Acme")]
    public async Task Create_ReadsTheCustomer_OnlyWhenOneIsNamed(string text, string what, string? customer)
    {
        await Send(text);

        Assert.Equal((what, customer), (P1.Text, P1.Customer));
        Assert.Equal(NewYork(11, 27, 18), P1.DueAt);
    }

    [Fact]
    public async Task Create_SaysPlainly_WhenADateWasReadAsNextYear()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero)); // Wednesday 2 December

        var reply = await Send("send quote by Dec 1");

        Assert.Equal(new DateTimeOffset(2027, 12, 1, 18, 0, 0, TimeSpan.FromHours(-5)), P1.DueAt);
        var text = reply.ToPlainText();
        Assert.Contains("Wed 1 Dec 2027, 6:00 PM EST", text, StringComparison.Ordinal);
        Assert.Contains("\"Dec 1\" has passed this year, so I read it as next year", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ShowsTheYear_WheneverTheDueIsNotThisYear()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 12, 30, 15, 0, 0, TimeSpan.Zero));

        var nextYear = await Send("send quote by Jan 4");
        var thisYear = await Send("send deck by tomorrow");

        Assert.Contains("Mon 4 Jan 2027, 6:00 PM EST", nextYear.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("check-in at due (Mon 4 Jan 2027 6:00 PM)", nextYear.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("Thu 31 Dec, 6:00 PM EST", thisYear.ToPlainText(), StringComparison.Ordinal);
        Assert.DoesNotContain("has passed this year", thisYear.ToPlainText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("settings zone EST", "America/New_York")]
    [InlineData("settings zone Pacific", "America/Los_Angeles")]
    [InlineData("settings zone pacific time", "America/Los_Angeles")]
    [InlineData("settings zone CET", "Europe/Berlin")]
    [InlineData("settings zone UTC+5:30", "UTC+05:30")]
    public async Task Settings_ReadsZonesWithSpecsTable(string text, string zone)
    {
        var reply = await Send(text);

        Assert.Equal(MessageKind.Reply, reply.Kind);
        Assert.Equal(zone, (await Ana()).TimeZone);
    }

    [Fact]
    public async Task Settings_ReadsEst_WithDaylightSaving()
    {
        Clock.SetUtcNow(new DateTimeOffset(2027, 6, 1, 14, 0, 0, TimeSpan.Zero)); // June: New York keeps daylight time
        await Send("settings zone EST");

        await Send("send quote by tomorrow 3pm");

        Assert.Equal(new DateTimeOffset(2027, 6, 2, 19, 0, 0, TimeSpan.Zero), P1.DueAt); // 15:00 EDT
    }

    [Theory]
    [InlineData("settings hours 9-5", "Mon-Fri 09:00-17:00")]
    [InlineData("settings hours 9am-5pm", "Mon-Fri 09:00-17:00")]
    [InlineData("settings hours 09:00-17:30", "Mon-Fri 09:00-17:30")]
    [InlineData("settings hours Sun-Thu 9-5", "Sun-Thu 09:00-17:00")]
    public async Task Settings_ReadsHoursAsPeopleWriteThem(string text, string hours)
    {
        var reply = await Send(text);

        Assert.Equal(MessageKind.Reply, reply.Kind);
        Assert.Equal(hours, (await Ana()).EffectiveWorkingHours.ToString());
    }

    [Fact]
    public async Task Settings_KeepsTheDays_WhenOnlyTheTimesAreGiven()
    {
        await Send("settings hours Sun-Thu 08:00-18:00");

        await Send("settings hours 9-5");

        Assert.Equal("Sun-Thu 09:00-17:00", (await Ana()).EffectiveWorkingHours.ToString());
    }

    [Fact]
    public async Task Help_ListsTheNewForms()
    {
        var help = (await Send("help")).ToPlainText();

        foreach (var form in (string[])["Due times I read", "`tomorrow morning`", "`COB Friday`", "`next week`", "`the week after next`", "`a week from Friday`", "`in a couple of days`", "`in 48h`", "`3pm ET`", "`9am UTC+5:30`"])
        {
            Assert.Contains(form, help, StringComparison.Ordinal);
        }
    }

    private static int CountOf(string part, string text)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
