using BenchmarkDotNet.Attributes;
using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// Issue 15's speed goal for the promise reader: at least 200,000 messages a second on one core for channel messages
/// with no time word in them (the cheap pre-filter answers those without tokenising). Time per operation is per message,
/// so messages/second = 1e9 / (ns per op). <see cref="ReadPromiseMix"/> shows what a message that does hold a promise costs.
/// </summary>
[MemoryDiagnoser]
public class PromiseReaderBenchmarks
{
    private const int NoTimeSize = 24;
    private const int PromiseSize = 8;

    // What channels are mostly made of: chatter, questions, links, long updates, with no day, date or time in them.
    private static readonly string[] NoTimeWord =
    [
        "thanks!", "lol 😂", "sounds good to me", "can you share the deck?", "I'll take a look",
        "who owns the Acme renewal these days?", "+1", "https://acme.example.com/quote/4471 fyi",
        "we're still waiting on legal for the redlines, nothing new from their side yet",
        "Great call with the Globex team, they liked the pilot results and want the pricing broken out by region",
        "ok", "on it", "did anyone see the email from procurement?", "ping me if you need anything",
        "the PO number is 4500012345", "agreed, let's keep it simple", "nice work everyone 🎉",
        "i think their CFO has to sign off before anything moves, so hold tight",
        "any update on the support ticket?", "I'll check with the team", "welcome aboard Priya!",
        "can we get the SOW redlined version?", "looping in @dana for the technical questions",
        "Their security questionnaire has 180 questions, I've done about half and will keep going as I can",
    ];

    private static readonly string[] Promises =
    [
        "I'll send you the revised quote by Friday", "we will have the unit shipped before EOD tomorrow",
        "will get the signed SOW back to you by Dec 5", "I'll share the security answers by Tuesday 3pm",
        "Sure, I'll have pricing to you by end of week", "we'll ship the replacement by Monday",
        "I will follow up with the PO by tomorrow noon", "I'll get you the demo environment by Thursday",
    ];

    private DueContext context;

    [GlobalSetup]
    public void Setup()
    {
        if (NoTimeWord.Length != NoTimeSize || Promises.Length != PromiseSize)
        {
            throw new InvalidOperationException("OperationsPerInvoke must match the mix.");
        }

        context = new DueContext(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), DateTimeZoneProviders.Tzdb["America/New_York"], DateOrder.MDY, WorkingHours.Default);
        if (NoTimeWord.Any(m => PromiseReader.Read(m, context) is not null) || Promises.Any(m => PromiseReader.Read(m, context) is null))
        {
            throw new InvalidOperationException("The mixes should read as labelled.");
        }
    }

    [Benchmark(OperationsPerInvoke = NoTimeSize)]
    public int ReadNoTimeWordMix()
    {
        var found = 0;
        foreach (var message in NoTimeWord)
        {
            if (PromiseReader.Read(message, context) is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = PromiseSize)]
    public int ReadPromiseMix()
    {
        var found = 0;
        foreach (var message in Promises)
        {
            if (PromiseReader.Read(message, context) is not null)
            {
                found++;
            }
        }

        return found;
    }
}
