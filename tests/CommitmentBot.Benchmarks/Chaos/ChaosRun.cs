using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CommitmentBot.Benchmarks.SlackLoad;
using CommitmentBot.TestSupport.Slack;
using Dapper;
using Npgsql;

namespace CommitmentBot.Benchmarks.Chaos;

/// <summary>
/// The chaos soak (issue 12): two instances of the real app on one PostgreSQL database, Slack configured against a
/// local fake that keeps every message with its metadata, people working round the clock so nothing waits for
/// working hours, a ladder measured in seconds, and promises made continuously through signed slash commands. Every
/// few seconds one instance is SIGKILLed at a random moment and started again. When the kills are done the run waits
/// for every ladder to finish and then counts, per ladder step of every promise, the copies Slack received.
/// </summary>
public static class ChaosRun
{
    public const string SigningSecret = "chaos-signing-secret-0123456789abcdef";
    public const string Team = "T0CHAOS";
    public const string EscalationChannel = "C0ESCALATE";
    private const string Admin = "U0ADMIN";

    public static async Task<ChaosReport> RunAsync(ChaosSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var work = Path.Combine(settings.WorkFolder, runId);
        Directory.CreateDirectory(work);
        var database = "chaos_" + runId;
        var connectionString = await CreateDatabaseAsync(settings.ServerConnection, database);
        var progress = settings.Progress ?? TextWriter.Null;
        await progress.WriteLineAsync($"chaos: {settings}; database {database}; logs in {work}");
        try
        {
            await using var slack = await FakeSlack.StartAsync();
            slack.HistoryReadable = settings.LookupSupported;
            slack.PostLatency = settings.PostLatency;
            var reps = Enumerable.Range(1, settings.Reps).Select(i => "U0REP" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            var managers = Enumerable.Range(1, settings.Managers).Select(i => "U0MGR" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            var managerOf = reps.Select((rep, i) => (rep, managers[i % managers.Count])).ToDictionary(p => p.rep, p => p.Item2, StringComparer.Ordinal);

            await using var fleet = new ChaosFleet(settings.AppDll, life => AppSettings(settings, life, slack.Url, connectionString, work), work);
            var clock = Stopwatch.StartNew();
            await fleet.StartAsync();
            await progress.WriteLineAsync($"chaos: both instances up after {clock.Elapsed.TotalSeconds:0.0} s");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var commands = new CommandSender(http, fleet, random, slack);
            await SetUpAsync(commands, settings.Ladder, reps, managers, managerOf);

            // Kills and promises run side by side until the kills are done.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var making = MakePromisesAsync(commands, reps, settings, stop.Token);
            while (fleet.Kills < settings.Kills)
            {
                var gap = settings.MinGap + ((settings.MaxGap - settings.MinGap) * random.NextDouble());
                await Task.Delay(gap, cancellationToken);
                var killed = await fleet.KillOneAsync(random);
                await progress.WriteLineAsync($"chaos: kill {fleet.Kills} of {killed.Name} at {clock.Elapsed.TotalSeconds:0.0} s; {commands.Made} promises so far");
            }

            await stop.CancelAsync();
            await making;
            await progress.WriteLineAsync($"chaos: {fleet.Kills} kills in {clock.Elapsed.TotalSeconds:0} s, {commands.Made} promises; waiting for the ladders to finish");
            var settled = await DrainAsync(connectionString, settings.Drain, cancellationToken);
            await progress.WriteLineAsync($"chaos: {(settled ? "every ladder finished" : "gave up waiting")} at {clock.Elapsed.TotalSeconds:0} s");

            // A last look a moment later, so a duplicate still on its way is counted too.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var report = await ChaosLedger.ReadAsync(connectionString, slack.Messages, fleet.Lives, fleet.Kills, managerOf, EscalationChannel, commands.Problems, commands.Repeated);
            return report;
        }
        finally
        {
            if (!settings.KeepDatabase)
            {
                await DropDatabaseAsync(settings.ServerConnection, database);
            }
        }
    }

    /// <summary>The whole fleet's configuration: one database, Slack against the fake, a fast clock and a bot token per life.</summary>
    private static Dictionary<string, string> AppSettings(ChaosSettings settings, InstanceLife life, string slackUrl, string connectionString, string work) => new()
    {
        ["Slack:SigningSecret"] = SigningSecret,
        ["Slack:BotToken"] = life.Token,
        ["Slack:TeamId"] = Team, // single-workspace mode serves only this team (issue 9.6)
        ["Slack:ApiBaseUrl"] = slackUrl + "/api/",
        ["Storage:Provider"] = "PostgreSql",
        ["ConnectionStrings:CommitmentBot"] = connectionString,
        ["App:DataPath"] = Path.Combine(work, "data-" + life.Slot),
        ["Clock:SweepInterval"] = settings.SweepInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Clock:DeliveryLease"] = settings.DeliveryLease.ToString("c", CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:CommitmentBot"] = "Information",
    };

    /// <summary>
    /// The workspace as an admin would set it up: a ladder in seconds (fractions of a minute), the escalation channel,
    /// every rep's manager, and round-the-clock working hours for everyone.
    /// </summary>
    private static async Task SetUpAsync(CommandSender commands, IReadOnlyList<string> ladder, IReadOnlyList<string> reps, IReadOnlyList<string> managers, IReadOnlyDictionary<string, string> managerOf)
    {
        foreach (var policy in ladder)
        {
            await commands.RequireAsync(Admin, "D0ADMIN", "admin policy " + policy, "Policy updated");
        }

        await commands.RequireAsync(Admin, EscalationChannel, "admin channel", "Escalations will be posted");
        foreach (var rep in reps)
        {
            await commands.RequireAsync(Admin, "D0ADMIN", $"admin manager <@{rep}> <@{managerOf[rep]}>", "manager");
        }

        foreach (var person in reps.Concat(managers).Append(Admin))
        {
            await commands.RequireAsync(person, "D" + person, "settings hours Mon-Sun 0-24", "");
        }
    }

    private static async Task MakePromisesAsync(CommandSender commands, IReadOnlyList<string> reps, ChaosSettings settings, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            n++;
            var rep = reps[n % reps.Count];
            await commands.CreateAsync(rep, $"chaos task {n} for Customer {n % 7} {settings.DueIn}");
            try
            {
                await Task.Delay(settings.PromiseEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Waits until no ladder has a step to come and nothing is left to send; false when <paramref name="limit"/> ran out.</summary>
    private static async Task<bool> DrainAsync(string connectionString, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        await using var connection = new NpgsqlConnection(connectionString);
        while (DateTime.UtcNow < deadline)
        {
            var open = await connection.ExecuteScalarAsync<long>(
                "SELECT (SELECT COUNT(*) FROM commitments WHERE next_step IS NOT NULL)"
                + " + (SELECT COUNT(*) FROM notifications WHERE status IN ('pending', 'bundled'))"
                + " + (SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'sending'))");
            if (open == 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        return false;
    }

    private static async Task<string> CreateDatabaseAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"CREATE DATABASE \"{database}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    /// <summary>Signed slash commands to whichever instance is up; a command cut off by a kill is repeated (same trigger id) on the other.</summary>
    private sealed class CommandSender(HttpClient http, ChaosFleet fleet, Random random, FakeSlack slack)
    {
        private const string Repeat = "(empty: a repeat of a command already handled)";
        private readonly List<string> problems = [];
        private readonly List<string> repeated = [];
        private int triggers;

        public int Made { get; private set; }

        public IReadOnlyList<string> Problems => problems;

        /// <summary>Trigger ids whose retry (after the first attempt's instance died) was answered as a repeat.</summary>
        public IReadOnlyList<string> Repeated => repeated;

        /// <summary>Runs a set-up command and insists on a reply containing <paramref name="expected"/>.</summary>
        public async Task RequireAsync(string user, string channel, string text, string expected)
        {
            var reply = await SendAsync(user, channel, text, NextTrigger());
            if (reply is null || !reply.Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Set-up command '{text}' by {user} answered: {reply ?? "(nothing)"}");
            }
        }

        public async Task CreateAsync(string rep, string text)
        {
            var trigger = NextTrigger();
            var reply = await SendAsync(rep, "D" + rep, text, trigger);
            if (reply == Repeat)
            {
                // The first attempt's instance died after its command committed (key and promise together): the ledger
                // checks the promise is there.
                repeated.Add(trigger);
                Made++;
            }
            else if (reply is not null && (reply.Contains("P-", StringComparison.Ordinal) || reply.Contains("Working on it", StringComparison.Ordinal)))
            {
                // Answered, or answered through response_url.
                Made++;
            }
            else
            {
                problems.Add($"'{text}' by {rep} answered: {reply ?? "(nothing after 3 tries)"}");
            }
        }

        private string NextTrigger() => "chaos-" + Interlocked.Increment(ref triggers).ToString(CultureInfo.InvariantCulture);

        private async Task<string?> SendAsync(string user, string channel, string text, string trigger)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var url = fleet.AnyUrl(random);
                if (url is null)
                {
                    await Task.Delay(500);
                    continue;
                }

                var fields = new Dictionary<string, string>
                {
                    ["team_id"] = Team,
                    ["channel_id"] = channel,
                    ["user_id"] = user,
                    ["user_name"] = user.ToLowerInvariant(),
                    ["command"] = "/promise",
                    ["text"] = text,
                    ["response_url"] = slack.ResponseUrl(trigger),
                    ["trigger_id"] = trigger,
                };
                try
                {
                    using var request = SignedSlackRequest.Create(url + "/slack/commands", SigningSecret, fields);
                    if (attempt > 0)
                    {
                        request.Headers.Add("X-Slack-Retry-Num", attempt.ToString(CultureInfo.InvariantCulture));
                    }

                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        var answer = body.Length == 0 ? Repeat : (JsonNode.Parse(body)?["text"]?.GetValue<string>() ?? body);
                        return answer.Contains("Working on it", StringComparison.Ordinal) ? await LateReplyAsync(trigger) ?? answer : answer;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The instance died under the request: try the other one with the same trigger id.
                }

                await Task.Delay(300);
            }

            return null;
        }

        /// <summary>A reply that missed Slack's 3 s comes through response_url: wait a while for it.</summary>
        private async Task<string?> LateReplyAsync(string trigger)
        {
            for (var i = 0; i < 60; i++)
            {
                if (slack.HookPostsTo(trigger) is [var first, ..])
                {
                    return JsonNode.Parse(first.Body)?["text"]?.GetValue<string>() ?? first.Body;
                }

                await Task.Delay(250);
            }

            return null;
        }
    }
}
