using CommitmentBot.Core.People;
using CommitmentBot.Core.Records;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Records;

/// <summary>The weekly digest: Monday 09:00 in the manager's zone, inside working hours, once per manager and ISO week even with several instances, "your week" for each rep, and the off switch.</summary>
public sealed class WeeklyDigestTests
{
    private const string Ws = "T1";

    // Monday 7 Dec 2026, 08:00 UTC = 09:00 in Berlin.
    private static readonly DateTimeOffset MondayNine = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(CommandHarness H, RecordingSender Sender, WeeklyDigest Digest)> SetUpAsync()
    {
        var h = new CommandHarness(
            MondayNine.AddDays(-7),
            new Person { WorkspaceId = Ws, UserId = "maria", DisplayName = "Maria", TimeZone = "Europe/Berlin" },
            new Person { WorkspaceId = Ws, UserId = "ana", DisplayName = "Ana", TimeZone = "Europe/Berlin", ManagerId = "maria" },
            new Person { WorkspaceId = Ws, UserId = "ben", DisplayName = "Ben", TimeZone = "Europe/Berlin", ManagerId = "maria" },
            new Person { WorkspaceId = Ws, UserId = "zoe", DisplayName = "Zoe", TimeZone = "Europe/Berlin" });
        await h.SayAsync(Ws, "ana", "send the quote for Acme by Tuesday 10am");
        await h.SayAsync(Ws, "ben", "ship the loaner for Initech by Wednesday 9am");
        await h.SayAsync(Ws, "ben", "call back for Umbrella by Dec 9 at 9am");
        h.Clock.SetUtcNow(MondayNine.AddDays(-6));
        await h.SayAsync(Ws, "ana", "done P-1");
        await h.SayAsync(Ws, "ben", "risk P-3 waiting on legal");
        var sender = new RecordingSender(h.Clock);
        return (h, sender, Digest(h, sender));
    }

    private static WeeklyDigest Digest(CommandHarness h, RecordingSender sender) =>
        new(h.Stores, h.Stores, h.Stores, h.Stores, h.Stores, [sender], NoRecordLinks.Instance);

    [Fact]
    public async Task BeforeMondayNine_NothingIsSent_AtNine_TheManagerAndEachRepGetTheirs_Once()
    {
        var (h, sender, digest) = await SetUpAsync();

        var early = await digest.RunAsync(MondayNine.AddMinutes(-1), default);
        var run = await digest.RunAsync(MondayNine, default);
        var again = await digest.RunAsync(MondayNine.AddHours(3), default);
        var otherInstance = await Digest(h, sender).RunAsync(MondayNine.AddHours(4), default);

        Assert.Equal(0, early.Sent);
        Assert.Equal((3, 3), (run.Sent, run.Claimed));
        Assert.Equal(0, again.Sent + otherInstance.Sent);
        var sent = sender.Sent.Select(s => s.Delivery).ToList();
        Assert.Equal(["maria", "ana", "ben"], sent.Select(d => d.RecipientId));
        var maria = sent[0].Message;
        Assert.StartsWith("Weekly digest. Your team's week, last week (Mon 30 Nov – Sun 6 Dec)", maria.Text, StringComparison.Ordinal);
        var text = maria.ToPlainText();
        Assert.Contains("• Ana: kept its word 100% (1 of 1)", text, StringComparison.Ordinal);
        Assert.Contains("• Ben: kept its word — (nothing closed)", text, StringComparison.Ordinal);
        Assert.Contains("P-2 for Initech, ship the loaner (Ben): overdue since", text, StringComparison.Ordinal);
        Assert.Contains("P-3 for Umbrella, call back (Ben): at risk", text, StringComparison.Ordinal);
        Assert.Contains("*Falls due this week*\n• P-3 for Umbrella", text, StringComparison.Ordinal);
        Assert.Contains(maria.AllButtons, b => b.Label == "I'll handle it");
        Assert.Equal(2, maria.Images.Count);
        Assert.StartsWith("Your week, as your manager sees it. Your week, last week", sent[1].Message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, d => d.RecipientId == "zoe");
    }

    [Fact]
    public async Task NextWeek_ComesAgain_AndOutsideWorkingHoursItWaits()
    {
        var (h, sender, digest) = await SetUpAsync();
        await h.SayAsync(Ws, "maria", "settings hours Mon-Fri 10:00-18:00");

        Assert.Equal(0, (await digest.RunAsync(MondayNine, default)).Sent); // Maria's day starts at 10:00; her reps hear at the same time as she does
        Assert.Equal(3, (await digest.RunAsync(MondayNine.AddHours(1), default)).Sent);
        Assert.Equal(3, (await digest.RunAsync(MondayNine.AddDays(7).AddHours(1), default)).Sent);
    }

    [Fact]
    public async Task DigestOff_SendsNothingToThatPerson()
    {
        var (h, sender, digest) = await SetUpAsync();
        await h.SayAsync(Ws, "maria", "settings digest off");
        await h.SayAsync(Ws, "ben", "settings digest off");

        await digest.RunAsync(MondayNine, default);

        Assert.Equal(["ana"], sender.Sent.Select(s => s.Delivery.RecipientId));
    }

    [Fact]
    public void WeekKeys_AreIsoWeeks()
    {
        Assert.Equal("2026-W50", WeeklyDigest.WeekKey(new NodaTime.LocalDate(2026, 12, 7)));
        Assert.Equal("2026-W53", WeeklyDigest.WeekKey(new NodaTime.LocalDate(2027, 1, 1)));
    }
}
