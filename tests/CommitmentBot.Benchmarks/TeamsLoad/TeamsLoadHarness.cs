using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.TestSupport.BotFramework;
using Npgsql;

namespace CommitmentBot.Benchmarks.TeamsLoad;

/// <summary>
/// <c>teams-load</c>: runs the real app (the Release build of CommitmentBot.dll beside this program) on
/// Kestrel as its own process, with Teams configured against <see cref="FakeBotFramework"/>, and sends it
/// signed message activities open-loop: one every 1/rate seconds whatever the answers do, some of them
/// retries of an activity sent a second earlier (same id). Latency is measured from each request's
/// scheduled instant to its answer, so a stall in the app is never hidden by the generator waiting.
/// Afterwards it checks that every distinct activity got exactly one reply at the connector.
/// </summary>
internal static class TeamsLoadHarness
{
    private const string Usage = """
        usage: teams-load [--rate 200] [--seconds 60] [--warmup 10] [--retry-every 20]
                          [--provider Sqlite|PostgreSql] [--connection <PostgreSQL connection string>]
                          [--app <path to CommitmentBot.dll>] [--app-log-level Warning] [--app-env NAME=VALUE]...
          PostgreSql uses --connection or $COMMITMENTBOT_TEST_POSTGRES (eval "$(scripts/postgres.sh start)")
          and runs in a fresh database that is dropped afterwards.
        """;

    private static readonly string[] Tenants = ["tenant-load-a", "tenant-load-b", "tenant-load-c"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        LoadSettings settings;
        try
        {
            settings = LoadSettings.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message + "\n" + Usage);
            return 2;
        }

        await using var microsoft = await FakeBotFramework.StartAsync();
        microsoft.RecordCalls = false;
        var dataPath = Directory.CreateTempSubdirectory("commitmentbot-load-").FullName;
        string? dropDatabase = null;
        string connection = $"Data Source={Path.Combine(dataPath, "commitmentbot.db")}";
        if (settings.Provider == "PostgreSql")
        {
            (connection, dropDatabase) = await CreateDatabaseAsync(settings.Connection!);
        }

        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var app = StartApp(settings, microsoft, baseUrl, connection, dataPath, out var appLog);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 2048,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
            })
            { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            await WaitHealthyAsync(http, app, appLog);

            // Channel tokens are reused for many activities; a pool of distinct ones still makes every
            // request pay a full signature check (the validator caches keys, not tokens).
            var now = DateTimeOffset.UtcNow;
            var tokens = Enumerable.Range(0, 512).Select(i => "Bearer " + BotTokens.Issue(microsoft.Key, now, microsoft.ServiceUrl, serial: i)).ToArray();

            Console.WriteLine($"teams-load: app pid {app.Id} at {baseUrl}, storage {settings.Provider}, {settings.Rate}/s for {settings.Seconds} s (warm-up {settings.WarmupSeconds} s), every {settings.RetryEvery}th a retry");
            await RunPhaseAsync(http, microsoft, tokens, settings, settings.WarmupSeconds, "warm", measure: false);
            var cpuBefore = ProcessCpu(app);
            var serverBefore = await ServerHistogramAsync(http);
            var result = await RunPhaseAsync(http, microsoft, tokens, settings, settings.Seconds, "run", measure: true);
            var cpuAfter = ProcessCpu(app);
            var serverAfter = await ServerHistogramAsync(http);
            if (result is not null && serverBefore is { } b && serverAfter is { } a)
            {
                result.Server = (a.Within50Ms - b.Within50Ms, a.Count - b.Count);
            }

            // Replies come from background workers: give the queue time to drain before counting.
            var drained = await DrainAsync(microsoft, result);
            Report(result!, microsoft, settings, cpuAfter - cpuBefore, drained);
            return result!.Errors.IsEmpty && result.Missing(microsoft) == 0 && result.Duplicated(microsoft) == 0 ? 0 : 1;
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }

            appLog.Dispose();
            if (dropDatabase is not null)
            {
                await DropDatabaseAsync(settings.Connection!, dropDatabase);
            }

            Console.WriteLine($"teams-load: app log kept at {Path.Combine(dataPath, "app.log")}");
        }
    }

    private static async Task<PhaseResult?> RunPhaseAsync(HttpClient http, FakeBotFramework microsoft, string[] tokens, LoadSettings settings, int seconds, string prefix, bool measure)
    {
        var total = settings.Rate * seconds;
        if (total == 0)
        {
            return null;
        }

        var result = new PhaseResult(total);
        var interval = TimeSpan.FromSeconds(1.0 / settings.Rate);
        var bodies = new string[total];
        var ids = new string[total];
        var retries = 0;
        for (var i = 0; i < total; i++)
        {
            // A retry repeats the activity sent one second earlier, byte for byte (Teams resends the same activity).
            if (settings.RetryEvery > 1 && i % settings.RetryEvery == settings.RetryEvery - 1 && i > settings.Rate
                && (i - settings.Rate - 1) % settings.RetryEvery != settings.RetryEvery - 1)
            {
                var original = i - settings.Rate - 1;
                bodies[i] = bodies[original];
                ids[i] = ids[original];
                retries++;
                continue;
            }

            ids[i] = $"{prefix}-{i}";
            bodies[i] = Activity(microsoft.ServiceUrl, ids[i], i).ToJsonString();
            result.Distinct.Add(ids[i]);
        }

        result.Retries = retries;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        var next = 0;
        while (next < total)
        {
            var due = interval * next;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                continue;
            }

            // Send everything whose slot has come; being late is measured, not skipped.
            while (next < total && interval * next <= clock.Elapsed)
            {
                var slot = next++;
                result.MaxSendLag = Max(result.MaxSendLag, clock.Elapsed - (interval * slot));
                inFlight.Add(SendAsync(http, bodies[slot], tokens[slot % tokens.Length], clock, interval * slot, result, slot, measure));
            }
        }

        await Task.WhenAll(inFlight);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static async Task SendAsync(HttpClient http, string body, string token, Stopwatch clock, TimeSpan scheduled, PhaseResult result, int slot, bool measure)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", token);
            var sentAt = clock.Elapsed;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var answeredAt = clock.Elapsed;
            if (measure)
            {
                result.LatenciesMs[slot] = (answeredAt - scheduled).TotalMilliseconds;
                result.ServiceMs[slot] = (answeredAt - sentAt).TotalMilliseconds;
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                result.Errors.Enqueue($"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            result.Errors.Enqueue(ex.GetType().Name + ": " + ex.Message);
            result.LatenciesMs[slot] = double.NaN;
            result.ServiceMs[slot] = double.NaN;
        }
    }

    private static JsonObject Activity(string serviceUrl, string id, int i)
    {
        var user = i % 300;
        var tenant = Tenants[user % Tenants.Length];
        var objectId = $"aad-load-{user}";

        // A mix of what reps type: new promises (a database write), lists (reads) and help.
        var text = (i % 5) switch
        {
            0 or 1 => $"send quote {i} for Customer{i % 50} by Friday 3pm",
            2 or 3 => "list",
            _ => "help",
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + objectId, ["name"] = $"Rep {user}", ["aadObjectId"] = objectId },
            ["recipient"] = new JsonObject { ["id"] = BotTokens.BotId, ["name"] = "CommitmentBot" },
            ["conversation"] = new JsonObject { ["id"] = "a:chat-" + objectId, ["conversationType"] = "personal", ["tenantId"] = tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
            ["text"] = text,
            ["textFormat"] = "plain",
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["timezone"] = "America/Los_Angeles" }),
        };
    }

    private static async Task<bool> DrainAsync(FakeBotFramework microsoft, PhaseResult? result)
    {
        if (result is null)
        {
            return true;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (result.Missing(microsoft) == 0)
            {
                result.DrainTime = deadline.Elapsed;
                return true;
            }

            await Task.Delay(100);
        }

        result.DrainTime = deadline.Elapsed;
        return false;
    }

    private static void Report(PhaseResult result, FakeBotFramework microsoft, LoadSettings settings, TimeSpan appCpu, bool drained)
    {
        var latencies = result.LatenciesMs.Where(l => !double.IsNaN(l)).Order().ToArray();
        var service = result.ServiceMs.Where(l => !double.IsNaN(l)).Order().ToArray();
        string Pick(double[] sorted, double q) => sorted.Length == 0 ? "-" : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)].ToString("0.00", CultureInfo.InvariantCulture);
        string P(double q) => Pick(latencies, q);
        string S(double q) => Pick(service, q);
        var sent = result.LatenciesMs.Length;
        var errors = result.Errors.GroupBy(e => e).Select(g => $"{g.Count()} × {g.Key}").ToList();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"== Teams load: {settings.Provider}, target {settings.Rate} req/s for {settings.Seconds} s ==");
        Console.WriteLine(string.Create(inv, $"requests        {sent} in {result.Elapsed.TotalSeconds:0.0} s = {sent / result.Elapsed.TotalSeconds:0.0} req/s ({result.Distinct.Count} distinct activities, {result.Retries} retries of one sent 1 s earlier)"));
        Console.WriteLine($"latency ms      p50 {P(0.50)}  p95 {P(0.95)}  p99 {P(0.99)}  max {P(1.0)}   (scheduled send → 202 received)");
        Console.WriteLine($"  on the wire   p50 {S(0.50)}  p95 {S(0.95)}  p99 {S(0.99)}  max {S(1.0)}   (request sent → 202 received; leaves out the generator's own lateness)");
        if (result.Server is { } server && server.Count > 0)
        {
            Console.WriteLine(string.Create(inv, $"  in the app    {100.0 * server.Within50Ms / server.Count:0.00}% of {server.Count} requests took ≤ 50 ms (the app's own http.server.request.duration histogram)"));
        }

        Console.WriteLine(string.Create(inv, $"generator lag   max {result.MaxSendLag.TotalMilliseconds:0.0} ms behind schedule; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine($"errors          {(errors.Count == 0 ? "0" : string.Join(", ", errors))}");
        Console.WriteLine(string.Create(inv, $"replies         missing {result.Missing(microsoft)}, duplicated {result.Duplicated(microsoft)} (activities answered more than once); queue drained {(drained ? "in" : "NOT within")} {result.DrainTime.TotalSeconds:0.0} s after the last request"));
        Console.WriteLine(string.Create(inv, $"app cpu         {appCpu.TotalSeconds:0.0} s over the run = {appCpu.TotalSeconds / result.Elapsed.TotalSeconds * 100:0}% of one core ({Environment.ProcessorCount} cores here)"));
        Console.WriteLine($"outbound        {microsoft.ConnectorCalls} connector calls, {microsoft.TokenRequests} token request(s)");
        Console.WriteLine(P(0.99) != "-" && double.Parse(P(0.99), inv) <= 50 ? "target p99 ≤ 50 ms: met" : "target p99 ≤ 50 ms: MISSED");
    }

    private static Process StartApp(LoadSettings settings, FakeBotFramework microsoft, string baseUrl, string connection, string dataPath, out StreamWriter log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(settings.AppPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(settings.AppPath);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = baseUrl;
        env["App__DataPath"] = dataPath;
        env["Storage__Provider"] = settings.Provider;
        env["ConnectionStrings__CommitmentBot"] = connection;
        env["Teams__AppId"] = BotTokens.AppId;
        env["Teams__AppPassword"] = "load-secret";
        env["Teams__TenantId"] = Tenants[0];
        env["Teams__OpenIdMetadataUrl"] = microsoft.OpenIdMetadataUrl;
        env["Teams__TokenUrl"] = microsoft.TokenUrl;
        env["Teams__TrustedServiceUrls__0"] = microsoft.ServiceUrl;
        if (settings.AppLogLevel is { } level)
        {
            env["Logging__LogLevel__Default"] = level;
        }

        foreach (var (name, value) in settings.AppEnvironment)
        {
            env[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var writer = new StreamWriter(Path.Combine(dataPath, "app.log")) { AutoFlush = true };
        var gate = new object();
        void Copy(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    writer.WriteLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Copy;
        process.ErrorDataReceived += Copy;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = writer;
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process app, StreamWriter log)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {app.ExitCode} while starting; see {((FileStream)log.BaseStream).Name}.");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The app did not become healthy within 60 s.");
    }

    // The app's OpenTelemetry histogram for POST /api/messages, from /metrics: requests at or under 50 ms, and all.
    private static async Task<(long Within50Ms, long Count)?> ServerHistogramAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync("/metrics");
            long within = 0, count = 0;
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal)
                    || !line.Contains("http_route=\"/api/messages\"", StringComparison.Ordinal))
                {
                    continue;
                }

                var value = long.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture);
                if (line.Contains("le=\"0.05\"", StringComparison.Ordinal))
                {
                    within += value;
                }
                else if (line.Contains("le=\"+Inf\"", StringComparison.Ordinal))
                {
                    count += value;
                }
            }

            return (within, count);
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException)
        {
            return null;
        }
    }

    private static TimeSpan ProcessCpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(string Connection, string Database)> CreateDatabaseAsync(string adminConnection)
    {
        var database = "commitmentbot_load_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database, MaxPoolSize = 100 };
        return (builder.ConnectionString, database);
    }

    private static async Task DropDatabaseAsync(string adminConnection, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(adminConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class PhaseResult(int total)
    {
        public double[] LatenciesMs { get; } = new double[total];

        public double[] ServiceMs { get; } = new double[total];

        public (long Within50Ms, long Count)? Server { get; set; }

        public HashSet<string> Distinct { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Errors { get; } = new();

        public int Retries { get; set; }

        public TimeSpan Elapsed { get; set; }

        public TimeSpan MaxSendLag { get; set; }

        public TimeSpan DrainTime { get; set; }

        public int Missing(FakeBotFramework microsoft) => Distinct.Count(id => !microsoft.RepliesByActivity.ContainsKey(id));

        public int Duplicated(FakeBotFramework microsoft) => Distinct.Count(id => microsoft.RepliesByActivity.TryGetValue(id, out var n) && n > 1);
    }

    private sealed record LoadSettings(int Rate, int Seconds, int WarmupSeconds, int RetryEvery, string Provider, string? Connection, string AppPath, string? AppLogLevel, IReadOnlyList<(string Name, string Value)> AppEnvironment)
    {
        public static LoadSettings Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var environment = new List<(string, string)>();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"teams-load: cannot read '{args[i]}'.");
                }

                if (args[i] == "--app-env")
                {
                    var pair = args[++i];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    environment.Add(equals > 0 ? (pair[..equals], pair[(equals + 1)..]) : throw new ArgumentException($"teams-load: --app-env takes NAME=VALUE, not '{pair}'."));
                    continue;
                }

                values[args[i][2..]] = args[++i];
            }

            int Number(string name, int fallback, int min, int max)
            {
                if (!values.TryGetValue(name, out var text))
                {
                    return fallback;
                }

                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"teams-load: --{name} must be a whole number from {min} to {max}.");
            }

            var provider = values.GetValueOrDefault("provider", "Sqlite");
            if (provider is not ("Sqlite" or "PostgreSql"))
            {
                throw new ArgumentException("teams-load: --provider is Sqlite or PostgreSql.");
            }

            var connection = values.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("COMMITMENTBOT_TEST_POSTGRES");
            if (provider == "PostgreSql" && string.IsNullOrWhiteSpace(connection))
            {
                throw new ArgumentException("teams-load: PostgreSql needs --connection or COMMITMENTBOT_TEST_POSTGRES.");
            }

            var app = values.GetValueOrDefault("app") ?? Path.Combine(AppContext.BaseDirectory, "CommitmentBot.dll");
            if (!File.Exists(app))
            {
                throw new ArgumentException($"teams-load: {app} not found; build the benchmarks project (it copies the app beside itself) or pass --app.");
            }

            return new LoadSettings(
                Number("rate", 200, 1, 5000),
                Number("seconds", 60, 1, 3600),
                Number("warmup", 10, 0, 600),
                Number("retry-every", 20, 0, 1000),
                provider,
                connection,
                app,
                values.GetValueOrDefault("app-log-level"),
                environment);
        }
    }
}
