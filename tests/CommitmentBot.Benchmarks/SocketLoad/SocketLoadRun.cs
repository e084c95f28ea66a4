using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CommitmentBot.Benchmarks.SlackLoad;
using CommitmentBot.TestSupport.Slack;
using Microsoft.Data.Sqlite;

namespace CommitmentBot.Benchmarks.SocketLoad;

/// <summary>One envelope sent (a redelivery repeats an earlier envelope id, as Slack does when an ack is late).</summary>
public sealed record Envelope(int Index, string EnvelopeId, bool IsCommand, string Key, bool IsRedelivery, byte[] Frame)
{
    public double ScheduledMs { get; set; }

    public double SentMs { get; set; } = double.NaN;

    public double AckMs { get; set; } = double.NaN;

    public bool AckHasPayload { get; set; }
}

/// <summary>
/// The Socket Mode load figure (issue 15): the Release build of the app with <c>Slack:AppToken</c> set, a local fake
/// Web API whose <c>apps.connections.open</c> points at a loopback WebSocket server, and envelopes sent open-loop at a
/// fixed rate: three in four <c>slash_commands</c> (<c>/promise</c> creating a promise, answered in the ack's payload),
/// one in four <c>events_api</c> (<c>app_home_opened</c>, publishing the Home tab), and every 20th a redelivery of an
/// envelope sent 15 ms before. Reports the time from an envelope's send to its ack (p50/p95/p99/max), lost acks, and
/// envelopes handled twice (promises stored per trigger id, Home tab publishes per event id).
/// <code>
/// dotnet run -c Release --project tests/CommitmentBot.Benchmarks -- socket-load [--rate 200] [--seconds 60]
///     [--warmup-seconds 10] [--app path/CommitmentBot.dll]
/// </code>
/// </summary>
public static class SocketLoadRun
{
    private const double TargetP99Ms = 50;
    private const int RedeliverEvery = 20;
    private const int Teams = 4;
    private const string EventUserPrefix = "UE";

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = double.Parse(Harnesses.Option(args, "rate", "200"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Harnesses.Option(args, "seconds", "60"), CultureInfo.InvariantCulture);
        var warmupSeconds = double.Parse(Harnesses.Option(args, "warmup-seconds", "10"), CultureInfo.InvariantCulture);
        var appDll = Harnesses.Option(args, "app", SlackLoadRun.DefaultAppDll());
        if (!File.Exists(appDll))
        {
            await Console.Error.WriteLineAsync($"The app is not built at {appDll}: run this with -c Release (or pass --app).");
            return 1;
        }

        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var work = Path.Combine(Path.GetTempPath(), "commitmentbot-socket-load", runId);
        Directory.CreateDirectory(work);
        var connectionString = "Data Source=" + Path.Combine(work, "commitmentbot.db");
        var clock = Stopwatch.StartNew();

        await using var server = await LoopbackSocketServer.StartAsync(clock);
        await using var slack = await FakeSlack.StartAsync();
        // Calls are kept so each Home tab publish can be tied to the event user it was for (a promise also refreshes its owner's tab).
        slack.RecordCalls = true;
        slack.SocketUrl = () => server.Url;
        var settings = new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = "socket-load-signing-secret-0123456789",
            ["Slack:BotToken"] = "xoxb-socket-load",
            ["Slack:AppToken"] = "xapp-1-A0LOAD-socket-load",
            ["Slack:ClientId"] = "111.load",
            ["Slack:ClientSecret"] = "load-client-secret",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:CommitmentBot"] = connectionString,
            ["App:DataPath"] = work,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        await using var app = await AppProcess.StartAsync(appDll, settings, Path.Combine(work, "app.log"));
        var link = await server.NextLinkAsync(TimeSpan.FromSeconds(60));
        await link.HelloAsync();
        Console.WriteLine($"App {app.Url} (pid {app.ProcessId}) connected to {server.Url}; fake Slack {slack.Url}; log {Path.Combine(work, "app.log")}");

        if (warmupSeconds > 0)
        {
            var warmRate = Math.Max(10, rate / 4);
            var warm = Plan((int)(warmRate * warmupSeconds), "warm-" + runId + "-", "UW");
            await SendAsync(link, warm, warmRate, clock);
            await SettleAcksAsync(link, warm);
            var warmLatencies = warm.Where(e => !double.IsNaN(e.AckMs)).Select(e => e.AckMs - e.SentMs).ToList();
            Console.WriteLine($"Warm-up: {warm.Count} envelopes at {warmRate:0}/s, ack p99 {Percentile(warmLatencies, 0.99):0.0} ms, lost {warm.Count - warmLatencies.Count}");
        }

        var loadBefore = Harnesses.LoadAverage();
        var prefix = "sock-" + runId + "-";
        var envelopes = Plan((int)(rate * seconds), prefix, EventUserPrefix);
        var cpuBefore = Harnesses.AppCpu(app.ProcessId);
        var started = clock.Elapsed;
        await SendAsync(link, envelopes, rate, clock);
        var elapsed = clock.Elapsed - started;
        var appCpu = Harnesses.AppCpu(app.ProcessId) - cpuBefore;
        await SettleAcksAsync(link, envelopes);

        var uniqueCommands = envelopes.Where(e => e.IsCommand && !e.IsRedelivery).Select(e => e.Key).Distinct(StringComparer.Ordinal).Count();
        var uniqueEvents = envelopes.Where(e => !e.IsCommand && !e.IsRedelivery).Select(e => e.Key).Distinct(StringComparer.Ordinal).Count();
        var (stored, distinct) = await SettledCountAsync(connectionString, prefix, uniqueCommands);
        var (publishedUsers, publishesTwice) = await SettledPublishesAsync(slack, uniqueEvents);
        await link.CloseAsync();
        return Report(rate, seconds, envelopes, elapsed, uniqueCommands, stored, distinct, uniqueEvents, publishedUsers, publishesTwice, link, server.Opened, appCpu, loadBefore, Harnesses.LoadAverage());
    }

    /// <summary>Plans <paramref name="count"/> envelopes with their frames built up front, so sending costs only the socket write.</summary>
    public static IReadOnlyList<Envelope> Plan(int count, string prefix, string eventUserPrefix)
    {
        var list = new List<Envelope>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % RedeliverEvery == RedeliverEvery - 1 && i >= 3)
            {
                var original = list[i - 3];
                var again = JsonNode.Parse(original.Frame)!.AsObject();
                again["retry_attempt"] = 1;
                again["retry_reason"] = "timeout";
                list.Add(original with { Index = i, IsRedelivery = true, Frame = Encoding.UTF8.GetBytes(again.ToJsonString()) });
                continue;
            }

            var id = prefix + i.ToString(CultureInfo.InvariantCulture);
            var team = "T" + (1 + (i % Teams)).ToString(CultureInfo.InvariantCulture);
            var user = "U" + ((i / Teams) % 50).ToString("D4", CultureInfo.InvariantCulture);
            var isCommand = i % 4 != 3;

            // Each event comes from a user of its own who sends no commands, so its Home tab publishes are its alone.
            var eventUser = eventUserPrefix + i.ToString("D6", CultureInfo.InvariantCulture);
            JsonObject payload = isCommand
                ? new JsonObject
                {
                    ["token"] = "unused",
                    ["team_id"] = team,
                    ["team_domain"] = team.ToLowerInvariant(),
                    ["channel_id"] = "C0LOAD",
                    ["channel_name"] = "sales",
                    ["user_id"] = user,
                    ["user_name"] = "rep" + user,
                    ["command"] = "/promise",
                    ["text"] = $"send revised quote {id} for Acme {i % 97} by Friday 3pm",
                    ["api_app_id"] = "A0LOAD",
                    ["response_url"] = "http://127.0.0.1:9/hooks/" + id,
                    ["trigger_id"] = id,
                }
                : new JsonObject
                {
                    ["type"] = "event_callback",
                    ["team_id"] = team,
                    ["api_app_id"] = "A0LOAD",
                    ["event_id"] = "Ev" + id,
                    ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = eventUser, ["channel"] = "D" + eventUser, ["tab"] = "home" },
                };
            var frame = new JsonObject
            {
                ["envelope_id"] = "env-" + id,
                ["type"] = isCommand ? "slash_commands" : "events_api",
                ["payload"] = payload,
                ["accepts_response_payload"] = isCommand,
                ["retry_attempt"] = 0,
                ["retry_reason"] = "",
            };
            list.Add(new Envelope(i, "env-" + id, isCommand, isCommand ? id : "Ev" + id, false, Encoding.UTF8.GetBytes(frame.ToJsonString())));
        }

        return list;
    }

    /// <summary>Open loop: each envelope leaves at its slot whether or not earlier ones were acknowledged.</summary>
    private static async Task SendAsync(LoopbackSocketServer.Link link, IReadOnlyList<Envelope> envelopes, double rate, Stopwatch clock)
    {
        var start = clock.Elapsed.TotalMilliseconds;
        var interval = 1000.0 / rate;
        for (var n = 0; n < envelopes.Count; n++)
        {
            var envelope = envelopes[n];
            var dueMs = start + (n * interval);
            var wait = dueMs - clock.Elapsed.TotalMilliseconds;
            if (wait > 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait - 1));
            }

            while (clock.Elapsed.TotalMilliseconds < dueMs)
            {
                Thread.SpinWait(50);
            }

            envelope.ScheduledMs = dueMs;
            envelope.SentMs = await link.SendAsync(envelope.Frame);
        }
    }

    /// <summary>Waits (at most 15 s) for as many acks as envelopes sent, then pairs each send with the next ack of its id.</summary>
    private static async Task SettleAcksAsync(LoopbackSocketServer.Link link, IReadOnlyList<Envelope> envelopes)
    {
        var ids = envelopes.Select(e => e.EnvelopeId).ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && link.Acks.Count(a => ids.Contains(a.EnvelopeId)) < envelopes.Count)
        {
            await Task.Delay(250);
        }

        var acks = link.Acks.Where(a => ids.Contains(a.EnvelopeId)).GroupBy(a => a.EnvelopeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<(string EnvelopeId, double AtMs, bool HasPayload)>(g.OrderBy(a => a.AtMs)), StringComparer.Ordinal);
        foreach (var envelope in envelopes.OrderBy(e => e.SentMs))
        {
            if (acks.TryGetValue(envelope.EnvelopeId, out var queue) && queue.TryDequeue(out var ack))
            {
                envelope.AckMs = ack.AtMs;
                envelope.AckHasPayload = ack.HasPayload;
            }
        }
    }

    private static int Report(
        double rate,
        double seconds,
        IReadOnlyList<Envelope> envelopes,
        TimeSpan elapsed,
        int uniqueCommands,
        long stored,
        long distinct,
        int uniqueEvents,
        int publishedUsers,
        int publishesTwice,
        LoopbackSocketServer.Link link,
        int sockets,
        TimeSpan appCpu,
        string loadBefore,
        string loadAfter)
    {
        var acked = envelopes.Where(e => !double.IsNaN(e.AckMs)).ToList();
        var fromSend = acked.Select(e => e.AckMs - e.SentMs).ToList();
        var fromSchedule = acked.Select(e => e.AckMs - e.ScheduledMs).ToList();
        var lost = envelopes.Count - acked.Count;
        var commandsWithoutReply = acked.Count(e => e.IsCommand && !e.AckHasPayload);
        var commandsTwice = stored - distinct;
        var commandsMissing = uniqueCommands - distinct;
        var eventsTwice = publishesTwice;
        var eventsMissing = uniqueEvents - publishedUsers;
        var p99 = Percentile(fromSend, 0.99);
        var pass = p99 <= TargetP99Ms && lost == 0 && commandsTwice == 0 && eventsTwice == 0 && commandsMissing == 0 && eventsMissing == 0;

        Console.WriteLine();
        Console.WriteLine($"Slack Socket Mode load — {rate:0} envelopes/s open loop for {seconds:0} s ({envelopes.Count} envelopes: {envelopes.Count(e => e.IsCommand)} slash_commands, {envelopes.Count(e => !e.IsCommand)} events_api, {envelopes.Count(e => e.IsRedelivery)} redeliveries of an envelope id) over {sockets} socket(s)");
        Console.WriteLine($"  sent in {elapsed.TotalSeconds:0.0} s ({envelopes.Count / elapsed.TotalSeconds:0.0} envelopes/s achieved)");
        Console.WriteLine($"  ack from send            p50 {Percentile(fromSend, 0.50),7:0.0} ms  p95 {Percentile(fromSend, 0.95),7:0.0} ms  p99 {p99,7:0.0} ms  max {(fromSend.Count > 0 ? fromSend.Max() : double.NaN),7:0.0} ms");
        Console.WriteLine($"  ack from schedule        p50 {Percentile(fromSchedule, 0.50),7:0.0} ms  p95 {Percentile(fromSchedule, 0.95),7:0.0} ms  p99 {Percentile(fromSchedule, 0.99),7:0.0} ms  max {(fromSchedule.Count > 0 ? fromSchedule.Max() : double.NaN),7:0.0} ms");
        foreach (var (name, pick) in new (string, Func<Envelope, bool>)[] { ("slash_commands", e => e.IsCommand), ("events_api", e => !e.IsCommand), ("redeliveries", e => e.IsRedelivery) })
        {
            var part = acked.Where(pick).Select(e => e.AckMs - e.SentMs).ToList();
            Console.WriteLine($"    {name,-22} p50 {Percentile(part, 0.50),7:0.0} ms  p95 {Percentile(part, 0.95),7:0.0} ms  p99 {Percentile(part, 0.99),7:0.0} ms  ({part.Count})");
        }

        Console.WriteLine($"  acks: {acked.Count} matched, lost {lost}, slash-command acks without the reply payload {commandsWithoutReply}, other frames {link.Strange}");
        Console.WriteLine($"  slash_commands: {uniqueCommands} unique triggers, {stored} promises stored ({distinct} distinct): handled twice {commandsTwice}, not handled {commandsMissing}");
        Console.WriteLine($"  events_api: {uniqueEvents} unique events (each its own user), Home tab published for {publishedUsers} of them: handled twice {eventsTwice}, not handled {eventsMissing}");
        Console.WriteLine($"  app CPU while sending: {appCpu.TotalSeconds:0.0} s over {elapsed.TotalSeconds:0.0} s ({appCpu.TotalSeconds / elapsed.TotalSeconds:P0} of one core)");
        Console.WriteLine($"  load average (1/5/15 min) before {loadBefore}, after {loadAfter}; {Environment.ProcessorCount} cores (generator, fake Slack and app share them)");
        Console.WriteLine($"  goal: ack p99 <= {TargetP99Ms:0} ms, 0 lost, 0 handled twice: {(pass ? "MET" : "NOT MET")}");
        return pass ? 0 : 2;
    }

    private static double Percentile(IEnumerable<double> values, double p) => Harnesses.Percentile(values.Order().ToList(), p);

    /// <summary>Counts promises until every trigger is stored or nothing changed for 10 s (at most 2 minutes).</summary>
    private static async Task<(long Stored, long Distinct)> SettledCountAsync(string connectionString, string prefix, int unique)
    {
        var last = (-1L, -1L);
        var unchanged = 0;
        for (var i = 0; i < 120 && unchanged < 10; i++)
        {
            var now = await CountAsync(connectionString, prefix);
            if (now.Item2 >= unique)
            {
                await Task.Delay(1000);
                return await CountAsync(connectionString, prefix);
            }

            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            await Task.Delay(1000);
        }

        return last;
    }

    private static async Task<(long, long)> CountAsync(string connectionString, string prefix)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT workspace_id || ':' || client_request_id) FROM commitments WHERE client_request_id LIKE @prefix";
        command.Parameters.AddWithValue("@prefix", prefix + "%");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Home tab publishes for the run's event users, once every event user has one or nothing changed for 5 s (at most
    /// 60 s): how many users got one, and how many publishes were beyond the first for a user (an event handled twice).
    /// </summary>
    private static async Task<(int Users, int Twice)> SettledPublishesAsync(FakeSlack slack, int unique)
    {
        (int Users, int Twice) Count()
        {
            var perUser = slack.CallsTo("views.publish")
                .Select(c => c.Json["user_id"]?.GetValue<string>() ?? "")
                .Where(u => u.StartsWith(EventUserPrefix, StringComparison.Ordinal))
                .GroupBy(u => u, StringComparer.Ordinal)
                .Select(g => g.Count())
                .ToList();
            return (perUser.Count, perUser.Sum(n => n - 1));
        }

        var last = (-1, -1);
        var unchanged = 0;
        for (var i = 0; i < 60 && unchanged < 5; i++)
        {
            var now = Count();
            if (now.Users >= unique)
            {
                await Task.Delay(1000);
                return Count();
            }

            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            await Task.Delay(1000);
        }

        return last;
    }


}
