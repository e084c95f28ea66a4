using System.Data.Common;
using System.Globalization;
using CommitmentBot.TestSupport.Slack;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>
/// The Slack load benchmark (issue 5): the Release build of the app on Kestrel, Slack configured against a
/// local fake Web API, and signed <c>/promise</c> slash commands fired open-loop at a fixed rate. Reports
/// latency percentiles, errors, and duplicates (commitments stored versus unique trigger ids).
/// <code>
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- slack-load [--provider Sqlite|PostgreSql]
///     [--connection "Host=…"] [--rate 200] [--seconds 60] [--warmup-seconds 10] [--app path/CommitmentBot.dll]
/// </code>
/// With PostgreSQL the connection defaults to COMMITMENTBOT_TEST_POSTGRES (<c>eval "$(scripts/postgres.sh start)"</c>);
/// each run gets a fresh database, dropped afterwards.
/// </summary>
public static class SlackLoadRun
{
    private const string SigningSecret = "load-signing-secret-0123456789abcdef";
    private const double TargetP99Ms = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var appDll = options.AppDll ?? DefaultAppDll();
        if (!File.Exists(appDll))
        {
            await Console.Error.WriteLineAsync($"The app is not built at {appDll}: run this with -c Release (or pass --app).");
            return 1;
        }

        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var work = Path.Combine(Path.GetTempPath(), "commitmentbot-slack-load", runId);
        Directory.CreateDirectory(work);
        string? database = null;
        string connectionString;
        if (options.Provider == "PostgreSql")
        {
            var server = options.Connection ?? Environment.GetEnvironmentVariable("COMMITMENTBOT_TEST_POSTGRES")
                ?? throw new InvalidOperationException("PostgreSQL needs --connection or COMMITMENTBOT_TEST_POSTGRES (eval \"$(scripts/postgres.sh start)\").");
            database = "slack_load_" + runId;
            connectionString = await CreateDatabaseAsync(server, database);
        }
        else
        {
            connectionString = "Data Source=" + Path.Combine(work, "commitmentbot.db");
        }

        try
        {
            await using var slack = await FakeSlack.StartAsync();
            slack.RecordCalls = false;
            var settings = new Dictionary<string, string>
            {
                ["Slack:SigningSecret"] = SigningSecret,
                ["Slack:BotToken"] = "xoxb-load-test",

                // The load comes from several teams: with OAuth installation configured each is served (the bot token is
                // the fallback for teams without an install), where single-workspace mode would refuse all but one.
                ["Slack:ClientId"] = "111.load",
                ["Slack:ClientSecret"] = "load-client-secret",
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
                ["Storage:Provider"] = options.Provider,
                ["ConnectionStrings:CommitmentBot"] = connectionString,
                ["App:DataPath"] = work,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            };
            await using var app = await AppProcess.StartAsync(appDll, settings, Path.Combine(work, "app.log"));
            Console.WriteLine($"App {app.Url} (pid {app.ProcessId}, {options.Provider}); fake Slack {slack.Url}; log {Path.Combine(work, "app.log")}");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            var load = new SlashCommandLoad(http, app.Url, SigningSecret, slack.Url + "/hooks/");

            if (options.WarmupSeconds > 0)
            {
                var warmRate = Math.Max(10, options.Rate / 4);
                var warm = SlashCommandLoad.Plan((int)(warmRate * options.WarmupSeconds), "warm-" + runId + "-");
                await load.RunAsync(warm, warmRate, CancellationToken.None);
                Console.WriteLine($"Warm-up: {warm.Count} requests at {warmRate:0}/s, p99 {Percentile(warm.Select(s => s.LatencyMs), 0.99):0.0} ms, errors {warm.Count(s => s.Outcome == ShotOutcome.Error)}");
            }

            var loadAverageBefore = Harnesses.LoadAverage();
            var cpuBefore = Harnesses.AppCpu(app.ProcessId);
            var prefix = "load-" + runId + "-";
            var shots = SlashCommandLoad.Plan((int)(options.Rate * options.Seconds), prefix);
            var started = DateTime.UtcNow;
            await load.RunAsync(shots, options.Rate, CancellationToken.None);
            var elapsed = DateTime.UtcNow - started;
            var cpu = Harnesses.AppCpu(app.ProcessId) - cpuBefore;

            // Deferred replies ("Working on it…") finish in the background: let the count settle before judging.
            var unique = shots.Where(s => !s.IsRetry).Select(s => s.Trigger).Distinct(StringComparer.Ordinal).Count();
            var (stored, distinct) = await SettledCountAsync(options.Provider, connectionString, prefix, unique);
            return Report(options, shots, elapsed, unique, stored, distinct, slack.Counts, cpu, loadAverageBefore, Harnesses.LoadAverage());
        }
        finally
        {
            if (database is not null)
            {
                await DropDatabaseAsync(options.Connection ?? Environment.GetEnvironmentVariable("COMMITMENTBOT_TEST_POSTGRES")!, database);
            }
        }
    }

    private static int Report(
        Options options,
        IReadOnlyList<Shot> shots,
        TimeSpan elapsed,
        int unique,
        long stored,
        long distinct,
        IReadOnlyDictionary<string, int> slackCalls,
        TimeSpan appCpu,
        string loadBefore,
        string loadAfter)
    {
        var latencies = shots.Select(s => s.LatencyMs).ToList();
        var scheduled = shots.Select(s => s.ScheduledLatencyMs).ToList();
        var errors = shots.Where(s => s.Outcome == ShotOutcome.Error).ToList();
        var duplicates = stored - distinct;
        var missing = unique - distinct;
        var p99 = Percentile(scheduled, 0.99);
        var pass = p99 <= TargetP99Ms && errors.Count == 0 && duplicates == 0 && missing == 0;

        Console.WriteLine();
        Console.WriteLine($"Slack slash command load — {options.Provider}, {options.Rate:0} req/s open loop for {options.Seconds:0} s ({shots.Count} requests, {shots.Count(s => s.IsRetry)} retries with X-Slack-Retry-Num)");
        Console.WriteLine($"  sent in {elapsed.TotalSeconds:0.0} s ({shots.Count / elapsed.TotalSeconds:0.0} req/s achieved)");
        Console.WriteLine($"  latency from send        p50 {Percentile(latencies, 0.50),7:0.0} ms  p95 {Percentile(latencies, 0.95),7:0.0} ms  p99 {Percentile(latencies, 0.99),7:0.0} ms  max {latencies.Max(),7:0.0} ms");
        Console.WriteLine($"  latency from schedule    p50 {Percentile(scheduled, 0.50),7:0.0} ms  p95 {Percentile(scheduled, 0.95),7:0.0} ms  p99 {p99,7:0.0} ms  max {scheduled.Max(),7:0.0} ms");
        Console.WriteLine($"  outcomes: answered {shots.Count(s => s.Outcome == ShotOutcome.Answered)}, repeat (empty 200) {shots.Count(s => s.Outcome == ShotOutcome.Repeat)}, deferred (Working on it) {shots.Count(s => s.Outcome == ShotOutcome.Deferred)}, errors {errors.Count}");
        foreach (var group in errors.GroupBy(e => e.Error).Take(5))
        {
            Console.WriteLine($"    {group.Count()} × {group.Key}");
        }

        Console.WriteLine($"  commitments stored {stored} for {unique} unique trigger ids: duplicates {duplicates}, missing {missing}");
        Console.WriteLine($"  app CPU {appCpu.TotalSeconds:0.0} s during the run ({appCpu.TotalSeconds / elapsed.TotalSeconds * 100:0}% of one core); load average before {loadBefore}, after {loadAfter}");
        Console.WriteLine($"  fake Slack calls: {string.Join(", ", slackCalls.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        Console.WriteLine($"  target p99 ≤ {TargetP99Ms} ms (from schedule), zero errors, zero duplicates: {(pass ? "MET" : "MISSED")}");
        return pass ? 0 : 2;
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Counts until every unique trigger is stored, or nothing changed for 10 s (at most 2 minutes).</summary>
    private static async Task<(long Stored, long Distinct)> SettledCountAsync(string provider, string connectionString, string prefix, int unique)
    {
        var last = (-1L, -1L);
        var unchanged = 0;
        for (var i = 0; i < 120 && unchanged < 10; i++)
        {
            var now = await CountAsync(provider, connectionString, prefix);
            if (now.Item2 >= unique)
            {
                // Every trigger is in; one more second lets a late duplicate show itself.
                await Task.Delay(1000);
                return await CountAsync(provider, connectionString, prefix);
            }

            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            await Task.Delay(1000);
        }

        return last;
    }

    private static async Task<(long, long)> CountAsync(string provider, string connectionString, string prefix)
    {
        await using DbConnection connection = provider == "PostgreSql" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT workspace_id || ':' || client_request_id) FROM commitments WHERE client_request_id LIKE @prefix";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@prefix";
        parameter.Value = prefix + "%";
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    private static async Task<string> CreateDatabaseAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }



    /// <summary>The Release build of src/CommitmentBot, found from this assembly's folder up to the repository root.</summary>
    internal static string DefaultAppDll()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CommitmentBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder is null
            ? "CommitmentBot.dll"
            : Path.Combine(folder.FullName, "src", "CommitmentBot", "bin", "Release", "net10.0", "CommitmentBot.dll");
    }

    private sealed record Options(string Provider, string? Connection, double Rate, double Seconds, double WarmupSeconds, string? AppDll)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options("Sqlite", null, 200, 60, 10, null);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                options = args[i] switch
                {
                    "--provider" => options with { Provider = value.Equals("postgresql", StringComparison.OrdinalIgnoreCase) || value.Equals("postgres", StringComparison.OrdinalIgnoreCase) ? "PostgreSql" : "Sqlite" },
                    "--connection" => options with { Connection = value },
                    "--rate" => options with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--warmup-seconds" => options with { WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                    "--app" => options with { AppDll = value },
                    _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --provider Sqlite|PostgreSql, --connection, --rate, --seconds, --warmup-seconds, --app."),
                };
            }

            return options;
        }
    }
}
