using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Records;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Migrations;
using CommitmentBot.Storage.Sql;
using CommitmentBot.Storage.Stores;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace CommitmentBot.Benchmarks.Clock;

/// <summary>
/// <c>record</c>: the manager's view at size (issue 11, "Speed").
/// <list type="bullet">
/// <item><c>record team [--engine sqlite|postgres] [--reps 50] [--stored 100000] [--runs 200] [--fresh]</c>: a manager of
/// 50 reps in a workspace holding 100,000 promises spread over a year (kept, late, missed, cancelled, renegotiated, open);
/// the median warm latency of what <c>/promise record team</c> asks the stores (<see cref="RecordReporter.BuildAsync"/>:
/// counts per rep and per customer, lateness, slips, the 12-week trend, the names), each statement's own median, and the
/// plans (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite). Goal ≤ 30 ms median.</item>
/// <item><c>record digest [--managers 1000] [--reps 10] [--per-rep 40] [--workers 4] [--fresh]</c> (PostgreSQL): 1,000
/// workspaces each with a manager of 10 reps; the real <see cref="WeeklyDigest.RunAsync"/> claims every digest (managers'
/// and reps' "your week") into the outbox, then <see cref="NotificationDelivery"/> delivers them, rendering each through
/// <see cref="WeeklyDigest.RenderAsync"/> and drawing its charts with the app's <see cref="ChartRenderer"/> (as the
/// Slack sender does through <see cref="IChartImages"/>) before a sender that only counts. Wall time (goal ≤ 20 s) and
/// the peak working set sampled during the run (goal ≤ 400 MB). Seeding happens in a first run (<c>--fresh</c> or a
/// missing database); run it again to measure without the seeding's memory in the peak.</item>
/// </list>
/// Seeding goes through <see cref="BenchDatabase"/> (COPY / one prepared insert), then one UPDATE shapes the record.
/// </summary>
public sealed class RecordLoadHarness : IHarness
{
    /// <summary>Monday 23 November 2026, 09:05 UTC: every UTC manager's digest (Monday 09:00) has just come due.</summary>
    private static readonly DateTimeOffset DigestNow = new(2026, 11, 23, 9, 5, 0, TimeSpan.Zero);

    public string Name => "record";

    public string Description => "the manager's view: record team [--engine sqlite|postgres] (≤ 30 ms) | record digest (1,000 managers, ≤ 20 s, ≤ 400 MB)";

    public async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 ? args[0] : "team";
        var fresh = args.Contains("--fresh");
        return verb switch
        {
            "team" => await TeamAsync(
                Harnesses.Option(args, "engine", "sqlite"),
                Int(args, "reps", 50),
                Int(args, "stored", 100_000),
                Int(args, "runs", 200),
                fresh),
            "digest" => await DigestAsync(Int(args, "managers", 1000), Int(args, "reps", 10), Int(args, "per-rep", 40), Int(args, "workers", 4), fresh, args.Contains("--reshape")),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: record team [--engine sqlite|postgres] [--reps 50] [--stored 100000] [--runs 200] [--fresh]\n       record digest [--managers 1000] [--reps 10] [--per-rep 40] [--workers 4] [--fresh]");
        return 2;
    }

    private static int Int(string[] args, string name, int fallback) =>
        int.Parse(Harnesses.Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static StorageProvider Engine(string engine) => engine.ToLowerInvariant() switch
    {
        "sqlite" => StorageProvider.Sqlite,
        "postgres" or "postgresql" => StorageProvider.PostgreSql,
        _ => throw new ArgumentException($"Unknown engine '{engine}': sqlite or postgres."),
    };

    // ---------------------------------------------------------------- record team

    private static async Task<int> TeamAsync(string engineName, int reps, int stored, int runs, bool fresh)
    {
        var provider = Engine(engineName);
        var name = $"record_team_{reps}_{stored}";
        var db = await BenchDatabase.OpenAsync(provider, name, fresh);
        if (await db.CountAsync("SELECT COUNT(*) FROM commitments") != stored)
        {
            db = await BenchDatabase.OpenAsync(provider, name, fresh: true);
            var seed = Stopwatch.StartNew();
            await db.SeedCommitmentsAsync(stored, 1, reps, BenchDatabase.NotDue, prefix: "R");
            await ShapeAsync(db, BenchDatabase.Now, 365);
            Console.WriteLine($"[seed] {provider}: {stored:N0} promises, 1 workspace, manager M0 of {reps} reps, in {seed.Elapsed.TotalSeconds:F1} s");
        }

        Console.WriteLine($"[record team] {provider}: {await db.CountAsync("SELECT COUNT(*) FROM commitments WHERE workspace_id = 'R0'"):N0} promises in the workspace; "
            + string.Join(", ", await db.LinesAsync("SELECT status || ' ' || CAST(COUNT(*) AS text) FROM commitments GROUP BY status ORDER BY status")));

        var people = new PeopleStore(db.Connections, TimeProvider.System);
        var store = new RecordStore(db.Connections);
        var reporter = new RecordReporter(store, people, NoRecordLinks.Instance);
        var manager = await people.FindAsync("R0", "M0", default) ?? throw new InvalidOperationException("The manager was not seeded.");
        var team = new RecordSubject.Team();
        var access = await reporter.AccessAsync(manager, team, default);
        var scope = access.Scope ?? throw new InvalidOperationException("The manager may not see the team: " + access.Refusal);
        if (access.Reps.Count != reps)
        {
            throw new InvalidOperationException($"The manager has {access.Reps.Count} reps, not {reps}.");
        }

        var ok = true;
        foreach (var periodText in new[] { "30d", "last week", "quarter", "year" })
        {
            if (!RecordPeriod.TryParse(periodText, out var period))
            {
                throw new InvalidOperationException("Unparsed period " + periodText);
            }

            var now = BenchDatabase.Now;
            var report = await reporter.BuildAsync(manager, team, access, period, now, RecordReporter.ChatSlips, default);
            for (var i = 0; i < 20; i++)
            {
                await reporter.BuildAsync(manager, team, access, period, now, RecordReporter.ChatSlips, default);
            }

            var load = Harnesses.LoadAverage();
            var times = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await reporter.BuildAsync(manager, team, access, period, now, RecordReporter.ChatSlips, default);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            times.Sort();
            var median = Harnesses.Percentile(times, 0.5);
            ok &= median <= 30;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[record team {periodText}] {provider}: whole view (4 record statements + names) median {median:F1} ms, p95 {Harnesses.Percentile(times, 0.95):F1} ms over {runs} warm runs; "
                + $"{report.Reps.Count} rep rows, {report.Customers.Count} customer rows, {report.Totals.Current.Listed} promises counted this period, {report.Slips.Count} slips; load {load} → {Harnesses.LoadAverage()}"));

            var window = period.Resolve(now, DateTimeZone.Utc);
            var bounds = RecordPeriod.WeekBoundaries(now, DateTimeZone.Utc, SqlDialect.RecordWeeks);
            var parts = new (string Name, Func<Task> Call)[]
            {
                ("counts per rep and customer", () => store.CountAsync(scope, window, now, default)),
                ("lateness", () => store.LatenessAsync(scope, window, default)),
                ("slips", () => store.SlipsAsync(scope, window.Start, window.End, now, RecordReporter.ChatSlips, default)),
                ("12-week trend", () => store.WeeklyAsync(scope, bounds, now, default)),
            };
            var each = new List<string>();
            foreach (var (partName, call) in parts)
            {
                var partTimes = new List<double>(runs / 2);
                for (var i = 0; i < Math.Max(10, runs / 2); i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await call();
                    partTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                partTimes.Sort();
                each.Add(string.Create(CultureInfo.InvariantCulture, $"{partName} {Harnesses.Percentile(partTimes, 0.5):F2}"));
            }

            Console.WriteLine($"    per statement (median ms): {string.Join(", ", each)}");
            if (periodText == "30d")
            {
                await ExplainAsync(db, scope, window, bounds, now);
            }
        }

        return ok ? 0 : 1;
    }

    /// <summary>Prints the plan of each statement the team view runs, with the values it runs with.</summary>
    private static async Task ExplainAsync(BenchDatabase db, RecordScope scope, RecordWindow window, IReadOnlyList<DateTimeOffset> bounds, DateTimeOffset now)
    {
        var dialect = db.Connections.Dialect;
        var parameters = new DynamicParameters();
        parameters.Add("WorkspaceId", scope.WorkspaceId);
        parameters.Add("OwnerIds", scope.OwnerIds!.ToArray());
        parameters.Add("Start", window.Start.ToUnixTimeMilliseconds());
        parameters.Add("End", window.End.ToUnixTimeMilliseconds());
        parameters.Add("PreviousStart", window.PreviousStart.ToUnixTimeMilliseconds());
        parameters.Add("Now", now.ToUnixTimeMilliseconds());
        parameters.Add("Limit", RecordReporter.ChatSlips);
        for (var i = 0; i < bounds.Count; i++)
        {
            parameters.Add("W" + i.ToString(CultureInfo.InvariantCulture), bounds[i].ToUnixTimeMilliseconds());
        }

        var statements = new (string Name, string Sql)[]
        {
            ("counts per rep and customer", dialect.Record(RecordStatementKind.Counts, RecordScopeKind.Owners)),
            ("lateness", dialect.Record(RecordStatementKind.Lateness, RecordScopeKind.Owners)),
            ("slips", dialect.Record(RecordStatementKind.Slips, RecordScopeKind.Owners)),
            ("12-week trend", dialect.Record(RecordStatementKind.Weekly, RecordScopeKind.Owners)),
        };
        var connection = await db.Connections.OpenAsync(default);
        await using (connection)
        {
            foreach (var (statementName, sql) in statements)
            {
                Console.WriteLine($"  [explain {statementName}] {db.Provider}");
                if (db.Provider == StorageProvider.PostgreSql)
                {
                    foreach (var line in await connection.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, parameters))
                    {
                        Console.WriteLine("    " + line);
                    }
                }
                else
                {
                    foreach (var row in await connection.QueryAsync("EXPLAIN QUERY PLAN " + sql, parameters))
                    {
                        var fields = (IDictionary<string, object>)row;
                        Console.WriteLine("    " + fields["detail"]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Turns the seeded open promises into a record: dues spread over the <paramref name="days"/> before
    /// <paramref name="now"/> (and a week after it), with twenty outcomes in turn by number: 12 kept on time, 2 kept late,
    /// 1 missed, 1 cancelled, 2 moved before due with the customer told and kept, 1 surprise kept late, 1 left open (overdue
    /// when its due has passed); forty customers written in two cases.
    /// </summary>
    private static async Task ShapeAsync(BenchDatabase db, DateTimeOffset now, int days)
    {
        var at = now.ToUnixTimeMilliseconds();
        var span = (long)days * 1440;
        await db.ExecuteAsync(
            "UPDATE commitments SET due_at = @Now - (((CAST(number AS bigint) * 7919) % @Span) - 10080) * 60000, "
            + "customer = CASE WHEN number % 2 = 0 THEN 'Customer ' ELSE 'CUSTOMER ' END || CAST(number % 40 AS text)",
            new { Now = at, Span = span });
        await db.ExecuteAsync(
            "UPDATE commitments SET customer_key = lower(customer), first_due_at = due_at, "
            + "status = CASE WHEN due_at > @Now AND ((number + number / 997) % 20) <> 15 THEN 'open' "
            + "WHEN ((number + number / 997) % 20) < 12 OR ((number + number / 997) % 20) IN (16, 17) THEN 'kept' WHEN ((number + number / 997) % 20) IN (12, 13, 18) THEN 'kept_late' "
            + "WHEN ((number + number / 997) % 20) = 14 THEN 'missed' WHEN ((number + number / 997) % 20) = 15 THEN 'cancelled' ELSE 'open' END",
            new { Now = at });
        await db.ExecuteAsync(
            "UPDATE commitments SET "
            + "closed_at = CASE WHEN status = 'kept' THEN due_at - 3600000 WHEN status = 'kept_late' THEN due_at + (number % 48) * 3600000 "
            + "WHEN status IN ('missed', 'cancelled') THEN due_at + 86400000 ELSE NULL END, "
            + "first_due_at = CASE WHEN ((number + number / 997) % 20) IN (16, 17) THEN due_at - 172800000 ELSE due_at END, "
            + "move_count = CASE WHEN ((number + number / 997) % 20) IN (16, 17) THEN 1 ELSE 0 END, "
            + "moves_told = CASE WHEN ((number + number / 997) % 20) IN (16, 17) THEN 1 ELSE 0 END, "
            + "surprised = CASE WHEN ((number + number / 997) % 20) = 18 THEN 1 ELSE 0 END, "
            + "next_step = CASE WHEN status IN ('kept', 'kept_late', 'missed', 'cancelled') THEN NULL ELSE next_step END, "
            + "next_action_at = CASE WHEN status IN ('kept', 'kept_late', 'missed', 'cancelled') THEN NULL ELSE next_action_at END");
        await db.ExecuteAsync(RecordCodeBackfill.Statement(db.Provider));
        await db.ExecuteAsync(db.Provider == StorageProvider.PostgreSql ? "VACUUM ANALYZE commitments" : "ANALYZE main");
    }

    // ---------------------------------------------------------------- record digest

    private static async Task<int> DigestAsync(int managers, int reps, int perRep, int workers, bool fresh, bool reshape)
    {
        var name = $"record_digest_{managers}_{reps}_{perRep}";
        var db = await BenchDatabase.OpenAsync(StorageProvider.PostgreSql, name, fresh);
        var stored = (long)managers * reps * perRep;
        if (reshape)
        {
            await ShapeAsync(db, DigestNow, 84);
        }

        if (await db.CountAsync("SELECT COUNT(*) FROM commitments") != stored)
        {
            db = await BenchDatabase.OpenAsync(StorageProvider.PostgreSql, name, fresh: true);
            var seed = Stopwatch.StartNew();
            await db.SeedCommitmentsAsync((int)stored, managers, reps, BenchDatabase.NotDue, prefix: "D");
            await ShapeAsync(db, DigestNow, 84);
            Console.WriteLine($"[seed] {managers:N0} workspaces, each a manager of {reps} reps, {stored:N0} promises over 12 weeks, in {seed.Elapsed.TotalSeconds:F1} s; run again to measure without the seeding in the peak");
            return 0;
        }

        // Each run starts from no claims and no digest deliveries (the same week is claimed again).
        await db.ExecuteAsync("DELETE FROM digest_claims");
        await db.ExecuteAsync("DELETE FROM deliveries WHERE digest_week IS NOT NULL");
        await db.ExecuteAsync("VACUUM ANALYZE deliveries");

        var clock = new FixedClock(DigestNow);
        var people = new PeopleStore(db.Connections, clock);
        var workspaces = new WorkspaceStore(db.Connections, clock);
        var commitments = new CommitmentStore(db.Connections);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["App:PublicUrl"] = "https://bot.example.com" }).Build();
        var links = new RecordLinks(new EphemeralDataProtectionProvider(), clock, config);
        var digest = new WeeklyDigest(new DigestStore(db.Connections), new RecordStore(db.Connections), people, workspaces, commitments, links);
        var renderer = new ChartRenderer();
        var sender = new ChartDrawingSender("bench", renderer);

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var self = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
                try
                {
                    await Task.Delay(25, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        var load = Harnesses.LoadAverage();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var run = await digest.RunAsync(DigestNow, default);
        var claimTime = wall.Elapsed;

        var ids = new ConcurrentQueue<long>(await Ids(db));
        var outcomes = new ConcurrentDictionary<DeliveryResult, int>();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var delivery = new NotificationDelivery(db.Outbox, commitments, people, workspaces, [sender], clock, NoCommitmentChangeListener.Instance, digest);
            while (ids.TryDequeue(out var id))
            {
                var outcome = await delivery.DeliverAsync(id, default);
                outcomes.AddOrUpdate(outcome.Result, 1, (_, n) => n + 1);
            }
        })));
        wall.Stop();
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();
        var usedCpu = process.TotalProcessorTime - cpu;
        var peakMb = Math.Max(peak, process.PeakWorkingSet64) / 1048576.0;
        var sent = outcomes.GetValueOrDefault(DeliveryResult.Sent);
        var managerDigests = sender.Count(text => text.StartsWith("Weekly digest.", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[digest] PostgreSQL, {run.Managers:N0} managers × {reps} reps, {stored:N0} promises: {run.Claimed:N0} claimed in {claimTime.TotalSeconds:F1} s; "
            + $"rendered and handed to delivery {sent:N0} ({managerDigests:N0} manager digests, {sent - managerDigests:N0} \"your week\"; "
            + $"{string.Join(", ", outcomes.Where(o => o.Key != DeliveryResult.Sent).Select(o => $"{o.Key} {o.Value}"))}) with {workers} workers; "
            + $"charts attached {sender.Charts:N0}, drawn {renderer.Renders:N0} (the rest from the cache); "
            + $"wall {wall.Elapsed.TotalSeconds:F1} s (app CPU {usedCpu.TotalSeconds:F1} s); working set {baseline / 1048576.0:F0} MB before, peak {peakMb:F0} MB "
            + $"(PeakWorkingSet64 {process.PeakWorkingSet64 / 1048576.0:F0} MB); load {load} → {Harnesses.LoadAverage()}"));

        var expected = managers * (reps + 1);
        if (run.Claimed != expected || sent + outcomes.GetValueOrDefault(DeliveryResult.Cancelled) != expected)
        {
            Console.WriteLine($"[digest] expected {expected:N0} claims and deliveries");
            return 1;
        }

        return wall.Elapsed.TotalSeconds <= 20 && peakMb <= 400 ? 0 : 1;
    }

    private static async Task<IReadOnlyList<long>> Ids(BenchDatabase db)
    {
        var connection = await db.Connections.OpenAsync(default);
        await using (connection)
        {
            return (await connection.QueryAsync<long>("SELECT id FROM deliveries WHERE digest_week IS NOT NULL AND status = 'pending' ORDER BY id")).AsList();
        }
    }

    /// <summary>A sender that draws each message's charts as the Slack sender does before its upload, then only counts.</summary>
    private sealed class ChartDrawingSender(string platform, ChartRenderer renderer) : IChatSender
    {
        private readonly ConcurrentBag<string> headlines = [];
        private long charts;

        public string Platform => platform;

        public long Charts => Interlocked.Read(ref charts);

        public int Count(Func<string, bool> which) => headlines.Count(which);

        public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
        {
            long bytes = 0;
            foreach (var image in delivery.Message.Images)
            {
                bytes += renderer.Png(image.Chart).Length;
                Interlocked.Increment(ref charts);
            }

            headlines.Add(delivery.Message.Text);
            return Task.FromResult<SendResult>(new ChatSent("bench-" + delivery.DeliveryId.ToString(CultureInfo.InvariantCulture) + "-" + bytes.ToString(CultureInfo.InvariantCulture)));
        }

        public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
            Task.FromResult<SentLookup>(new SentNotFound());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
