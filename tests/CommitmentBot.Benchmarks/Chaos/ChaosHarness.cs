using System.Globalization;

namespace CommitmentBot.Benchmarks.Chaos;

/// <summary>
/// chaos: the kill soak of issue 12 (<see cref="ChaosRun"/>).
/// <code>
/// eval "$(bash scripts/postgres.sh start)"
/// dotnet build -c Release src/CommitmentBot
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- chaos [--sender slack|teams-like] [--kills 100]
///     [--short] [--post-latency-ms 300] [--seed n] [--app path/CommitmentBot.dll] [--connection "Host=…"] [--keep-database]
/// </code>
/// Goal: at least the asked kills, nothing lost, and no duplicate on Slack; with the Teams-like sender (which cannot
/// look up what it sent) nothing lost and every duplicate explained by a kill inside the send window. Either way no
/// slash command is lost to a kill (a retry answered as a repeat must find its promise stored).
/// </summary>
public sealed class ChaosHarness : IHarness
{
    public string Name => "chaos";

    public string Description => "two instances on one PostgreSQL, one SIGKILLed every few seconds; every ladder step delivered exactly once [--sender slack|teams-like] [--kills 100] [--short]";

    public async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Description);
            return 0;
        }

        var sender = Harnesses.Option(args, "sender", "slack");
        if (sender is not ("slack" or "teams-like"))
        {
            await Console.Error.WriteLineAsync("--sender is slack or teams-like");
            return 1;
        }

        var appDll = Harnesses.Option(args, "app", SlackLoad.SlackLoadRun.DefaultAppDll());
        if (!File.Exists(appDll))
        {
            await Console.Error.WriteLineAsync($"The app is not built at {appDll}: build it with -c Release (or pass --app).");
            return 1;
        }

        var server = Harnesses.Option(args, "connection", Environment.GetEnvironmentVariable("COMMITMENTBOT_TEST_POSTGRES") ?? "");
        if (server.Length == 0)
        {
            await Console.Error.WriteLineAsync("PostgreSQL needs --connection or COMMITMENTBOT_TEST_POSTGRES (eval \"$(bash scripts/postgres.sh start)\").");
            return 1;
        }

        var work = Path.Combine(Path.GetTempPath(), "commitmentbot-chaos");
        var lookup = sender == "slack";
        var settings = args.Contains("--short")
            ? ChaosSettings.Brief(appDll, server, work, lookup)
            : new ChaosSettings { LookupSupported = lookup, AppDll = appDll, ServerConnection = server, WorkFolder = work };
        settings = settings with
        {
            Kills = int.Parse(Harnesses.Option(args, "kills", settings.Kills.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            PostLatency = TimeSpan.FromMilliseconds(int.Parse(Harnesses.Option(args, "post-latency-ms", settings.PostLatency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture)),
            Seed = int.Parse(Harnesses.Option(args, "seed", settings.Seed.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            KeepDatabase = args.Contains("--keep-database"),
        };

        var report = await RunAndPrintAsync(settings, Console.Out, CancellationToken.None);
        return Met(report, settings) ? 0 : 2;
    }

    /// <summary>Runs the soak with its progress and figures (and the load average around it) written to <paramref name="output"/>.</summary>
    public static async Task<ChaosReport> RunAndPrintAsync(ChaosSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var loadBefore = Harnesses.LoadAverage();
        var started = DateTime.UtcNow;
        var report = await ChaosRun.RunAsync(settings with { Progress = output }, cancellationToken);
        Print(report, settings, DateTime.UtcNow - started, loadBefore, Harnesses.LoadAverage(), output);
        return report;
    }

    /// <summary>Prints the figures; true when the goal is met.</summary>
    public static bool Print(ChaosReport report, ChaosSettings settings, TimeSpan elapsed, string loadBefore, string loadAfter, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var met = Met(report, settings);
        output.WriteLine();
        output.WriteLine($"Chaos soak — {settings}");
        output.WriteLine($"  run took {elapsed.TotalMinutes:0.0} min; load average before {loadBefore}, after {loadAfter}");
        output.WriteLine($"  kills {report.Kills} (inside a send window: {report.KillsInSendWindow})");
        output.WriteLine($"  promises {report.Promises}, ladder steps expected {report.StepsExpected}, delivered {report.Delivered}, lost {report.Lost}");
        output.WriteLine($"  duplicates {report.Duplicates} (from kills inside the send window: {report.DuplicatesFromSendWindowKills}, unexplained: {report.UnexplainedDuplicates})");
        output.WriteLine($"  longest delay of a step past its time {report.LongestDelay.TotalSeconds:0.0} s");
        output.WriteLine($"  slash commands retried after a kill and answered as a repeat: {report.CommandsRepeated}, of which lost (never stored): {report.CommandsLostToKills}");
        foreach (var problem in report.Problems.Take(20))
        {
            output.WriteLine("  problem: " + problem);
        }

        if (report.Problems.Count > 20)
        {
            output.WriteLine($"  … and {report.Problems.Count - 20} more problems");
        }

        output.WriteLine(settings.LookupSupported
            ? $"  goal ≥ {settings.Kills} kills, 0 lost, 0 duplicates: {(met ? "MET" : "MISSED")}"
            : $"  goal ≥ {settings.Kills} kills, 0 lost, duplicates only from kills inside the send window: {(met ? "MET" : "MISSED")}");
        return met;
    }

    public static bool Met(ChaosReport report, ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        return report.Kills >= settings.Kills
            && report.Promises > 0
            && report.Lost == 0
            && report.Problems.Count == 0
            && report.CommandsLostToKills == 0
            && (settings.LookupSupported ? report.Duplicates == 0 : report.UnexplainedDuplicates == 0);
    }
}
