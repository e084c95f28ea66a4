using System.Collections.Concurrent;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Stores;
using CommitmentBot.Storage.Tests.Databases;
using Microsoft.Extensions.Time.Testing;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// The clock's guarantees with two app instances on one database (each its own connection factory):
/// every due ladder step becomes exactly one notification, and every delivery is sent exactly once.
/// </summary>
public abstract class ClockGuaranteeTests(DatabaseFixture database)
{
    private const int Commitments = 1000;
    private const int Workspaces = 4;
    private const int OwnersPerWorkspace = 50;

    private static readonly DateTimeOffset Now = ClockSamples.Now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EscalationSweep Sweeper(DbConnectionFactory connections) =>
        new(new OutboxStore(connections), new PeopleStore(connections, TimeProvider.System), new WorkspaceStore(connections, TimeProvider.System))
        {
            BatchSize = 50, // small batches so the two instances interleave many times
        };

    private static NotificationDelivery Deliverer(DbConnectionFactory connections, IChatSender sender) =>
        new(
            new OutboxStore(connections),
            new CommitmentStore(connections),
            new PeopleStore(connections, TimeProvider.System),
            new WorkspaceStore(connections, TimeProvider.System),
            [sender],
            new FakeTimeProvider(Now));

    [Fact]
    public async Task TwoSweepersThenTwoDeliverers_NotifyEachStepOnce_AndSendEachDeliveryOnce()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var workspaces = Enumerable.Range(0, Workspaces).Select(_ => Samples.NewWorkspace()).ToList();
        var seeded = await db.SeedOpenAsync(workspaces, Commitments, OwnersPerWorkspace, ClockSamples.DueForHeadsUp);
        Assert.Equal(Commitments, seeded.Count);
        Assert.All(seeded, c => Assert.Equal((LadderStepKind?)LadderStepKind.HeadsUp, c.NextStep));
        Assert.All(seeded, c => Assert.True(c.NextActionAt <= Now));

        // Two instances sweep at the same minute, as two app servers running the recurring job would.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweepers = new[] { Sweeper(new DbConnectionFactory(db.Options)), Sweeper(new DbConnectionFactory(db.Options)) };
        var sweeps = sweepers.Select(s => Task.Run(async () => { await start.Task; return await s.RunAsync(Now, Ct); }, Ct)).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(sweeps);

        Assert.Equal(Commitments, outcomes.Sum(o => o.Claimed));
        var keys = await db.QueryAsync<string>("SELECT idempotency_key FROM notifications");
        Assert.Equal(Commitments, keys.Count);
        Assert.Equal(Commitments, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            seeded.Select(c => c.Id).Order(),
            (await db.QueryAsync<long>("SELECT commitment_id FROM notifications WHERE step = 'heads_up'")).Order());
        var after = await db.QueryAsync<VersionRow>("SELECT id AS Id, version AS Version, last_step AS LastStep FROM commitments");
        Assert.All(after, r => Assert.Equal((2, "heads_up"), (r.Version, r.LastStep)));
        var steps = await db.QueryAsync<long>("SELECT commitment_id FROM commitment_events WHERE kind = 'step'");
        Assert.Equal(seeded.Select(c => c.Id).Order(), steps.Order());
        // One delivery per recipient per bundling; a recipient whose notifications were committed by the other
        // instance after this one bundled gets a second delivery. Every notification is in exactly one.
        var deliveries = outcomes.SelectMany(o => o.Deliveries).ToList();
        Assert.InRange(deliveries.Count, Workspaces * OwnersPerWorkspace, Commitments);
        Assert.Equal(deliveries.Count, deliveries.Distinct().Count());
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE delivery_id IS NULL OR status <> 'bundled'"));

        // Two delivery workers, each told about every delivery (as when both instances resume the queue).
        var sender = new RecordingSender("harness");
        var workers = new[] { Deliverer(new DbConnectionFactory(db.Options), sender), Deliverer(new DbConnectionFactory(db.Options), sender) };
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var orders = new[] { deliveries.Order().ToList(), deliveries.OrderDescending().ToList() };
        var runs = workers.Select((w, i) => Task.Run(
            async () =>
            {
                await go.Task;
                var results = new List<DeliveryResult>();
                foreach (var id in orders[i])
                {
                    results.Add((await w.DeliverAsync(id, Ct)).Result);
                }

                return results;
            },
            Ct)).ToList();
        go.SetResult();
        var results = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();

        Assert.Equal(deliveries.Count, results.Count(r => r == DeliveryResult.Sent));
        Assert.Equal(deliveries.Count, results.Count(r => r == DeliveryResult.NotClaimable));
        Assert.Equal(deliveries.Order(), sender.Sent.Select(s => s.DeliveryId).Order());
        var promisesSent = sender.Sent
            .SelectMany(s => s.Message.AllButtons.Where(b => b.ActionId.StartsWith(ActionIds.Done + ":", StringComparison.Ordinal)).Select(b => s.WorkspaceId + "/" + b.ActionId))
            .ToList();
        Assert.Equal(seeded.Select(c => c.WorkspaceId + "/" + ActionIds.For(ActionIds.Done, c.ShortId)).Order(StringComparer.Ordinal), promisesSent.Order(StringComparer.Ordinal));
        Assert.Equal(["sent"], await db.QueryAsync<string>("SELECT DISTINCT status FROM notifications"));
        Assert.Equal(["sent"], await db.QueryAsync<string>("SELECT DISTINCT status FROM deliveries"));
    }

    [Fact]
    public async Task TwoSweepers_WriteNothingTwice_WhenTheyRunAgainAndAgain()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var workspaces = new[] { Samples.NewWorkspace() };
        await db.SeedOpenAsync(workspaces, 200, 20, ClockSamples.DueForHeadsUp);
        var sweepers = new[] { Sweeper(new DbConnectionFactory(db.Options)), Sweeper(new DbConnectionFactory(db.Options)) };

        // A retried job, an overlapping minute: every run after the first finds nothing new.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => sweepers[i % 2].RunAsync(Now, Ct), Ct)));

        Assert.Equal(200, outcomes.Sum(o => o.Claimed));
        Assert.Equal(200L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications"));
        var deliveries = outcomes.SelectMany(o => o.Deliveries).ToList();
        Assert.InRange(deliveries.Count, 20, 200);
        Assert.Equal(deliveries.Order(), (await db.QueryAsync<long>("SELECT DISTINCT delivery_id FROM notifications")).Order());
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE delivery_id IS NULL"));
    }

    [Fact]
    public async Task TheSweepsManagerStep_IsStoredAsASurprise_InTheRecordCode()
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var ws = Samples.NewWorkspace();
        var seeded = await db.SeedOpenAsync([ws], 20, 4, ClockSamples.DueForHeadsUp);
        var sweeper = Sweeper(db.Connections);

        // The ladder runs hour by hour past the due until the managers have been told (the sweep's own write path:
        // set-based on PostgreSQL, row by row elsewhere).
        var at = Now;
        for (var hour = 0; hour < 24 * 8 && !(await db.Commitments.FindAsync(ws, seeded[0].Id, Ct))!.Surprised; hour++)
        {
            at = Now.AddHours(hour);
            await sweeper.RunAsync(at, Ct);
        }

        var codes = (await db.QueryAsync<CodeRow>("SELECT id AS Id, record_code AS Code FROM commitments WHERE workspace_id = @ws", new { ws }))
            .ToDictionary(r => r.Id, r => r.Code);
        foreach (var c in seeded)
        {
            var found = await db.Commitments.FindAsync(ws, c.Id, Ct);
            Assert.True(found!.Surprised, $"{c.ShortId} should have reached the manager by {at:u}");
            Assert.Equal(RecordCode.Of(RecordFacts.Of(found)), codes[c.Id]);
        }

        var window = new RecordWindow(Now.AddDays(-10), at.AddDays(1), Now.AddDays(-21));
        var (byOwner, _) = await new RecordStore(db.Connections).CountAsync(new RecordScope(ws, null), window, at, Ct);
        Assert.Equal(seeded.Count, byOwner.Sum(g => g.Current.Surprises));
        Assert.Equal(seeded.Count, byOwner.Sum(g => g.Current.OverdueOpen));
    }

    private sealed class CodeRow
    {
        public long Id { get; set; }

        public int Code { get; set; }
    }

    private sealed class VersionRow
    {
        public long Id { get; set; }

        public int Version { get; set; }

        public string? LastStep { get; set; }
    }
}

/// <summary>An <see cref="IChatSender"/> that records what it was asked to send (thread-safe) and finds nothing after a crash.</summary>
internal sealed class RecordingSender(string platform) : IChatSender
{
    private readonly ConcurrentQueue<ChatDelivery> sent = new();
    private int next;

    public string Platform => platform;

    public IReadOnlyList<ChatDelivery> Sent => [.. sent];

    public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        sent.Enqueue(delivery);
        return Task.FromResult<SendResult>(new ChatSent($"msg-{Interlocked.Increment(ref next)}"));
    }

    public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
        Task.FromResult<SentLookup>(new SentNotFound());
}
