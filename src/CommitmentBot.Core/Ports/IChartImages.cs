using CommitmentBot.Core.Records;

namespace CommitmentBot.Core.Ports;

/// <summary>
/// The host's charts for the platforms: a chart drawn as PNG (each drawn once per (view, period, data version) and
/// reused), and a signed, expiring URL to it on the app's public address.
/// </summary>
public interface IChartImages
{
    /// <summary>The chart as PNG bytes.</summary>
    byte[] Png(RecordChart chart);

    /// <summary>A signed, expiring link to the chart's PNG on the app's public URL.</summary>
    string Url(RecordChart chart);
}
