using System.Collections.Concurrent;
using CommitmentBot.Core.Records;
using ScottPlot;
using SkiaSharp;

namespace CommitmentBot.Records;

/// <summary>
/// Draws the record's charts with ScottPlot, server-side, to PNG. Each chart is drawn once per id (the id is a hash of
/// the view, the period and the numbers, so new data is a new id) and kept in a small cache, so a digest run that
/// shows the same chart to many people renders it once.
/// </summary>
public sealed class ChartRenderer
{
    /// <summary>Width and height in pixels: readable on a phone, small enough for a Teams card.</summary>
    public const int Width = 600;

    /// <summary>Height in pixels.</summary>
    public const int Height = 300;

    private const int MaxCached = 2048;

    // zlib level 3 with no row filter: ~1–1.5 ms for a 600×300 chart, and a PNG no bigger than ScottPlot's default
    // encoding (all filters tried per row at level 6, ~5–8 ms).
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.None, 3);

    private static readonly int MaxPooledEasels = Math.Max(4, Environment.ProcessorCount * 2);

    // Drawing tools reused across charts (see Easel); a drawing takes one for itself, so concurrent drawings never share
    // a canvas or a plot.
    private static readonly ConcurrentBag<Easel> Easels = [];

    private readonly ConcurrentDictionary<string, byte[]> cache = new(StringComparer.Ordinal);
    private long renders;

    /// <summary>How many charts were actually drawn (the rest came from the cache).</summary>
    public long Renders => Interlocked.Read(ref renders);

    /// <summary>The chart as PNG bytes.</summary>
    public byte[] Png(RecordChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (cache.TryGetValue(chart.Id, out var png))
        {
            return png;
        }

        png = Draw(chart);
        Interlocked.Increment(ref renders);
        if (cache.Count >= MaxCached)
        {
            cache.Clear();
        }

        cache[chart.Id] = png;
        return png;
    }

    /// <summary>The top of a stacked bar chart's axis: a little above the tallest stack, at least 1.</summary>
    internal static double BarTop(RecordChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var tallest = Enumerable.Range(0, chart.Labels.Count).Select(i => chart.Series.Sum(s => i < s.Values.Count ? s.Values[i] ?? 0 : 0)).DefaultIfEmpty(0).Max();
        return Math.Max(1, tallest) * 1.08;
    }

    private static byte[] Draw(RecordChart chart)
    {
        var easel = Easels.TryTake(out var pooled) ? pooled : new Easel();
        byte[] png;
        try
        {
            png = easel.Draw(chart);
        }
        catch
        {
            easel.Dispose(); // a drawing that failed half-way may have left its plot in any state: never reuse it
            throw;
        }

        // A few easels (one per concurrent drawing, ~1 MB each) are kept; a burst beyond that frees its extras.
        if (Easels.Count < MaxPooledEasels)
        {
            Easels.Add(easel);
        }
        else
        {
            easel.Dispose();
        }

        return png;
    }

    /// <summary>
    /// Sets up <paramref name="plot"/>, new or drawn before, to draw <paramref name="chart"/>: whatever an earlier chart
    /// set (series, legend items, title, ticks, limits) is replaced (internal for tests of the layout).
    /// </summary>
    internal static void Compose(Plot plot, RecordChart chart)
    {
        plot.Clear();
        plot.Legend.ManualItems.Clear();
        plot.Title(chart.Title.Length > 70 ? chart.Title[..70] + "…" : chart.Title, size: 13);
        var positions = Enumerable.Range(0, chart.Labels.Count).Select(i => (double)i).ToArray();
        // Twelve weeks' dates side by side run into each other at this width: past eight points every other one is named
        // (each still has its tick). Every rep is named: a bar without its name says nothing.
        var thin = chart.Kind == RecordChartKind.TrendLines && chart.Labels.Count > 8;
        var ticks = positions.Zip(chart.Labels, (p, l) => new Tick(p, thin && (int)p % 2 == 1 ? string.Empty : l.Length > 12 ? l[..12] : l)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        if (chart.Kind == RecordChartKind.TrendLines)
        {
            var palette = new[] { Colors.SteelBlue, Colors.SeaGreen };
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var series = chart.Series[s];
                var xs = new List<double>();
                var ys = new List<double>();
                for (var i = 0; i < series.Values.Count; i++)
                {
                    if (series.Values[i] is { } v)
                    {
                        xs.Add(i);
                        ys.Add(v);
                    }
                }

                var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette[s % palette.Length]);
                line.LegendText = series.Name;
                line.LineWidth = 2;
                line.MarkerSize = 6;
            }

            plot.Axes.SetLimits(-0.5, Math.Max(0.5, chart.Labels.Count - 0.5), 0, 105);
            plot.Axes.Left.Label.Text = "%";
        }
        else
        {
            var palette = new[] { Colors.SeaGreen, Colors.SteelBlue, Colors.Orange, Colors.FireBrick };
            var bars = new List<Bar>();
            for (var i = 0; i < chart.Labels.Count; i++)
            {
                double bottom = 0;
                for (var s = 0; s < chart.Series.Count; s++)
                {
                    var value = chart.Series[s].Values[i] ?? 0;
                    bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + value, FillColor = palette[s % palette.Length] });
                    bottom += value;
                }
            }

            plot.Add.Bars(bars);
            for (var s = 0; s < chart.Series.Count; s++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = chart.Series[s].Name, FillColor = palette[s % palette.Length] });
            }

            // Limits set here, not found by auto-scaling: a plot drawn before keeps its limits, and a period with
            // nothing closed (every bar 0) would otherwise get an axis from -1 to 1.
            plot.Axes.SetLimits(-0.5, Math.Max(0.5, chart.Labels.Count - 0.5), 0, BarTop(chart));
            plot.Axes.Left.Label.Text = "promises";
        }

        // The legend goes under the chart, in a row, so it never hides a line or a bar.
        if (!plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().Any())
        {
            plot.ShowLegend(Edge.Bottom);
        }
    }

    /// <summary>
    /// One drawing's tools, used by one thread at a time and then by the next chart: an opaque raster surface and a
    /// ScottPlot plot per chart kind. Reusing the plot matters: a new <see cref="Plot"/> costs ~0.6 ms more to draw the
    /// first time than the same plot drawn again, and <see cref="Compose"/> resets everything a chart sets.
    /// </summary>
    internal sealed class Easel : IDisposable
    {
        private readonly SKSurface surface = SKSurface.Create(new SKImageInfo(Width, Height, SKImageInfo.PlatformColorType, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface for the chart.");

        private readonly Plot trend = new();
        private readonly Plot bars = new();

        /// <summary>The chart as PNG bytes.</summary>
        public byte[] Draw(RecordChart chart)
        {
            var plot = chart.Kind == RecordChartKind.TrendLines ? trend : bars;
            Compose(plot, chart);

            // ScottPlot draws onto our own opaque surface (no alpha channel: the PNG is RGB, a quarter smaller, and the
            // encoder has less to do); the PNG is then written with a fast zlib level and no row filters, which is most
            // of the saving: ScottPlot's GetImageBytes tries every filter on every row at the default level (~5–8 ms).
            plot.Render(surface.Canvas, Width, Height); // ScottPlot clears the canvas and fills the whole figure first
            using var pixels = surface.PeekPixels();
            using var data = pixels.Encode(PngOptions)
                ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.");
            return data.ToArray();
        }

        public void Dispose()
        {
            trend.Dispose();
            bars.Dispose();
            surface.Dispose();
        }
    }
}
