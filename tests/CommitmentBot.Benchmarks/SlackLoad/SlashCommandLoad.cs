using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace CommitmentBot.Benchmarks.SlackLoad;

/// <summary>How one request ended.</summary>
public enum ShotOutcome
{
    /// <summary>200 with the created promise in the reply.</summary>
    Answered,

    /// <summary>200 with an empty body: a repeat of a trigger id already handled.</summary>
    Repeat,

    /// <summary>200 "Working on it…": the reply budget ran out and the answer went to response_url.</summary>
    Deferred,

    /// <summary>Anything else: a non-2xx status, a transport error, a timeout, or the handler's failure message.</summary>
    Error,
}

/// <summary>One request of the run, and what happened to it.</summary>
public sealed record Shot(int Index, string Team, string User, string Trigger, bool IsRetry)
{
    public double LatencyMs { get; set; }

    /// <summary>From the instant the open-loop schedule said to send it (includes any lag of the generator itself).</summary>
    public double ScheduledLatencyMs { get; set; }

    public ShotOutcome Outcome { get; set; }

    public string? Error { get; set; }
}

/// <summary>
/// Open-loop load: requests leave on a fixed schedule (rate per second) whether or not earlier ones have
/// been answered, so a slow server meets the same arrival rate a real Slack would send, and queueing shows
/// up in the latencies instead of slowing the generator down.
/// </summary>
public sealed class SlashCommandLoad(HttpClient http, string appUrl, string signingSecret, string responseUrlBase)
{
    public const int Teams = 4;
    public const int UsersPerTeam = 50;

    /// <summary>Every <see cref="RetryEvery"/>-th request repeats an earlier trigger id with X-Slack-Retry-Num, as Slack does after a timeout.</summary>
    public const int RetryEvery = 20;

    /// <summary>Plans <paramref name="count"/> requests; <paramref name="prefix"/> keeps trigger ids unique across runs.</summary>
    public static IReadOnlyList<Shot> Plan(int count, string prefix)
    {
        var shots = new List<Shot>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % RetryEvery == RetryEvery - 1 && i >= 3)
            {
                // Repeat a request sent 3 slots earlier: at 200/s that is 15 ms, so it may still be running (Slack's
                // timeout retries can overlap the first attempt).
                var original = shots[i - 3];
                shots.Add(new Shot(i, original.Team, original.User, original.Trigger, IsRetry: true));
                continue;
            }

            var team = "T" + (1 + (i % Teams)).ToString(CultureInfo.InvariantCulture);
            var user = "U" + ((i / Teams) % UsersPerTeam).ToString("D4", CultureInfo.InvariantCulture);
            shots.Add(new Shot(i, team, user, prefix + i.ToString(CultureInfo.InvariantCulture), IsRetry: false));
        }

        return shots;
    }

    /// <summary>Sends <paramref name="shots"/> at <paramref name="rate"/> per second and waits for every answer.</summary>
    public async Task RunAsync(IReadOnlyList<Shot> shots, double rate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(shots.Count);
        var interval = 1000.0 / rate;
        foreach (var shot in shots)
        {
            var dueMs = shot.Index * interval;
            var wait = dueMs - clock.Elapsed.TotalMilliseconds;
            if (wait > 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait - 1), cancellationToken);
            }

            while (clock.Elapsed.TotalMilliseconds < dueMs)
            {
                Thread.SpinWait(50);
            }

            inFlight.Add(FireAsync(shot, clock, dueMs, cancellationToken));
        }

        await Task.WhenAll(inFlight);
    }

    private async Task FireAsync(Shot shot, Stopwatch clock, double dueMs, CancellationToken cancellationToken)
    {
        // Leave the scheduling loop at once; the request runs on the thread pool.
        await Task.Yield();
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            using var request = Build(shot);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var done = clock.Elapsed.TotalMilliseconds;
            shot.LatencyMs = done - started;
            shot.ScheduledLatencyMs = done - dueMs;
            shot.Outcome = Classify(response.StatusCode, body, out var error);
            shot.Error = error;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            var done = clock.Elapsed.TotalMilliseconds;
            shot.LatencyMs = done - started;
            shot.ScheduledLatencyMs = done - dueMs;
            shot.Outcome = ShotOutcome.Error;
            shot.Error = ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static ShotOutcome Classify(HttpStatusCode status, string body, out string? error)
    {
        error = null;
        if (status != HttpStatusCode.OK)
        {
            error = "HTTP " + ((int)status).ToString(CultureInfo.InvariantCulture);
            return ShotOutcome.Error;
        }

        if (body.Length == 0)
        {
            return ShotOutcome.Repeat;
        }

        if (body.Contains("Something went wrong", StringComparison.Ordinal))
        {
            error = "handler failure reply";
            return ShotOutcome.Error;
        }

        if (body.Contains("Working on it", StringComparison.Ordinal))
        {
            return ShotOutcome.Deferred;
        }

        if (body.Contains("P-", StringComparison.Ordinal))
        {
            return ShotOutcome.Answered;
        }

        error = "unexpected reply: " + (body.Length > 120 ? body[..120] : body);
        return ShotOutcome.Error;
    }

    private HttpRequestMessage Build(Shot shot)
    {
        var fields = new Dictionary<string, string>
        {
            ["token"] = "unused",
            ["team_id"] = shot.Team,
            ["team_domain"] = shot.Team.ToLowerInvariant(),
            ["channel_id"] = "C0LOAD",
            ["channel_name"] = "sales",
            ["user_id"] = shot.User,
            ["user_name"] = "rep" + shot.User,
            ["command"] = "/promise",
            ["text"] = $"send revised quote {shot.Trigger} for Acme {shot.Index % 97} by Friday 3pm",
            ["api_app_id"] = "A0LOAD",
            ["response_url"] = responseUrlBase + shot.Trigger,
            ["trigger_id"] = shot.Trigger,
        };

        // A retry carries the same payload as the first attempt (so the same text is built from the first index).
        if (shot.IsRetry)
        {
            fields["text"] = $"send revised quote {shot.Trigger} for Acme {OriginalIndex(shot) % 97} by Friday 3pm";
        }

        var request = SignedSlackRequest.Create(appUrl + "/slack/commands", signingSecret, fields);
        if (shot.IsRetry)
        {
            request.Headers.Add("X-Slack-Retry-Num", "1");
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return request;
    }

    private static int OriginalIndex(Shot shot)
    {
        var digits = shot.Trigger.AsSpan(shot.Trigger.LastIndexOf('-') + 1);
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }
}
