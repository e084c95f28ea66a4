using System.Collections.Concurrent;
using CommitmentBot.Core.Records;
using ScottPlot;

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

    private static byte[] Draw(RecordChart chart)
    {
        var plot = new Plot();
        plot.Title(chart.Title.Length > 70 ? chart.Title[..70] + "…" : chart.Title, size: 13);
        var positions = Enumerable.Range(0, chart.Labels.Count).Select(i => (double)i).ToArray();
        var ticks = positions.Zip(chart.Labels, (p, l) => new Tick(p, l.Length > 12 ? l[..12] : l)).ToArray();
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

            plot.Axes.Margins(bottom: 0);
            plot.Axes.Left.Label.Text = "promises";
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
