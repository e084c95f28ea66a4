using System.Diagnostics;
using System.Globalization;
using CommitmentBot.Core.Records;
using CommitmentBot.Records;

namespace CommitmentBot.Benchmarks;

/// <summary>
/// <c>charts</c>: how long drawing one 600×300 chart takes once warm (goal ≤ 3 ms median: the weekly digest for 1,000
/// managers draws 2,000 charts and must fit in 20 s on 2 cores), for the digest's two kinds (12-week lines, per-rep
/// stacked bars for 10 reps), each drawing a chart not drawn before (the cache would otherwise answer); with the PNG
/// sizes, which decide whether Teams gets a chart inline (base64 ≤ 12,288 chars) or by link. <c>--save DIR</c> also
/// writes one chart of each kind to DIR (trend.png, bars.png) to look at.
/// </summary>
public sealed class ChartRenderHarness : IHarness
{
    public string Name => "charts";

    public string Description => "Chart render time once warm (goal ≤ 3 ms median, 600×300) and PNG sizes; --count N (default 200), --save DIR (writes trend.png, bars.png).";

    public Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Harnesses.Option(args, "count", "200"), CultureInfo.InvariantCulture);
        var renderer = new ChartRenderer();
        if (Harnesses.Option(args, "save", "") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "trend.png"), renderer.Png(Chart(1, trend: true)));
            File.WriteAllBytes(Path.Combine(folder, "bars.png"), renderer.Png(Chart(1, trend: false)));
        }

        for (var i = 0; i < 20; i++)
        {
            renderer.Png(Chart(-1 - i, i % 2 == 0));
        }

        var times = new List<double>(count);
        var sizes = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var chart = Chart(i, i % 2 == 0);
            var watch = Stopwatch.StartNew();
            var png = renderer.Png(chart);
            watch.Stop();
            times.Add(watch.Elapsed.TotalMilliseconds);
            sizes.Add(png.Length);
        }

        times.Sort();
        sizes.Sort();
        var median = Harnesses.Percentile(times, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"charts: {count} drawn warm; median {median:0.0} ms, p95 {Harnesses.Percentile(times, 0.95):0.0} ms; PNG {sizes[0]}–{sizes[^1]} bytes (base64 {4 * ((sizes[^1] + 2) / 3)} chars at most); renders {renderer.Renders}"));
        return Task.FromResult(median <= 3 ? 0 : 1);
    }

    private static RecordChart Chart(int seed, bool trend)
    {
        var random = new Random(seed);
        if (trend)
        {
            var labels = Enumerable.Range(0, 12).Select(w => new DateOnly(2026, 9, 14).AddDays(7 * w).ToString("d MMM", CultureInfo.InvariantCulture)).ToList();
            return new RecordChart(
                "trend" + seed.ToString(CultureInfo.InvariantCulture),
                RecordChartKind.TrendLines,
                "Your team's week: on time and kept its word, week by week",
                labels,
                [
                    new RecordSeries("On time", labels.Select(_ => (double?)random.Next(40, 100)).ToList(), true),
                    new RecordSeries("Kept its word", labels.Select(_ => (double?)random.Next(50, 100)).ToList(), true),
                ]);
        }

        var reps = Enumerable.Range(1, 10).Select(r => "Rep " + r.ToString(CultureInfo.InvariantCulture)).ToList();
        return new RecordChart(
            "bars" + seed.ToString(CultureInfo.InvariantCulture),
            RecordChartKind.RepBars,
            "Your team's week, last week: outcomes per rep",
            reps,
            [
                new RecordSeries("On time", reps.Select(_ => (double?)random.Next(0, 10)).ToList(), false),
                new RecordSeries("Renegotiated before due", reps.Select(_ => (double?)random.Next(0, 3)).ToList(), false),
                new RecordSeries("Kept late", reps.Select(_ => (double?)random.Next(0, 3)).ToList(), false),
                new RecordSeries("Missed", reps.Select(_ => (double?)random.Next(0, 2)).ToList(), false),
            ]);
    }
}
