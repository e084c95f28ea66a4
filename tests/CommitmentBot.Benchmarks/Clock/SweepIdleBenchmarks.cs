using BenchmarkDotNet.Attributes;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Stores;

namespace CommitmentBot.Benchmarks.Clock;

/// <summary>
/// The every-minute sweep when nothing is due, over 10k and 1M stored open commitments (each with a sent
/// notification and delivery in its history). Goal: at most 5 ms, whatever is stored — the claim, the bundle
/// probe and the stranded-delivery probe each read a partial index and find nothing.
/// Needs <c>COMMITMENTBOT_TEST_POSTGRES</c>; the seeded databases are kept (cbbench_idle_*) and reused.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class SweepIdleBenchmarks
{
    private static readonly SweepDecider NeverCalled = (_, _) => throw new InvalidOperationException("Nothing should be due in the idle benchmark.");

    private OutboxStore outbox = null!;
    private ClockTick tick = null!;

    [Params(StorageProvider.PostgreSql, StorageProvider.Sqlite)]
    public StorageProvider Engine { get; set; }

    [Params(10_000, 1_000_000)]
    public int Stored { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var db = IdleDatabase.OpenAsync(Engine, Stored, fresh: false).GetAwaiter().GetResult();
        outbox = db.Outbox;
        tick = new ClockTick(db.Sweep(), outbox);
    }

    /// <summary>The store's claim alone: one write transaction that finds nothing due.</summary>
    [Benchmark]
    public Task<int> Claim() => outbox.SweepAsync(BenchDatabase.Now, 500, NeverCalled, CancellationToken.None);

    /// <summary>The sweep job's database work, one clock tick: claim, bundle probe, stranded-delivery probe, next instant.</summary>
    [Benchmark]
    public async Task<int> SweepJob()
    {
        var outcome = await tick.RunAsync(BenchDatabase.Now, CancellationToken.None);
        return outcome.Claimed + outcome.Deliveries.Count;
    }
}

/// <summary>The idle databases: <c>stored</c> open commitments, none due at <see cref="BenchDatabase.Now"/>, plus sent history.</summary>
internal static class IdleDatabase
{
    private const int Workspaces = 100;
    private const int OwnersPerWorkspace = 100;

    public static async Task<BenchDatabase> OpenAsync(StorageProvider engine, int stored, bool fresh)
    {
        var db = await BenchDatabase.OpenAsync(engine, $"cbbench_idle_{stored}", fresh);
        if (await db.CountAsync("SELECT COUNT(*) FROM commitments") == stored
            && await db.CountAsync("SELECT COUNT(*) FROM notifications") == stored)
        {
            return db;
        }

        db = await BenchDatabase.OpenAsync(engine, $"cbbench_idle_{stored}", fresh: true);
        await db.SeedCommitmentsAsync(stored, Workspaces, OwnersPerWorkspace, BenchDatabase.NotDue);
        await db.SeedSentHistoryAsync(stored, "W", Workspaces);
        return db;
    }
}
