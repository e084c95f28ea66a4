using CommitmentBot.Core.Records;
using CommitmentBot.Records;
using ScottPlot;
using ScottPlot.Panels;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace CommitmentBot.Tests.Records;

/// <summary>
/// The drawn charts themselves: each PNG decodes to the chart's size, is a drawing (not a blank or one-colour canvas)
/// with every series in its colour, and drawing on several threads at once gives the same bytes as drawing alone
/// (the renderer reuses drawing surfaces between charts, so a shared or unreset surface would show here).
/// </summary>
public sealed class ChartRenderTests
{
    // The series colours the renderer uses (ScottPlot's named colours).
    private static readonly SKColor SteelBlue = new(0x46, 0x82, 0xB4);
    private static readonly SKColor SeaGreen = new(0x2E, 0x8B, 0x57);
    private static readonly SKColor Orange = new(0xFF, 0xA5, 0x00);
    private static readonly SKColor FireBrick = new(0xB2, 0x22, 0x22);

    [Fact]
    public void TheTrendChart_IsA600By300Drawing_WithBothLinesInTheirColours()
    {
        var png = new ChartRenderer().Png(Trend(1));

        var pixels = Decode(png);
        Assert.True(pixels.Distinct().Count() > 20, "a chart with text, grid and two lines has many colours");
        Assert.Contains(SteelBlue, pixels);
        Assert.Contains(SeaGreen, pixels);
        Assert.Contains(SKColors.White, pixels);
        Assert.True(pixels.Count(p => p == SKColors.White) < pixels.Length * 0.98, "mostly blank");
    }

    [Fact]
    public void TheRepBars_AreA600By300Drawing_WithEveryOutcomeInItsColour()
    {
        var png = new ChartRenderer().Png(Bars(1));

        var pixels = Decode(png);
        Assert.True(pixels.Distinct().Count() > 20, "a chart with text, grid and four kinds of bar has many colours");
        foreach (var colour in new[] { SeaGreen, SteelBlue, Orange, FireBrick })
        {
            Assert.True(pixels.Count(p => p == colour) > 50, $"{colour} is a bar segment and a legend swatch");
        }
    }

    [Fact]
    public void TwelveWeeks_NameEveryOtherWeek_SoTheDatesDoNotRunIntoEachOther_ButEveryRepIsNamed()
    {
        using var trend = new Plot();
        ChartRenderer.Compose(trend, Trend(1));
        trend.RenderInMemory(ChartRenderer.Width, ChartRenderer.Height); // the axis holds the ticks it drew
        var weeks = ((NumericManual)trend.Axes.Bottom.TickGenerator).Ticks;
        Assert.Equal(12, weeks.Length);
        Assert.Equal(["14 Sep", "", "28 Sep", "", "12 Oct", "", "26 Oct", "", "9 Nov", "", "23 Nov", ""], weeks.Select(t => t.Label));

        using var bars = new Plot();
        ChartRenderer.Compose(bars, Bars(1));
        bars.RenderInMemory(ChartRenderer.Width, ChartRenderer.Height);
        Assert.Equal(Enumerable.Range(1, 10).Select(r => $"Rep {r}"), ((NumericManual)bars.Axes.Bottom.TickGenerator).Ticks.Select(t => t.Label));
    }

    [Fact]
    public void TheLegend_SitsUnderTheChart_WhereItHidesNoLineOrBar()
    {
        foreach (var chart in new[] { Trend(1), Bars(1) })
        {
            using var plot = new Plot();
            ChartRenderer.Compose(plot, chart);
            Assert.Equal(Edge.Bottom, Assert.Single(plot.Axes.GetPanels().OfType<LegendPanel>()).Edge);
            Assert.False(plot.Legend.IsVisible); // no second legend inside the data area
        }

        // Drawn: the bottom strip of the trend chart (under the dates) holds the legend's two line samples.
        var pixels = Decode(new ChartRenderer().Png(Trend(1)));
        var strip = pixels[(ChartRenderer.Width * (ChartRenderer.Height - 40))..];
        Assert.Contains(SteelBlue, strip);
        Assert.Contains(SeaGreen, strip);
    }

    [Fact]
    public void AChartWithoutAnyNumbers_StillDrawsItsFrameAndLegend()
    {
        var empty = new RecordChart("e1", RecordChartKind.TrendLines, "Nothing due yet", ["30 Nov"], [new RecordSeries("On time", [null], true)]);

        var pixels = Decode(new ChartRenderer().Png(empty));
        Assert.True(pixels.Distinct().Count() > 5);
        Assert.Contains(SteelBlue, pixels); // the legend names the series, though it has no point to draw
    }

    [Fact]
    public async Task DrawingOnSeveralThreadsAtOnce_GivesTheSameBytesAsDrawingAlone()
    {
        var charts = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? Trend(i) : Bars(i)).ToList();
        var alone = charts.Select(Fresh).ToList();
        Assert.Equal(charts.Count, alone.Select(Convert.ToBase64String).Distinct().Count());

        // Six workers, each with its own renderer (so nothing comes from a cache), each drawing every chart in its own order.
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            var renderer = new ChartRenderer();
            return Enumerable.Range(0, charts.Count).Select(k => (w + k) % charts.Count).Select(i => (i, png: renderer.Png(charts[i]))).ToList();
        }));
        var drawn = await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        foreach (var (i, png) in drawn.SelectMany(d => d))
        {
            Assert.Equal(alone[i], png);
        }
    }

    [Fact]
    public void APlotDrawnBefore_DrawsTheNextChartExactlyAsANewOneWould()
    {
        // The renderer reuses its ScottPlot plots chart after chart; nothing of one chart may show in the next (limits,
        // series, legend items, ticks, title). Kinds, sizes and empty series are mixed on purpose.
        var charts = new[]
        {
            Bars(2),
            Trend(3),
            new RecordChart("few", RecordChartKind.TrendLines, "Two weeks", ["23 Nov", "30 Nov"], [new RecordSeries("On time", [50, 100], true), new RecordSeries("Kept its word", [75, null], true)]),
            new RecordChart("small", RecordChartKind.RepBars, "One rep", ["Ana"], [new RecordSeries("On time", [1], false), new RecordSeries("Missed", [null], false)]),
            Bars(4),
            new RecordChart("none", RecordChartKind.TrendLines, "Nothing due yet", ["30 Nov"], [new RecordSeries("On time", [null], true)]),
            Trend(5),
        };

        using var easel = new ChartRenderer.Easel();
        foreach (var chart in charts)
        {
            Assert.True(Fresh(chart).AsSpan().SequenceEqual(easel.Draw(chart)), $"chart {chart.Id} drawn after others differs from a fresh drawing");
        }
    }

    /// <summary>The chart drawn with new drawing tools (nothing reused).</summary>
    private static byte[] Fresh(RecordChart chart)
    {
        using var easel = new ChartRenderer.Easel();
        return easel.Draw(chart);
    }

    private static SKColor[] Decode(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(ChartRenderer.Width, bitmap.Width);
        Assert.Equal(ChartRenderer.Height, bitmap.Height);
        return bitmap.Pixels.Select(p => p.WithAlpha(0xFF)).ToArray();
    }

    private static RecordChart Trend(int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, 12).Select(w => new DateOnly(2026, 9, 14).AddDays(7 * w).ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new RecordChart(
            $"trend{seed}",
            RecordChartKind.TrendLines,
            "Your team's week: on time and kept its word, week by week",
            labels,
            [
                new RecordSeries("On time", labels.Select(_ => (double?)random.Next(40, 100)).ToList(), true),
                new RecordSeries("Kept its word", labels.Select(_ => (double?)random.Next(50, 100)).ToList(), true),
            ]);
    }

    [Fact]
    public void TheBarsAxis_StartsAtZero_AndReachesJustAboveTheTallestStack_EvenWhenEveryBarIsZero()
    {
        var chart = Bars(3);
        var tallest = Enumerable.Range(0, chart.Labels.Count).Max(i => chart.Series.Sum(x => x.Values[i] ?? 0));
        var zeros = chart with { Id = "zeros", Series = [.. chart.Series.Select(x => x with { Values = [.. x.Values.Select(_ => (double?)0)] })] };

        Assert.Equal(tallest * 1.08, ChartRenderer.BarTop(chart), 6);
        Assert.Equal(1.08, ChartRenderer.BarTop(zeros), 6);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], new ChartRenderer().Png(zeros)[..4]);
    }

    private static RecordChart Bars(int seed)
    {
        var random = new Random(seed);
        var reps = Enumerable.Range(1, 10).Select(r => $"Rep {r}").ToList();
        return new RecordChart(
            $"bars{seed}",
            RecordChartKind.RepBars,
            "Your team's week, last week: outcomes per rep",
            reps,
            [
                new RecordSeries("On time", reps.Select(_ => (double?)random.Next(1, 10)).ToList(), false),
                new RecordSeries("Renegotiated before due", reps.Select(_ => (double?)random.Next(1, 3)).ToList(), false),
                new RecordSeries("Kept late", reps.Select(_ => (double?)random.Next(1, 3)).ToList(), false),
                new RecordSeries("Missed", reps.Select(_ => (double?)random.Next(1, 3)).ToList(), false),
            ]);
    }
}
