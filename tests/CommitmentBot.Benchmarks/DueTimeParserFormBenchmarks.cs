using BenchmarkDotNet.Attributes;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// The due-time parser one phrase form at a time (New York, Monday 10:00), so that a change to the grammar
/// can be checked form by form: no form may get more than 20 % slower than it was. Run with
/// <c>--filter '*DueTimeParserForm*' --job short</c> on a quiet machine, before and after a change.
/// </summary>
[MemoryDiagnoser]
public class DueTimeParserFormBenchmarks
{
    private DueContext context;

    /// <summary>
    /// One phrase per form: those of "Due-time semantics" (the two failing ones: an impossible date, an unreadable
    /// phrase), then those of "More due forms" (the last two fail: a vague amount, a word after a time that is no zone).
    /// </summary>
    [Params(
        "Friday 3pm", "tomorrow", "Dec 5 at 9am", "in 2 business days", "EOD", "12/5", "next Tuesday", "in 3 hours",
        "3pm", "end of month", "2026-12-05", "tomorrow at noon", "in 90 minutes", "EOW", "9:30am", "next Friday 10:00",
        "EOD Friday", "end of next week", "the day after tomorrow", "in a week", "Feb 30", "blah",
        "3pm ET", "Friday 9am CET", "noon America/Chicago", "9am UTC+5:30", "tomorrow morning", "first thing Monday",
        "COB Friday", "next week", "Tuesday next week", "the week after next", "a week from Friday", "in a couple of days",
        "in 48h", "in 3bd", "soon", "3pm XYZ")]
    public string Phrase { get; set; } = "";

    [GlobalSetup]
    public void Setup()
        => context = new DueContext(
            new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero),
            DateTimeZoneProviders.Tzdb["America/New_York"],
            DateOrder.MDY,
            WorkingHours.Default);

    [Benchmark]
    public long Parse() => DueTimeParser.Parse(Phrase, context).Due.Ticks;
}
