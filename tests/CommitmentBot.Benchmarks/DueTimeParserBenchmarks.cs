using BenchmarkDotNet.Attributes;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// The due-time parser over a realistic mix of what reps type, one thread. Time per operation is per
/// phrase, so phrases/second = 1e9 / (ns per op). Goal: at least 5,000,000 phrases/second on one core (200 ns a
/// phrase) for the mixed benchmark with every form of SPEC's "More due forms" (<see cref="ParseMixV2_NewYork"/>),
/// and no allocation.
/// </summary>
[MemoryDiagnoser]
public class DueTimeParserBenchmarks
{
    private const int MixSize = 16;
    private const int MixV2Size = 32;

    private static readonly string[] Mix =
    [
        "Friday 3pm", "tomorrow", "Dec 5 at 9am", "in 2 business days", "EOD", "12/5", "next Tuesday", "in 3 hours",
        "3pm", "end of month", "2026-12-05", "tomorrow at noon", "in 90 minutes", "EOW", "9:30am", "next Friday 10:00",
    ];

    // The mix above and, as often, the forms of "More due forms": zones, parts of the day, weeks, counting, words.
    private static readonly string[] MixV2 =
    [
        .. Mix,
        "3pm ET", "Friday 9am CET", "tomorrow morning", "COB Friday", "next week", "Tuesday next week", "a week from Friday",
        "in a couple of days", "in 48h", "this afternoon", "first thing Monday", "the week after next", "noon America/Chicago",
        "9am UTC+5:30", "two weeks from today", "in 3bd",
    ];

    private DueContext newYork;
    private DueContext kolkata;

    [GlobalSetup]
    public void Setup()
    {
        if (Mix.Length != MixSize || MixV2.Length != MixV2Size)
        {
            throw new InvalidOperationException("OperationsPerInvoke must match the mix.");
        }

        var now = new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
        newYork = new DueContext(now, DateTimeZoneProviders.Tzdb["America/New_York"], DateOrder.MDY, WorkingHours.Default);
        kolkata = new DueContext(now, DateTimeZoneProviders.Tzdb["Asia/Kolkata"], DateOrder.DMY, WorkingHours.Default);
        foreach (var phrase in MixV2)
        {
            if (!DueTimeParser.Parse(phrase, newYork).Success)
            {
                throw new InvalidOperationException($"The mix should parse: {phrase}");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = MixSize)]
    public long ParseMix_NewYork() => ParseAll(newYork);

    [Benchmark(OperationsPerInvoke = MixSize)]
    public long ParseMix_Kolkata() => ParseAll(kolkata);

    [Benchmark(OperationsPerInvoke = MixV2Size)]
    public long ParseMixV2_NewYork() => ParseAll(MixV2, newYork);

    [Benchmark(OperationsPerInvoke = MixV2Size)]
    public long ParseMixV2_Kolkata() => ParseAll(MixV2, kolkata);

    [Benchmark]
    public long Parse_Error() => DueTimeParser.Parse("Feb 30", newYork).Due.Ticks;

    private static long ParseAll(in DueContext context) => ParseAll(Mix, context);

    private static long ParseAll(string[] phrases, in DueContext context)
    {
        long sum = 0;
        foreach (var phrase in phrases)
        {
            sum += DueTimeParser.Parse(phrase, context).Due.Ticks;
        }

        return sum;
    }
}
