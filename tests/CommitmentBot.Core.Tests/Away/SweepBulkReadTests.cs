using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.TestSupport.Stores;

namespace CommitmentBot.Core.Tests.Away;

/// <summary>
/// Issue 14, "the clock at scale": away, covers and snoozes are data the sweep reads in bulk, like working hours. A burst
/// of promises falling due at once, with 10 % of the reps away (some covered, one by a cover who is away too, one with
/// nobody) and 10 % of the promises snoozed, is decided with a bounded number of people reads per batch: never one per
/// promise, every person read at most once per run, whatever the number of promises.
/// </summary>
public sealed class SweepBulkReadTests
{
    private const string Ws = "W";
    private const int Reps = 100;

    /// <summary>Wednesday 15:00 UTC: inside everyone's working hours (they are all in UTC).</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(500)]
    [InlineData(2000)]
    public async Task ABurst_WithTenPercentAway_ReadsPeopleInBulk_NeverPerPromise(int promises)
    {
        var stores = new InMemoryStores();
        var people = new CountingPeople(stores);
        await SeedAsync(stores, promises);
        var sweep = new EscalationSweep(stores, people, stores) { BatchSize = 100 };

        var outcome = await sweep.RunAsync(Now, default);

        Assert.Equal(promises, outcome.Claimed);
        var batches = (promises / 100) + 1; // the last one finds nothing

        // No single-person reads, no listing; each FindMany names only people not read before in this run.
        Assert.Equal(0, people.SingleReads);
        Assert.Equal(0, people.Listings);
        Assert.Equal(people.IdsRead.Count, people.IdsRead.Distinct().Count());

        // Everyone involved, read once: 100 reps, 2 managers, covers C0..C3 (C1 is away and hands to C2; C3 covers manager M1).
        Assert.Equal(106, people.IdsRead.Count);

        // At most four bulk reads a batch (owners, managers, covers, the covers' covers), however many promises it holds.
        Assert.InRange(people.ManyReads, 1, 4 * batches);
        Assert.True(people.ManyReads * 20 <= promises, $"{people.ManyReads} people reads for {promises} promises");

        // And the rules were applied from what was read: the away reps' promises went to their covers as early warnings,
        // the snoozed ones came back to their reps, the rest were heads-ups.
        var sent = stores.Notifications.Select(n => n.Note).ToList();
        var perRep = promises / Reps;
        Assert.Equal(5 * perRep, sent.Count(n => n.Step == LadderStepKind.AwayWarning && n.RecipientId == "C0"));
        Assert.Equal(3 * perRep, sent.Count(n => n.Step == LadderStepKind.AwayWarning && n.RecipientId == "U10"));
        Assert.Equal(perRep, sent.Count(n => n.Step == LadderStepKind.AwayWarning && n.RecipientId == "M0"));
        Assert.Equal(perRep, sent.Count(n => n.Step == LadderStepKind.AwayWarning && n.RecipientId == "C2"));
        Assert.Equal(Snoozed(promises), sent.Count(n => n.Step == LadderStepKind.RepReminder));
        Assert.Equal(promises - (10 * perRep) - Snoozed(promises), sent.Count(n => n.Step == LadderStepKind.HeadsUp));
        Assert.DoesNotContain(sent, n => n.Step == LadderStepKind.HeadsUp && int.Parse(n.RecipientId[1..], System.Globalization.CultureInfo.InvariantCulture) < 10);
    }

    /// <summary>The snoozed promises: every tenth, among the reps who are not away.</summary>
    private static int Snoozed(int promises) => Enumerable.Range(0, promises).Count(i => i % 10 == 5 && OwnerOf(i) >= 10);

    private static int OwnerOf(int i) => i % Reps;

    private static async Task SeedAsync(InMemoryStores stores, int promises)
    {
        var away = new Absence(Now.AddDays(-1), Now.AddDays(7), null);
        await stores.SaveAsync(WorkspaceSettings.NewFor(Ws, "test") with { EscalationChannelId = "C-esc" }, default);
        await Person("M0");
        await Person("M1", absence: away with { CoverId = "C3" });
        await Person("C0");
        await Person("C1", absence: away with { CoverId = "C2" });
        await Person("C2");
        await Person("C3");
        for (var u = 0; u < Reps; u++)
        {
            // Ten reps of a hundred away: five covered by C0, three by another rep, one by C1 (away too, so C2), one by nobody.
            Absence? absence = u switch
            {
                < 5 => away with { CoverId = "C0" },
                < 8 => away with { CoverId = "U10" },
                8 => away,
                9 => away with { CoverId = "C1" },
                _ => null,
            };
            await Person($"U{u}", manager: u < 50 ? "M0" : "M1", absence: absence);
        }

        for (var i = 0; i < promises; i++)
        {
            var owner = $"U{OwnerOf(i)}";
            var snoozed = i % 10 == 5 && OwnerOf(i) >= 10;
            var draft = new Commitment
            {
                WorkspaceId = Ws,
                Text = $"promise {i}",
                Customer = "Acme",
                DueAt = Now.AddDays(1),
                CreatedAt = Now.AddDays(-10),
                WindowStart = Now.AddDays(-10),
                OwnerId = owner,
                CreatedById = owner,
                NextStep = snoozed ? LadderStepKind.RepReminder : LadderStepKind.HeadsUp,
                NextActionAt = Now.AddMinutes(-1),
                LastStep = snoozed ? LadderStepKind.HeadsUp : null,
                RepSnoozedUntil = snoozed ? Now.AddMinutes(-1) : null,
            };
            await stores.CreateAsync(draft, new CommitmentEvent(Ws, 0, draft.CreatedAt, owner, CommitmentEventKinds.Created), default);
        }

        Task Person(string id, string? manager = null, Absence? absence = null) => stores.UpsertAsync(
            new Person
            {
                WorkspaceId = Ws,
                UserId = id,
                DisplayName = id,
                TimeZone = "UTC",
                ManagerId = manager,
                AwayFrom = absence?.From,
                AwayUntil = absence?.Until,
                AwayCoverId = absence?.CoverId,
            },
            default);
    }

    /// <summary>The people store, counting every read the sweep makes.</summary>
    private sealed class CountingPeople(IPeopleStore inner) : IPeopleStore
    {
        public int SingleReads { get; private set; }

        public int ManyReads { get; private set; }

        public int Listings { get; private set; }

        public List<string> IdsRead { get; } = [];

        public Task<Person?> FindAsync(string workspaceId, string userId, CancellationToken cancellationToken)
        {
            SingleReads++;
            return inner.FindAsync(workspaceId, userId, cancellationToken);
        }

        public Task<IReadOnlyList<Person>> FindManyAsync(string workspaceId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
        {
            ManyReads++;
            IdsRead.AddRange(userIds);
            return inner.FindManyAsync(workspaceId, userIds, cancellationToken);
        }

        public Task UpsertAsync(Person person, CancellationToken cancellationToken) => inner.UpsertAsync(person, cancellationToken);

        public Task<IReadOnlyList<Person>> ListReportsAsync(string workspaceId, string managerId, CancellationToken cancellationToken)
        {
            Listings++;
            return inner.ListReportsAsync(workspaceId, managerId, cancellationToken);
        }

        public Task<IReadOnlyList<Person>> ListAdminsAsync(string workspaceId, CancellationToken cancellationToken)
        {
            Listings++;
            return inner.ListAdminsAsync(workspaceId, cancellationToken);
        }

        public Task<IReadOnlyList<Person>> ListAsync(string workspaceId, int limit, CancellationToken cancellationToken)
        {
            Listings++;
            return inner.ListAsync(workspaceId, limit, cancellationToken);
        }
    }
}
