using System.Diagnostics;
using System.Globalization;
using CommitmentBot.Benchmarks.Clock;
using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.People;
using CommitmentBot.Storage;
using CommitmentBot.Storage.Stores;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// noticing-cost: what noticing promises adds to a channel message that carries no promise, in a workspace that has it on,
/// through the real stores (SQLite file, or PostgreSQL with <c>--provider postgres</c>). Most such messages are refused by the
/// reader's pre-filter with no I/O; the mix also holds messages with a time word that are still no promise (questions,
/// schedules, requests), which read the workspace and the author before the reader says no. Goal: p99 ≤ 1 ms.
/// </summary>
public sealed class NoticingCostHarness : IHarness
{
    private static readonly string[] NoPromise =
    [
        "thanks!", "lol 😂", "sounds good to me", "can you share the deck?", "I'll take a look", "+1",
        "we're still waiting on legal for the redlines", "ok", "on it", "did anyone see the email from procurement?",
        "the PO number is 4500012345", "nice work everyone 🎉", "any update on the support ticket?", "welcome aboard Priya!",
        "looping in @dana for the technical questions", "I'll check with the team",

        // A time word, still no promise: these reach the stores.
        "the meeting is Friday at 3pm", "can you send me the PO by Friday?", "they said they'll ship it Monday",
        "I might have it by Thursday", "we shipped it yesterday", "is the call still on for tomorrow?",
    ];

    public string Name => "noticing-cost";

    public string Description => "added latency per no-promise channel message with noticing on, p99 goal 1 ms [--messages 20000] [--provider sqlite|postgres]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Harnesses.Option(args, "messages", "20000"), CultureInfo.InvariantCulture);
        var provider = Harnesses.Option(args, "provider", "sqlite") == "postgres" ? StorageProvider.PostgreSql : StorageProvider.Sqlite;
        var database = await BenchDatabase.OpenAsync(provider, "noticing", fresh: true);
        var workspaces = new WorkspaceStore(database.Connections, TimeProvider.System);
        var people = new PeopleStore(database.Connections, TimeProvider.System);
        const string ws = "T-notice";
        await workspaces.SaveAsync(new WorkspaceSettings { WorkspaceId = ws, Platform = "slack", Policy = EscalationPolicy.Default with { NoticePromises = true } }, CancellationToken.None);
        var noticer = new PromiseNoticer(workspaces, people, new CommitmentStore(database.Connections), new NoticeMuteStore(database.Connections), TimeProvider.System);

        // Warm up (JIT, connection pool), then measure one message at a time.
        for (var i = 0; i < 500; i++)
        {
            await noticer.NoticeAsync(Message(ws, i), CancellationToken.None);
        }

        var samples = new double[count];
        var flagged = 0;
        for (var i = 0; i < count; i++)
        {
            var message = Message(ws, i);
            var started = Stopwatch.GetTimestamp();
            if (await noticer.NoticeAsync(message, CancellationToken.None) is not null)
            {
                flagged++;
            }

            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        var p50 = Harnesses.Percentile(samples, 0.50);
        var p99 = Harnesses.Percentile(samples, 0.99);
        var withTimeWord = NoPromise.Count(m => PromiseReader.MightHoldPromise(m));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noticing-cost ({provider}): {count} no-promise messages ({withTimeWord} of {NoPromise.Length} in the mix pass the pre-filter), flagged {flagged}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p50 {p50:F4} ms, p99 {p99:F4} ms, max {samples[^1]:F3} ms (goal p99 <= 1 ms)"));
        return flagged == 0 && p99 <= 1.0 ? 0 : 1;
    }

    private static CapturedMessage Message(string ws, int i) =>
        new("slack", ws, "C" + (i % 7).ToString(CultureInfo.InvariantCulture), "1733000000." + i.ToString("D6", CultureInfo.InvariantCulture), "U" + (i % 13).ToString(CultureInfo.InvariantCulture), NoPromise[i % NoPromise.Length]);
}
