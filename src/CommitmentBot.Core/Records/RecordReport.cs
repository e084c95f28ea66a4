using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Records;

/// <summary>One row of a per-rep or per-customer table.</summary>
/// <param name="Key">The rep's user id or the customer key (null = no customer).</param>
/// <param name="Name">What to show.</param>
/// <param name="Current">This period.</param>
/// <param name="Previous">The period before.</param>
public sealed record RecordRow(string? Key, string Name, RecordCounts Current, RecordCounts Previous);

/// <summary>A slip of the period, with whose it is.</summary>
/// <param name="Promise">The promise.</param>
/// <param name="OwnerName">Its rep's name.</param>
/// <param name="Outcome">Late, missed or overdue and still open.</param>
public sealed record RecordSlip(Commitment Promise, string OwnerName, RecordOutcome Outcome);

/// <summary>A chart's data (drawn by the host with a charting library); <see cref="AltText"/> carries every number.</summary>
/// <param name="Id">A stable id of the view and data (equal data, equal id: the rendered image is cached by it).</param>
/// <param name="Kind">Lines or stacked bars.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Labels">The x-axis labels (weeks, reps).</param>
/// <param name="Series">The series, each a value per label (null = no data).</param>
public sealed record RecordChart(string Id, RecordChartKind Kind, string Title, IReadOnlyList<string> Labels, IReadOnlyList<RecordSeries> Series)
{
    /// <summary>The chart in words, numbers included.</summary>
    public string AltText
    {
        get
        {
            var parts = Labels.Select((label, i) => label + ": " + string.Join(", ", Series.Select(s => s.Name + " " + Format(s.Values[i], s.Percent))));
            return Title + ". " + string.Join("; ", parts) + ".";
        }
    }

    private static string Format(double? value, bool percent) =>
        value is null ? "no data" : percent ? value.Value.ToString("0", CultureInfo.InvariantCulture) + "%" : value.Value.ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>Which chart.</summary>
public enum RecordChartKind
{
    /// <summary>On-time and kept-its-word rates per week (lines, 0–100 %).</summary>
    TrendLines,

    /// <summary>Per rep: on time / renegotiated before due / late / missed (stacked bars).</summary>
    RepBars,
}

/// <summary>One series of a chart.</summary>
/// <param name="Name">Its legend.</param>
/// <param name="Values">One value per label.</param>
/// <param name="Percent">True for rates.</param>
public sealed record RecordSeries(string Name, IReadOnlyList<double?> Values, bool Percent);

/// <summary>A whole record as a viewer may see it: figures, trend, tables, slips and charts.</summary>
public sealed record RecordReport
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Who is looking.</summary>
    public required string ViewerId { get; init; }

    /// <summary>Whose record.</summary>
    public required RecordSubject Subject { get; init; }

    /// <summary>"Your record", "Ana's record", "Your team's record", "Acme".</summary>
    public required string Title { get; init; }

    /// <summary>The period.</summary>
    public required RecordPeriod Period { get; init; }

    /// <summary>Its instants.</summary>
    public required RecordWindow Window { get; init; }

    /// <summary>The totals, this period and the one before.</summary>
    public required RecordRow Totals { get; init; }

    /// <summary>The median lateness of the kept-late promises, in words ("19.5 working hours"), or null.</summary>
    public string? MedianLateness { get; init; }

    /// <summary>The same for the previous period.</summary>
    public string? PreviousMedianLateness { get; init; }

    /// <summary>The median lateness (working time), for comparisons.</summary>
    public TimeSpan? MedianLatenessSpan { get; init; }

    /// <summary>The previous period's median lateness.</summary>
    public TimeSpan? PreviousMedianLatenessSpan { get; init; }

    /// <summary>One row per rep (team and workspace views; empty for one person).</summary>
    public IReadOnlyList<RecordRow> Reps { get; init; } = [];

    /// <summary>One row per customer.</summary>
    public IReadOnlyList<RecordRow> Customers { get; init; } = [];

    /// <summary>The period's slips, the worst first.</summary>
    public IReadOnlyList<RecordSlip> Slips { get; init; } = [];

    /// <summary>The charts.</summary>
    public IReadOnlyList<RecordChart> Charts { get; init; } = [];

    /// <summary>The link to the record page, when the host can make one.</summary>
    public string? PageUrl { get; init; }
}

/// <summary>Makes the signed, expiring link to the record page for a viewer (the host's Data Protection).</summary>
public interface IRecordLinks
{
    /// <summary>The page's URL for this viewer, subject and period, or null when the app has no public URL.</summary>
    string? PageUrl(string workspaceId, string viewerId, RecordSubject subject, RecordPeriod period, DateTimeOffset now);
}

/// <summary>No page links (tests, or no public URL).</summary>
public sealed class NoRecordLinks : IRecordLinks
{
    /// <summary>The one instance.</summary>
    public static NoRecordLinks Instance { get; } = new();

    /// <inheritdoc />
    public string? PageUrl(string workspaceId, string viewerId, RecordSubject subject, RecordPeriod period, DateTimeOffset now) => null;
}
