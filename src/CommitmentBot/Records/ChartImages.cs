using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;

namespace CommitmentBot.Records;

/// <summary>The platforms' charts: PNGs from the <see cref="ChartRenderer"/>'s cache, links signed by <see cref="RecordLinks"/>.</summary>
public sealed class ChartImages(ChartRenderer renderer, RecordLinks links) : IChartImages
{
    /// <inheritdoc />
    public byte[] Png(RecordChart chart) => renderer.Png(chart);

    /// <inheritdoc />
    public string Url(RecordChart chart) => links.ChartUrl(chart);
}
