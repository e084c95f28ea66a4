using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Records;

/// <summary>
/// The weekly digest: Monday 09:00 in the manager's zone (or the policy's day and time), inside working hours, once per
/// manager and ISO week even with several instances, "your week" for each rep, and the off switch. The run only hands
/// digests to the outbox; <see cref="NotificationDelivery"/> (the one delivery path) sends them.
/// </summary>
public sealed class WeeklyDigestTests
{
    private const string Ws = "T1";

    // Monday 7 Dec 2026, 08:00 UTC = 09:00 in Berlin.
    private static readonly DateTimeOffset MondayNine = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(CommandHarness H, RecordingSender Sender, Runner Digest)> SetUpAsync()
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
        return (h, sender, new Runner(h, sender, Digest(h)));
    }

    private static WeeklyDigest Digest(CommandHarness h) =>
        new(h.Stores, h.Stores, h.Stores, h.Stores, h.Stores, NoRecordLinks.Instance);

    /// <summary>One instance: its digest job and its outbox delivery, at the harness's clock.</summary>
    private sealed class Runner(CommandHarness h, IChatSender sender, WeeklyDigest digest)
    {
        public NotificationDelivery Delivery { get; } = new(h.Stores, h.Stores, h.Stores, h.Stores, [sender], h.Clock, NoCommitmentChangeListener.Instance, digest);

        /// <summary>The digest job at <paramref name="now"/>, then the clock's delivery of whatever is due.</summary>
        public async Task<DigestRun> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            h.Clock.SetUtcNow(now);
            var run = await digest.RunAsync(now, cancellationToken);
            await DeliverDueAsync(now);
            return run;
        }

        public async Task<IReadOnlyList<DeliveryOutcome>> DeliverDueAsync(DateTimeOffset now)
        {
            h.Clock.SetUtcNow(now);
            var outcomes = new List<DeliveryOutcome>();
            foreach (var id in await h.Stores.DueDeliveriesAsync(now, NotificationDelivery.Lease, 100, default))
            {
                outcomes.Add(await Delivery.DeliverAsync(id, default));
            }

            return outcomes;
        }
    }

    [Fact]
    public async Task BeforeMondayNine_NothingIsSent_AtNine_TheManagerAndEachRepGetTheirs_Once()
    {
        var (h, sender, digest) = await SetUpAsync();

        var early = await digest.RunAsync(MondayNine.AddMinutes(-1), default);
        var run = await digest.RunAsync(MondayNine, default);
        var again = await digest.RunAsync(MondayNine.AddHours(3), default);
        var otherInstance = await new Runner(h, sender, Digest(h)).RunAsync(MondayNine.AddHours(4), default);

        Assert.Equal(0, early.Sent);
        Assert.Equal((3, 3), (run.Sent, run.Claimed));
        Assert.Equal(0, again.Sent + otherInstance.Sent);
        var sent = sender.Sent.Select(s => s.Delivery).ToList();
        Assert.Equal(["maria", "ana", "ben"], sent.Select(d => d.RecipientId));
        var maria = sent[0].Message;
        Assert.StartsWith("Weekly digest. Your team's week, last week (Mon 30 Nov – Sun 6 Dec)", maria.Text, StringComparison.Ordinal);
        var text = maria.ToPlainText();
        Assert.Contains("• Ana: kept its word 100% (1 of 1), on time 100% (1 of 1),", text, StringComparison.Ordinal); // no earlier figure, no arrow, no stray space
        Assert.Contains("• Ben: kept its word — (nothing closed)", text, StringComparison.Ordinal);
        Assert.Contains("P-2 for Initech, ship the loaner (Ben): overdue since", text, StringComparison.Ordinal);
        Assert.Contains("P-3 for Umbrella, call back (Ben): at risk", text, StringComparison.Ordinal);
        Assert.Contains("*Falls due this week*\n• P-3 for Umbrella", text, StringComparison.Ordinal);
        Assert.Contains(maria.AllButtons, b => b.Label == "I'll handle it");
        Assert.Equal(2, maria.Images.Count);
        Assert.StartsWith("Your week, as your manager sees it. Your week, last week", sent[1].Message.Text, StringComparison.Ordinal);
        Assert.Contains("Kept its word", sent[1].Message.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("100% (1 of 1)", sent[1].Message.ToPlainText(), StringComparison.Ordinal);
        Assert.All(sent.Skip(1), d => Assert.Empty(d.Message.Images)); // a rep's charts are on the page, not drawn every Monday
        Assert.DoesNotContain(sent, d => d.RecipientId == "zoe");
        Assert.All(sent, d => Assert.Equal(MessageKind.Digest, d.Message.Kind));
    }

    [Fact]
    public async Task TheRun_OnlyHandsDigestsToTheOutbox_WhichSendsThem_AndRetriesARefusalOnce()
    {
        var (h, _, _) = await SetUpAsync();
        var sender = new FlakySender(new RecordingSender(h.Clock));
        var digest = Digest(h);
        var runner = new Runner(h, sender, digest);
        h.Clock.SetUtcNow(MondayNine);

        var run = await digest.RunAsync(MondayNine, default);

        // Claimed and queued: three pending deliveries marked with the ISO week, nothing sent yet.
        Assert.Equal(3, run.Claimed);
        Assert.Empty(sender.Inner.Sent);
        var due = await h.Stores.DueDeliveriesAsync(MondayNine, NotificationDelivery.Lease, 100, default);
        Assert.Equal(3, due.Count);
        foreach (var id in due)
        {
            var d = await h.Stores.FindDeliveryAsync(id, default);
            Assert.Equal(("2026-W50", DeliveryStatus.Pending), (d!.DigestWeek, d.Status));
        }

        // The platform says "later" to the first send: the outbox retries it, and each person still hears once.
        sender.DeferNext = 1;
        var first = await runner.DeliverDueAsync(MondayNine);
        Assert.Equal([DeliveryResult.RetryLater, DeliveryResult.Sent, DeliveryResult.Sent], first.Select(o => o.Result));
        Assert.Equal(0, (await digest.RunAsync(MondayNine.AddMinutes(30), default)).Claimed);
        var retried = await runner.DeliverDueAsync(MondayNine.AddMinutes(30));
        Assert.Equal([DeliveryResult.Sent], retried.Select(o => o.Result));
        Assert.Empty(await runner.DeliverDueAsync(MondayNine.AddHours(2)));
        Assert.Equal(["ana", "ben", "maria"], sender.Inner.Sent.Select(s => s.Delivery.RecipientId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task APersonWithNothingToSay_GetsNoMessage_TheirDeliveryIsCancelled()
    {
        var (h, sender, runner) = await SetUpAsync();
        await h.SayAsync(Ws, "maria", "admin manager @zoe @maria"); // Zoe joins the team with no promises at all

        h.Clock.SetUtcNow(MondayNine);
        Assert.Equal(4, (await Digest(h).RunAsync(MondayNine, default)).Claimed);
        var outcomes = await runner.DeliverDueAsync(MondayNine);

        Assert.Equal(3, outcomes.Count(o => o.Result == DeliveryResult.Sent));
        Assert.Equal(1, outcomes.Count(o => o.Result == DeliveryResult.Cancelled));
        Assert.DoesNotContain(sender.Sent, s => s.Delivery.RecipientId == "zoe");
    }

    [Fact]
    public async Task ThePolicysDayAndTime_MoveTheDigest_InTheManagersZone()
    {
        var (h, sender, runner) = await SetUpAsync();
        await h.SayAsync(Ws, "maria", "admin admin @maria");
        var reply = await h.SayAsync(Ws, "maria", "admin policy digest-day friday");
        Assert.NotEqual(MessageKind.Error, reply.Kind);
        reply = await h.SayAsync(Ws, "maria", "admin policy digest-time 16:30");
        Assert.Contains("Friday 16:30", reply.ToPlainText(), StringComparison.Ordinal);

        Assert.Equal(0, (await runner.RunAsync(MondayNine, default)).Claimed);

        // Friday 11 Dec 2026, 16:30 in Berlin is 15:30 UTC.
        var fridayHalfFour = new DateTimeOffset(2026, 12, 11, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal(0, (await runner.RunAsync(fridayHalfFour.AddMinutes(-1), default)).Claimed);
        Assert.Equal(3, (await runner.RunAsync(fridayHalfFour, default)).Claimed);
        Assert.Equal(["maria", "ana", "ben"], sender.Sent.Select(s => s.Delivery.RecipientId));
        Assert.All(sender.Sent, s => Assert.Equal(fridayHalfFour, s.At));
    }

    [Theory]
    [InlineData("admin policy digest-day someday")]
    [InlineData("admin policy digest-time 25:00")]
    [InlineData("admin policy digest-time 9")]
    [InlineData("admin policy digest-time 09:7")]
    public async Task ABadDigestDayOrTime_IsRefusedWithTheNames_AndNothingChanges(string command)
    {
        var (h, _, _) = await SetUpAsync();
        await h.SayAsync(Ws, "maria", "admin admin @maria");

        var reply = await h.SayAsync(Ws, "maria", command);

        Assert.Equal(MessageKind.Error, reply.Kind);
        Assert.Contains("digest-day (e.g. monday), digest-time (e.g. 09:00)", reply.Text, StringComparison.Ordinal);
        var workspace = await ((IWorkspaceStore)h.Stores).FindAsync(Ws, default);
        Assert.Equal((DayOfWeek.Monday, TimeSpan.FromHours(9)), (workspace!.Policy.DigestDay, workspace.Policy.DigestTime));
    }

    /// <summary>A platform that asks to wait on the next sends, then sends.</summary>
    private sealed class FlakySender(RecordingSender inner) : IChatSender
    {
        public RecordingSender Inner => inner;

        public int DeferNext { get; set; }

        public string Platform => inner.Platform;

        public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            if (DeferNext > 0)
            {
                DeferNext--;
                return Task.FromResult<SendResult>(new ChatSendDeferred("rate limited", TimeSpan.FromMinutes(10)));
            }

            return inner.SendAsync(delivery, cancellationToken);
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            inner.FindSentAsync(delivery, sendStartedAt, cancellationToken);
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
