using System.Globalization;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Storage.Tests.Databases;

namespace CommitmentBot.Storage.Tests.Contracts;

/// <summary>
/// A delivery process really dies mid-send (<see cref="Environment.FailFast(string)"/> or SIGKILL) and is started
/// again: the crash harness (tests/CommitmentBot.CrashHarness) runs the clock against this engine's database with a
/// sender that writes each send to a log file, flushed before it returns. Read back, the log must hold every
/// notification exactly once — or, on a platform that cannot look up what it sent (Teams), the one message in
/// flight at most twice.
/// </summary>
public abstract class DeliveryCrashTests(DatabaseFixture database)
{
    private const int Promises = 7;
    private const int Recipients = 5;
    private const int CrashOn = 3;

    private static readonly DateTimeOffset Now = ClockSamples.Now;
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CrashAfterSend_IsNotResent_WhenThePlatformCanLookUpSends()
    {
        var run = await RunCrashAsync(crash: "after-send", die: "failfast", lookup: "supported");

        run.AssertEveryPromiseSentExactlyOnce();
        Assert.Equal("log-" + run.Crashed.ToString(CultureInfo.InvariantCulture), run.PlatformMessageIdOfCrashed);
    }

    [Fact]
    public async Task CrashAfterSend_IsNotResent_WhenTheProcessIsKilledFromOutside()
    {
        var run = await RunCrashAsync(crash: "after-send", die: "wait-for-kill", lookup: "supported");

        run.AssertEveryPromiseSentExactlyOnce();
    }

    [Fact]
    public async Task CrashAfterSend_IsResentAtMostOnce_WhenThePlatformCannotLookUpSends()
    {
        var run = await RunCrashAsync(crash: "after-send", die: "failfast", lookup: "unsupported");

        // Teams: the one message in flight goes twice; nothing else repeats and nothing is lost.
        Assert.Equal(2, run.SendsByDelivery[run.Crashed]);
        Assert.All(run.SendsByDelivery.Where(d => d.Key != run.Crashed), d => Assert.Equal(1, d.Value));
        Assert.Equal(run.CrashedPromises.Order(StringComparer.Ordinal), run.PromisesSentTwice.Order(StringComparer.Ordinal));
        Assert.Equal(run.AllPromises.Order(StringComparer.Ordinal), run.PromisesSent.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CrashBeforeSend_IsSentOnce_WhenThePlatformCannotLookUpSends()
    {
        var run = await RunCrashAsync(crash: "before-send", die: "failfast", lookup: "unsupported");

        run.AssertEveryPromiseSentExactlyOnce();
    }

    private async Task<CrashRun> RunCrashAsync(string crash, string die, string lookup)
    {
        await using var db = await ClockDatabase.CreateAsync(database);
        var seeded = await db.SeedOpenAsync([Samples.NewWorkspace()], Promises, Recipients, ClockSamples.DueForHeadsUp, platform: "harness");
        var folder = Directory.CreateTempSubdirectory("commitmentbot-crash-");
        try
        {
            var log = Path.Combine(folder.FullName, "sends.log");

            // 1. The first run sweeps, bundles and delivers — and dies at the third send.
            var first = await RunHarnessAsync(db, folder.FullName, Now, log, lookup, ["--crash", crash, "--crash-on", CrashOn.ToString(CultureInfo.InvariantCulture), "--die", die]);
            Assert.True(first.ExitCode != 0, $"the harness should have died; it exited 0:\n{first.Output}");
            Assert.Equal(crash == "after-send" ? CrashOn : CrashOn - 1, ReadLog(log).Count);
            var crashed = Assert.Single(await db.QueryAsync<long>("SELECT id FROM deliveries WHERE status = 'sending'"));
            if (crash == "after-send")
            {
                Assert.Equal(crashed, ReadLog(log)[^1].DeliveryId);
            }

            // 2. Restarted within the lease: the rest goes out; the crashed send is left alone (it may be in flight).
            var withinLease = await RunHarnessAsync(db, folder.FullName, Now.AddSeconds(30), log, lookup, []);
            Assert.True(withinLease.ExitCode == 0, withinLease.Output);
            Assert.Equal("sending", await db.ScalarAsync<string>("SELECT status FROM deliveries WHERE id = @Id", new { Id = crashed }));
            Assert.Equal(crash == "after-send" ? 1 : 0, ReadLog(log).Count(l => l.DeliveryId == crashed));

            // 3. Restarted after the lease: the crashed delivery is recovered.
            var afterLease = await RunHarnessAsync(db, folder.FullName, Now + NotificationDelivery.Lease + TimeSpan.FromMinutes(1), log, lookup, []);
            Assert.True(afterLease.ExitCode == 0, afterLease.Output);

            Assert.Equal(["sent"], await db.QueryAsync<string>("SELECT DISTINCT status FROM deliveries"));
            Assert.Equal(["sent"], await db.QueryAsync<string>("SELECT DISTINCT status FROM notifications"));
            var deliveries = await db.QueryAsync<long>("SELECT id FROM deliveries");
            var lines = ReadLog(log);
            return new CrashRun(
                crashed,
                deliveries.ToDictionary(id => id, id => lines.Count(l => l.DeliveryId == id)),
                [.. seeded.Select(c => c.ShortId)],
                [.. lines.SelectMany(l => l.Promises)],
                [.. lines.Where(l => l.DeliveryId == crashed).Take(1).SelectMany(l => l.Promises)],
                await db.ScalarAsync<string>("SELECT platform_message_id FROM deliveries WHERE id = @Id", new { Id = crashed }));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output)> RunHarnessAsync(
        ClockDatabase db,
        string workingDirectory,
        DateTimeOffset now,
        string log,
        string lookup,
        IReadOnlyList<string> extra) =>
        CrashHarnessProcess.RunAsync(db.Options, workingDirectory, ["--now", now.ToString("O", CultureInfo.InvariantCulture), "--log", log, "--lookup", lookup, .. extra], ChildTimeout, Ct);

    private static List<LogLine> ReadLog(string path) =>
        !File.Exists(path)
            ? []
            : File.ReadAllLines(path)
                .Where(l => l.Length > 0)
                .Select(l => l.Split('\t'))
                .Select(f => new LogLine(long.Parse(f[0], CultureInfo.InvariantCulture), f[3].Split(',', StringSplitOptions.RemoveEmptyEntries)))
                .ToList();

    private sealed record LogLine(long DeliveryId, string[] Promises);

    private sealed record CrashRun(
        long Crashed,
        Dictionary<long, int> SendsByDelivery,
        string[] AllPromises,
        string[] PromisesSent,
        string[] CrashedPromises,
        string? PlatformMessageIdOfCrashed)
    {
        public IEnumerable<string> PromisesSentTwice =>
            PromisesSent.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() == 2).Select(g => g.Key);

        public void AssertEveryPromiseSentExactlyOnce()
        {
            Assert.All(SendsByDelivery, d => Assert.Equal(1, d.Value));
            Assert.Equal(AllPromises.Order(StringComparer.Ordinal), PromisesSent.Order(StringComparer.Ordinal));
            Assert.NotEmpty(CrashedPromises);
        }
    }
}
