using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Stores;
using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using NodaTime;

namespace CommitmentBot.Benchmarks.Clock;

/// <summary>
/// The clock's multi-second measurements, as a console mode of the benchmarks project (BenchmarkDotNet is for
/// the micro ones). Every figure is printed with the machine's load average, since the machine is shared.
/// <code>
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- load burst --engine PostgreSql --due 10000 --stored 100000 --recipients 1000 --workers 4 [--away 10] [--snoozed 10]
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- load idle --engine PostgreSql --stored 1000000 --away 10
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- load explain --stored 1000000
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- load hangfire --commitments 100000 --threads 4
/// </code>
/// </summary>
internal static class LoadHarness
{
    public const string Usage =
        "usage: load burst [--engine PostgreSql|Sqlite] [--due 10000] [--stored 100000] [--recipients 1000] [--batch 500] [--workers 4] [--repeat 1] [--away 0] [--snoozed 0]\n"
        + "       load idle [--engine PostgreSql|Sqlite] [--stored 1000000] [--away 0] [--runs 200]\n"
        + "       load explain [--stored 1000000]\n"
        + "       load hangfire [--commitments 100000] [--threads 4]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Count; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var engine = Enum.Parse<StorageProvider>(options.GetValueOrDefault("engine", "PostgreSql"), ignoreCase: true);
        switch (args[0])
        {
            case "burst":
                await BurstAsync(engine, Int("due", 10_000), Int("stored", 100_000), Int("recipients", 1000), Int("batch", 500), Int("workers", 4), Int("repeat", 1), Int("away", 0), Int("snoozed", 0));
                return 0;
            case "idle":
                await IdleAsync(engine, Int("stored", 1_000_000), Int("away", 0), Int("runs", 200));
                return 0;
            case "explain":
                await ExplainAsync(Int("stored", 1_000_000));
                return 0;
            case "hangfire":
                await HangfireComparisonAsync(Int("commitments", 100_000), Int("threads", 4));
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>
    /// <paramref name="due"/> commitments fall due at once among <paramref name="stored"/> that do not: one sweep
    /// claims them and writes their notifications (goal on PostgreSQL: 2 s for 10,000), then
    /// <paramref name="workers"/> delivery workers send them through a no-op sender (goal: 1,000 notifications/s).
    /// <paramref name="awayPercent"/> of the reps are away over the due (half of them covered by a colleague who is not,
    /// half by nobody, so their manager is warned): their promises become early warnings to the cover or the manager.
    /// <paramref name="snoozedPercent"/> of the due promises are snoozed nudges coming back instead of heads-ups.
    /// </summary>
    private static async Task BurstAsync(StorageProvider engine, int due, int stored, int recipients, int batch, int workers, int repeat, int awayPercent, int snoozedPercent)
    {
        const int Workspaces = 20;
        var db = await BenchDatabase.OpenAsync(engine, "cbbench_burst", fresh: true);
        var seeding = Stopwatch.StartNew();
        if (stored > 0)
        {
            await db.SeedCommitmentsAsync(stored, Workspaces, 100, BenchDatabase.NotDue, prefix: "B");
        }

        var owners = Math.Max(1, recipients / Workspaces);
        await db.SeedCommitmentsAsync(due, Workspaces, owners, BenchDatabase.DueForHeadsUp, prefix: "W");
        var away = await db.SetAwayAsync(awayPercent, owners, "W");
        if (stored > 0)
        {
            away = await db.SetAwayAsync(awayPercent, 100, "B", clear: false);
        }

        Console.WriteLine($"[burst] {engine}: seeded {due:N0} due + {stored:N0} not due in {seeding.Elapsed.TotalSeconds:F1} s; "
            + $"{away:N0} of {await db.CountAsync("SELECT COUNT(*) FROM people WHERE manager_id IS NOT NULL"):N0} reps away ({awayPercent} %)");
        var reset = BenchDatabase.DueForHeadsUp(0);
        var snoozed = await SnoozeAsync(db, engine, snoozedPercent);

        for (var run = 1; run <= repeat; run++)
        {
            if (run > 1)
            {
                // Put the burst back: the same ladders due again, no notifications, deliveries or step events.
                await db.ExecuteAsync(
                    "UPDATE commitments SET last_step = NULL, next_step = 'heads_up', next_action_at = @At, version = 1 WHERE workspace_id LIKE 'W%'",
                    new { At = reset.NextActionAt!.Value.ToUnixTimeMilliseconds() });
                await db.ExecuteAsync("DELETE FROM notifications");
                await db.ExecuteAsync("DELETE FROM deliveries");
                await db.ExecuteAsync("DELETE FROM commitment_events");
                await db.ExecuteAsync(engine == StorageProvider.PostgreSql ? "VACUUM ANALYZE commitments, notifications, deliveries, commitment_events" : "ANALYZE main");
                snoozed = await SnoozeAsync(db, engine, snoozedPercent);
            }

            await BurstOnceAsync(db, engine, due, batch, workers, run, snoozed);
        }
    }

    /// <summary>
    /// Makes <paramref name="percent"/> of the due promises (every n-th by id, among reps who are not away: an away rep's
    /// snoozed nudge waits for their return) snoozed nudges due back now: the heads-up was sent, the rep snoozed it to a
    /// minute ago, and the ladder's next step is the reminder. Returns how many.
    /// </summary>
    private static async Task<long> SnoozeAsync(BenchDatabase db, StorageProvider engine, int percent)
    {
        if (percent <= 0)
        {
            return 0;
        }

        var back = BenchDatabase.Now.AddMinutes(-1).ToUnixTimeMilliseconds();
        var every = Math.Max(1, 100 / percent);
        await db.ExecuteAsync(
            "UPDATE commitments SET last_step = 'heads_up', next_step = 'rep_reminder', next_action_at = @Back, rep_snoozed_until = @Back, snooze_reason = 'waiting on legal' "
            + $"WHERE workspace_id LIKE 'W%' AND id % {every} = 0 AND NOT EXISTS "
            + "(SELECT 1 FROM people p WHERE p.workspace_id = commitments.workspace_id AND p.user_id = commitments.owner_id AND p.away_until IS NOT NULL)",
            new { Back = back });
        await db.ExecuteAsync(engine == StorageProvider.PostgreSql ? "ANALYZE commitments" : "ANALYZE main");
        return await db.CountAsync("SELECT COUNT(*) FROM commitments WHERE rep_snoozed_until IS NOT NULL AND workspace_id LIKE 'W%'");
    }

    /// <summary>
    /// The every-minute sweep when nothing is due, over the idle database of <paramref name="stored"/> open commitments (as
    /// <see cref="SweepIdleBenchmarks"/>), with <paramref name="awayPercent"/> of its reps away (0 clears every absence):
    /// <paramref name="runs"/> timed ticks, median and 95th percentile (goal: 5 ms).
    /// </summary>
    private static async Task IdleAsync(StorageProvider engine, int stored, int awayPercent, int runs)
    {
        var seeding = Stopwatch.StartNew();
        var db = await IdleDatabase.OpenAsync(engine, stored, fresh: false);
        var away = await db.SetAwayAsync(awayPercent, 100);
        var reps = await db.CountAsync("SELECT COUNT(*) FROM people WHERE manager_id IS NOT NULL");
        Console.WriteLine($"[idle] {engine}: {await db.CountAsync("SELECT COUNT(*) FROM commitments"):N0} open commitments, "
            + $"{await db.CountAsync("SELECT COUNT(*) FROM notifications"):N0} sent notifications, {away:N0} of {reps:N0} reps away ({awayPercent} %); ready in {seeding.Elapsed.TotalSeconds:F1} s");
        var tick = new ClockTick(db.Sweep(), db.Outbox);
        await tick.RunAsync(BenchDatabase.Now, default); // JIT and the pool
        var loadBefore = Harnesses.LoadAverage();
        var sweeps = await TimeEachAsync(runs, async () =>
        {
            var outcome = await tick.RunAsync(BenchDatabase.Now, default);
            if (outcome.Claimed != 0)
            {
                throw new InvalidOperationException("Nothing should be due in the idle database.");
            }
        });
        Console.WriteLine($"[idle] {engine}, {stored:N0} stored, {awayPercent} % away: sweep job (claim, bundle probe, stranded probe, none due), {runs} runs: {sweeps}; load {loadBefore} → {Harnesses.LoadAverage()}");
    }

    private static async Task BurstOnceAsync(BenchDatabase db, StorageProvider engine, int due, int batch, int workers, int run, long snoozed)
    {
        // Warm up JIT and the connection pool with a sweep of an instant when nothing is due.
        await db.Sweep(batch).RunAsync(BenchDatabase.Now.AddDays(-60), default);

        var timed = new TimedOutbox(db.Outbox);
        var people = new PeopleStore(db.Connections, TimeProvider.System);
        var workspaces = new WorkspaceStore(db.Connections, TimeProvider.System);
        var tick = new ClockTick(new EscalationSweep(timed, people, workspaces) { BatchSize = batch }, timed);
        var loadBefore = Harnesses.LoadAverage();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outcome = await tick.RunAsync(BenchDatabase.Now, default);
        clock.Stop();
        var sweepCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var notifications = await db.CountAsync("SELECT COUNT(*) FROM notifications");
        var distinctKeys = await db.CountAsync("SELECT COUNT(DISTINCT idempotency_key) FROM notifications");
        // A heads-up to the rep, an early warning to an away rep's cover or manager, or a snoozed nudge back: each moves the ladder once.
        var advanced = await db.CountAsync("SELECT COUNT(*) FROM commitments WHERE last_step IN ('heads_up', 'away_warning') AND version = 2");
        var steps = string.Join(", ", await db.LinesAsync("SELECT step || ' ' || COUNT(*) FROM notifications GROUP BY step ORDER BY step"));
        Console.WriteLine(
            $"[burst #{run}] {engine}: sweep of {outcome.Claimed:N0} due (batch {batch}) in {clock.Elapsed.TotalMilliseconds:F0} ms "
            + $"(app CPU {sweepCpu.TotalMilliseconds:F0} ms) — claim+decide+write {timed.Sweep.TotalMilliseconds:F0} ms "
            + $"(of which deciding {timed.Decide.TotalMilliseconds:F0} ms), bundle {timed.Bundle.TotalMilliseconds:F0} ms; "
            + $"{notifications:N0} notifications ({distinctKeys:N0} keys: {steps}), {advanced:N0} ladders advanced, {outcome.Deliveries.Count:N0} deliveries; "
            + $"load {loadBefore} → {Harnesses.LoadAverage()}");
        var reminders = await db.CountAsync("SELECT COUNT(*) FROM notifications WHERE step = 'rep_reminder'");
        if (outcome.Claimed != due || notifications != due || distinctKeys != due || advanced != due || reminders != snoozed)
        {
            throw new InvalidOperationException("The burst did not produce exactly one notification per due commitment.");
        }

        var queue = new ConcurrentQueue<long>(outcome.Deliveries);
        var sender = new NoOpSender("bench");
        var fixedClock = new FixedClock(BenchDatabase.Now);
        var commitments = new CommitmentStore(db.Connections);
        var sent = 0;
        loadBefore = Harnesses.LoadAverage();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var delivery = new NotificationDelivery(db.Outbox, commitments, people, workspaces, [sender], fixedClock);
            while (queue.TryDequeue(out var id))
            {
                if ((await delivery.DeliverAsync(id, default)).Result == DeliveryResult.Sent)
                {
                    Interlocked.Increment(ref sent);
                }
            }
        })));
        clock.Stop();
        var deliverCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var notificationsSent = await db.CountAsync("SELECT COUNT(*) FROM notifications WHERE status = 'sent'");
        Console.WriteLine(
            $"[deliver #{run}] {engine}: {sent:N0} deliveries ({notificationsSent:N0} notifications) with {workers} worker(s) in {clock.Elapsed.TotalMilliseconds:F0} ms "
            + $"(app CPU {deliverCpu.TotalMilliseconds:F0} ms) = {notificationsSent / clock.Elapsed.TotalSeconds:N0} notifications/s, "
            + $"{sent / clock.Elapsed.TotalSeconds:N0} deliveries/s; load {loadBefore} → {Harnesses.LoadAverage()}");
        if (notificationsSent != due || sender.Count != sent)
        {
            throw new InvalidOperationException("Not every notification was sent exactly once.");
        }
    }

    /// <summary>The plans PostgreSQL and SQLite choose for the clock's claims over the idle databases (1M open commitments, 1M sent notifications).</summary>
    private static async Task ExplainAsync(int stored)
    {
        var ms = BenchDatabase.Now.ToUnixTimeMilliseconds();
        var parameters = new { Now = ms, Limit = 500, StaleBefore = ms - (long)NotificationDelivery.Lease.TotalMilliseconds };
        foreach (var engine in new[] { StorageProvider.PostgreSql, StorageProvider.Sqlite })
        {
            var db = await IdleDatabase.OpenAsync(engine, stored, fresh: false);
            var dialect = db.Connections.Dialect;
            Console.WriteLine($"[explain] {engine}, {await db.CountAsync("SELECT COUNT(*) FROM commitments"):N0} commitments, {await db.CountAsync("SELECT COUNT(*) FROM notifications"):N0} notifications");
            foreach (var (name, sql) in new[]
            {
                ("sweep claim (ClaimDueCommitments)", dialect.ClaimDueCommitments),
                ("bundle claim (ClaimDueNotifications)", dialect.ClaimDueNotifications),
                ("stranded deliveries (DueDeliveries)", dialect.DueDeliveries),
            })
            {
                Console.WriteLine($"  -- {name}: {sql}");
                var connection = await db.Connections.OpenAsync(default);
                await using (connection)
                {
                    await using var transaction = await connection.BeginTransactionAsync();
                    var plan = engine == StorageProvider.PostgreSql
                        ? await connection.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, parameters, transaction)
                        : (await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, parameters, transaction)).Select(r => (string)r.detail);
                    foreach (var line in plan)
                    {
                        Console.WriteLine("     " + line);
                    }

                    await transaction.RollbackAsync();
                }
            }
        }
    }

    /// <summary>
    /// The naive design — one Hangfire delayed job per ladder step — against ours (one row per commitment, swept).
    /// Both schedule the same ladders (the real ladder's plan: five steps each) for the same commitments on the
    /// same PostgreSQL server with the same number of threads.
    /// </summary>
    private static async Task HangfireComparisonAsync(int count, int threads)
    {
        var utc = new LadderParty(DateTimeZone.Utc, WorkingHours.Default);
        var context = new LadderContext(utc, utc, HasChannel: true);
        var ladders = Enumerable.Range(0, count)
            .Select(i => EscalationLadder.Plan(BenchDatabase.NotDue(i), context))
            .ToList();
        var jobs = ladders.Sum(l => l.Count);
        Console.WriteLine($"[hangfire] {count:N0} commitments, {jobs:N0} ladder steps ({(double)jobs / count:F1} per commitment), {threads} thread(s)");

        // Naive: every step is a delayed job in Hangfire's PostgreSQL storage.
        var naive = await BenchDatabase.OpenAsync(StorageProvider.PostgreSql, "cbbench_hangfire", fresh: true);
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(naive.Options.ConnectionString), new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
        var storage = JobStorage.Current;
        var client = new BackgroundJobClient(storage);
        const string HangfireBytes =
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = 'hangfire' AND c.relkind = 'r'";
        var before = await naive.ScalarAsync<long>(HangfireBytes);
        var loadBefore = Harnesses.LoadAverage();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            foreach (var step in ladders[i])
            {
                var kind = step.Kind.ToName();
                client.Schedule(() => NaiveLadderJobs.Step(i, kind), step.At);
            }
        });
        clock.Stop();
        var naiveSeconds = clock.Elapsed.TotalSeconds;
        await naive.ExecuteAsync("VACUUM ANALYZE");
        var after = await naive.ScalarAsync<long>(HangfireBytes);
        var rows = new List<string>();
        foreach (var table in new[] { "job", "jobparameter", "state", "set" })
        {
            rows.Add($"{table}={await naive.CountAsync($"SELECT COUNT(*) FROM hangfire.\"{table}\""):N0}");
        }

        Console.WriteLine(
            $"[hangfire] naive: scheduled {jobs:N0} delayed jobs in {naiveSeconds:F1} s ({jobs / naiveSeconds:N0} jobs/s); "
            + $"hangfire schema {Mb(before)} → {Mb(after)} (+{Mb(after - before)}, {(double)(after - before) / count:N0} B per commitment); "
            + $"rows {string.Join(", ", rows)}; load {loadBefore} → {Harnesses.LoadAverage()}");

        // Its clock: Hangfire's delayed-job scheduler asks the schedule set for the first due job on every poll.
        var score = BenchDatabase.Now.AddDays(-60).ToUnixTimeSeconds();
        using (var connection = storage.GetConnection())
        {
            connection.GetFirstByLowestScoreFromSet("schedule", 0, score);
            var polls = await TimeEachAsync(200, () =>
            {
                connection.GetFirstByLowestScoreFromSet("schedule", 0, score);
                return Task.CompletedTask;
            });
            Console.WriteLine($"[hangfire] naive poll (first due job in 'schedule', none due), 200 runs: {polls}");
        }

        // Ours: the ladder is the commitment row's next_action_at; creating the commitment is all the scheduling there is.
        var ours = await BenchDatabase.OpenAsync(StorageProvider.PostgreSql, "cbbench_ladder_rows", fresh: true);
        var store = new CommitmentStore(ours.Connections);
        loadBefore = Harnesses.LoadAverage();
        clock.Restart();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, async (i, ct) =>
        {
            var draft = BenchDatabase.NotDue(i) with { WorkspaceId = "W" + (i % 100), OwnerId = "U" + (i % 1000), CreatedById = "U" + (i % 1000) };
            await store.CreateAsync(draft, new CommitmentEvent(draft.WorkspaceId, 0, draft.CreatedAt, draft.OwnerId, CommitmentEventKinds.Created), ct);
        });
        clock.Stop();
        var oursSeconds = clock.Elapsed.TotalSeconds;
        await ours.ExecuteAsync("VACUUM ANALYZE");
        var commitmentsBytes = await ours.ScalarAsync<long>("SELECT pg_total_relation_size('commitments')");
        var indexBytes = await ours.ScalarAsync<long>("SELECT pg_relation_size('ix_commitments_next_action')");
        var nextActionColumnBytes = await ours.ScalarAsync<long>("SELECT SUM(pg_column_size(next_action_at) + pg_column_size(next_step)) FROM commitments");
        Console.WriteLine(
            $"[hangfire] ours: created {count:N0} commitments through the store (the ladder rides on the row) in {oursSeconds:F1} s "
            + $"({count / oursSeconds:N0}/s); commitments table with all indexes {Mb(commitmentsBytes)}, of which the clock's own: "
            + $"partial index {Mb(indexBytes)} + next_action_at/next_step columns {Mb(nextActionColumnBytes)}; load {loadBefore} → {Harnesses.LoadAverage()}");

        var tick = new ClockTick(ours.Sweep(), ours.Outbox);
        await tick.RunAsync(BenchDatabase.Now.AddDays(-60), default);
        var sweeps = await TimeEachAsync(200, () => tick.RunAsync(BenchDatabase.Now.AddDays(-60), default));
        Console.WriteLine($"[hangfire] ours poll (sweep job: claim, bundle probe, stranded probe; none due, {count:N0} stored), 200 runs: {sweeps}");
        var clockBytes = indexBytes + nextActionColumnBytes;
        Console.WriteLine(
            $"[hangfire] ratio naive/ours: storage for the clock {(double)(after - before) / clockBytes:F0}x "
            + $"({Mb(after - before)} vs {Mb(clockBytes)}; {(double)(after - before) / commitmentsBytes:F1}x the whole commitments table); "
            + $"scheduling writes {jobs:N0} job inserts vs 0 extra statements (naive scheduling took {naiveSeconds / oursSeconds:F1}x as long as creating the commitments themselves)");
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="runs"/> times; the median and 95th percentile (means hide a loaded machine's stalls).</summary>
    private static async Task<string> TimeEachAsync(int runs, Func<Task> action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return $"median {times[runs / 2]:F2} ms, p95 {times[runs * 95 / 100]:F2} ms";
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private sealed class NoOpSender(string platform) : IChatSender
    {
        private int count;

        public string Platform => platform;

        public int Count => Volatile.Read(ref count);

        public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return Task.FromResult<SendResult>(new ChatSent("noop-" + delivery.DeliveryId.ToString(CultureInfo.InvariantCulture)));
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            Task.FromResult<SentLookup>(new SentNotFound());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The naive design's job: one per ladder step (never run here; only its scheduling is measured).</summary>
public static class NaiveLadderJobs
{
    public static void Step(long commitmentId, string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _ = commitmentId;
    }
}
