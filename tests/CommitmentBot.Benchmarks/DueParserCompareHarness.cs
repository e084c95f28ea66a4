using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// <c>due-compare --baseline &lt;folder&gt; [--current &lt;folder&gt;] [--rounds 600] [--calls 1000]</c>: the due-time parser of another build (the
/// folder holding its <c>CommitmentBot.Core.dll</c>, e.g. a copy of this project's output before a change) against
/// this build's, phrase form by phrase form, in one process. On a shared machine two BenchmarkDotNet runs minutes apart
/// see different loads; here the two parsers take turns in short batches, so each pair of batches sees the same
/// conditions: the ratio is the median of the pairs' ratios, the times each side's fastest batch.
/// Goal: no form more than 20 % slower than the baseline.
/// </summary>
public sealed class DueParserCompareHarness : IHarness
{
    // One phrase per form of "Due-time semantics" (the baseline reads these), then those of "More due forms".
    private static readonly string[] Forms =
    [
        "Friday 3pm", "tomorrow", "Dec 5 at 9am", "in 2 business days", "EOD", "12/5", "next Tuesday", "in 3 hours",
        "3pm", "end of month", "2026-12-05", "tomorrow at noon", "in 90 minutes", "EOW", "9:30am", "next Friday 10:00",
        "EOD Friday", "end of next week", "the day after tomorrow", "in a week", "Feb 30", "blah",
    ];

    private static readonly string[] NewForms =
    [
        "3pm ET", "Friday 9am CET", "noon America/Chicago", "9am UTC+5:30", "tomorrow morning", "first thing Monday",
        "COB Friday", "next week", "Tuesday next week", "the week after next", "a week from Friday", "in a couple of days",
        "in 48h", "in 3bd",
    ];

    public string Name => "due-compare";

    public string Description => "the due-time parser of an earlier build against this one, form by form, in one process";

    public Task<int> RunAsync(string[] args)
    {
        var baselineFolder = Harnesses.Option(args, "baseline", "");
        if (!File.Exists(Path.Combine(baselineFolder, "CommitmentBot.Core.dll")))
        {
            Console.Error.WriteLine("usage: due-compare --baseline <folder with the earlier build's CommitmentBot.Core.dll> [--current <folder>] [--rounds 600] [--calls 1000]");
            return Task.FromResult(2);
        }

        var rounds = int.Parse(Harnesses.Option(args, "rounds", "600"), CultureInfo.InvariantCulture);
        var calls = int.Parse(Harnesses.Option(args, "calls", "1000"), CultureInfo.InvariantCulture);
        var baseline = new ParserUnderTest("baseline", baselineFolder);
        // --current names another folder instead of this build's (the baseline against itself shows the noise floor).
        var current = new ParserUnderTest("current", Harnesses.Option(args, "current", AppContext.BaseDirectory));

        Console.WriteLine($"load average: {Harnesses.LoadAverage()}");
        Console.WriteLine($"{"phrase",-24} {"baseline ns",12} {"current ns",11} {"ratio",6}  (fastest batch each; ratio: median of paired batches)");
        var worst = 0.0;
        var baselineSum = 0.0;
        var currentSum = 0.0;
        foreach (var phrase in Forms)
        {
            var (a, b, ratio) = Compare(baseline.Loop(phrase), current.Loop(phrase), rounds, calls);
            worst = Math.Max(worst, ratio);
            baselineSum += a;
            currentSum += b;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phrase,-24} {a,12:F1} {b,11:F1} {ratio,6:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"mean of the forms",-24} {baselineSum / Forms.Length,12:F1} {currentSum / Forms.Length,11:F1} {currentSum / baselineSum,6:F2} (of the fastest batches)"));
        var newSum = 0.0;
        foreach (var phrase in NewForms)
        {
            var b = Best(current.Loop(phrase), rounds / 2, calls);
            newSum += b;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phrase,-24} {"(new)",12} {b,11:F1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"mean of the new forms",-24} {"",12} {newSum / NewForms.Length,11:F1}"));
        Console.WriteLine($"load average: {Harnesses.LoadAverage()}");
        var met = worst <= 1.20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest form against the baseline: {worst:F2}x; goal (at most 1.20x) {(met ? "met" : "MISSED")}"));
        return Task.FromResult(met ? 0 : 1);
    }

    /// <summary>
    /// The fastest batch of each, in ns a call, and the median ratio of b to a over pairs of batches run back to back
    /// (taking turns at going first).
    /// </summary>
    private static (double A, double B, double Ratio) Compare(Func<int, long> a, Func<int, long> b, int rounds, int calls)
    {
        a(calls);
        b(calls);
        var bestA = double.MaxValue;
        var bestB = double.MaxValue;
        var ratios = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            double timeA, timeB;
            if (round % 2 == 0)
            {
                timeA = Time(a, calls);
                timeB = Time(b, calls);
            }
            else
            {
                timeB = Time(b, calls);
                timeA = Time(a, calls);
            }

            bestA = Math.Min(bestA, timeA);
            bestB = Math.Min(bestB, timeB);
            ratios[round] = timeB / timeA;
        }

        Array.Sort(ratios);
        return (bestA, bestB, Harnesses.Percentile(ratios, 0.5));
    }

    private static double Best(Func<int, long> loop, int rounds, int calls)
    {
        loop(calls);
        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            best = Math.Min(best, Time(loop, calls));
        }

        return best;
    }

    private static double Time(Func<int, long> loop, int calls)
    {
        var started = Stopwatch.GetTimestamp();
        GC.KeepAlive(loop(calls));
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / calls;
    }


    /// <summary>One build's parser, loaded on its own with its own NodaTime, and called through a compiled loop.</summary>
    private sealed class ParserUnderTest
    {
        private readonly Assembly core;
        private readonly object context;
        private readonly Type contextType;

        public ParserUnderTest(string name, string folder)
        {
            var loader = new AssemblyLoadContext(name);
            loader.Resolving += (ctx, assemblyName) =>
            {
                var path = Path.Combine(folder, assemblyName.Name + ".dll");
                return File.Exists(path) ? ctx.LoadFromAssemblyPath(path) : null;
            };
            core = loader.LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, "CommitmentBot.Core.dll")));
            var noda = loader.LoadFromAssemblyName(new AssemblyName("NodaTime"));

            // Monday 23 November 2026, 10:00 in New York; default working hours; month/day order.
            var providers = noda.GetType("NodaTime.DateTimeZoneProviders", throwOnError: true)!;
            var tzdb = providers.GetProperty("Tzdb")!.GetValue(null)!;
            var zone = tzdb.GetType().GetProperty("Item", [typeof(string)])!.GetValue(tzdb, ["America/New_York"]);
            contextType = core.GetType("CommitmentBot.Core.Time.DueContext", throwOnError: true)!;
            var order = Enum.ToObject(core.GetType("CommitmentBot.Core.Time.DateOrder", throwOnError: true)!, 0);
            var hours = core.GetType("CommitmentBot.Core.Time.WorkingHours", throwOnError: true)!.GetProperty("Default")!.GetValue(null);
            context = Activator.CreateInstance(contextType, new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), zone, order, hours)!;
        }

        /// <summary>calls => the sum of the due ticks of <paramref name="phrase"/> parsed that many times.</summary>
        public Func<int, long> Loop(string phrase)
        {
            var parser = core.GetType("CommitmentBot.Core.Time.DueTimeParser", throwOnError: true)!;
            var parse = parser.GetMethod("Parse", [typeof(string), contextType.MakeByRefType()])!;
            var calls = Expression.Parameter(typeof(int), "calls");
            var sum = Expression.Variable(typeof(long), "sum");
            var i = Expression.Variable(typeof(int), "i");
            var ctx = Expression.Variable(contextType, "context");
            var done = Expression.Label(typeof(long));
            var call = Expression.Call(parse, Expression.Constant(phrase), ctx);
            var body = Expression.Block(
                [sum, i, ctx],
                Expression.Assign(ctx, Expression.Constant(context, contextType)),
                Expression.Loop(
                    Expression.IfThenElse(
                        Expression.LessThan(i, calls),
                        Expression.Block(
                            Expression.AddAssign(sum, Expression.Property(Expression.Property(call, "Due"), "Ticks")),
                            Expression.PostIncrementAssign(i)),
                        Expression.Break(done, sum)),
                    done));
            return Expression.Lambda<Func<int, long>>(body, calls).Compile();
        }
    }
}
