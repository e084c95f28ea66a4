using System.Globalization;
using System.Text;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Records;

/// <summary>A record in chat words: the figures with their trend, the tables, the worst slips, the charts and the page link.</summary>
public static class RecordMessages
{
    /// <summary>Rows a chat table shows (the page shows them all).</summary>
    public const int ChatRows = 10;

    /// <summary>The chat answer to <c>/promise record</c>.</summary>
    public static OutboundMessage Format(RecordReport report, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(zone);
        var sections = new List<MessageSection>
        {
            new("Figures", null, Figures(report), [], []),
        };
        if (report.Reps.Count > 0)
        {
            sections.Add(MessageSection.FromText("*Per rep*\n" + Table(report.Reps)) with { Title = null });
        }

        if (report.Customers.Count > 0)
        {
            sections.Add(MessageSection.FromText("*Per customer*\n" + Table(report.Customers)));
        }

        sections.Add(MessageSection.FromText(report.Slips.Count == 0
            ? "*Worst slips*\nNo slips in this period."
            : "*Worst slips*\n" + string.Join('\n', report.Slips.Take(RecordReporter.ChatSlips).Select(s => "• " + Slip(s, zone)))));
        if (report.PageUrl is { } url)
        {
            sections.Add(MessageSection.FromText($"Full record (charts, every rep, customer and slip; the link works for you for 14 days): {url}"));
        }

        return new OutboundMessage(MessageKind.Reply, Heading(report, zone), sections)
        {
            Images = report.Charts.Select(c => new MessageImage(c)).ToList(),
        };
    }

    /// <summary>"Your team's record, last week (Mon 30 Nov – Sun 6 Dec):".</summary>
    public static string Heading(RecordReport report, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(report);
        var first = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(report.Window.Start)).Date;
        var last = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(report.Window.End.AddTicks(-1))).Date;
        return $"{report.Title}, {report.Period.Label} ({first.ToString("ddd d MMM", CultureInfo.InvariantCulture)} – {last.ToString("ddd d MMM", CultureInfo.InvariantCulture)}):";
    }

    /// <summary>The figures, each with its base and its change from the previous period.</summary>
    public static IReadOnlyList<MessageFact> Figures(RecordReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = report.Totals.Current;
        var before = report.Totals.Previous;
        var facts = new List<MessageFact>
        {
            new("Kept its word", Rate(now.KeptWordRate, now.OnTime + now.RenegotiatedInTime, now.Closed) + " " + RateTrend(now.KeptWordRate, before.KeptWordRate)),
            new("On time", Rate(now.OnTimeRate, now.OnTime, now.Closed) + " " + RateTrend(now.OnTimeRate, before.OnTimeRate)),
            new("Renegotiated in time", Count(now.RenegotiatedInTime, before.RenegotiatedInTime)),
            new("Kept late", Count(now.Late, before.Late) + (report.MedianLateness is { } m ? $"; median lateness {m} (of {now.KeptLate} kept late" + (report.PreviousMedianLateness is { } p ? $"; before: {p})" : ")") : "")),
            new("Missed", Count(now.Missed, before.Missed)),
            new("Renegotiated before due", Count(now.RenegotiatedBeforeDue, before.RenegotiatedBeforeDue) + $"; customer told: {now.CustomerTold} of {now.RenegotiatedBeforeDue}"),
            new("Surprises (the manager heard from the bot)", Count(now.Surprises, before.Surprises)),
            new("Overdue, still open", Count(now.OverdueOpen, before.OverdueOpen)),
            new("Cancelled (in no rate)", Count(now.Cancelled, before.Cancelled)),
        };
        return facts;
    }

    /// <summary>"75% (6 of 8)", or "— (nothing closed)".</summary>
    public static string Rate(double? rate, int part, int whole) =>
        rate is null ? "— (nothing closed)" : $"{rate.Value.ToString("0", CultureInfo.InvariantCulture)}% ({part} of {whole})";

    /// <summary>"↑ 10 pts (was 65%)", "↓ …", "→ same", or "(no earlier figure)".</summary>
    public static string RateTrend(double? now, double? before)
    {
        if (before is null)
        {
            return "(no figure for the period before)";
        }

        if (now is null)
        {
            return $"(was {before.Value.ToString("0", CultureInfo.InvariantCulture)}%)";
        }

        var change = Math.Round(now.Value - before.Value);
        var was = before.Value.ToString("0", CultureInfo.InvariantCulture) + "%";
        return change switch
        {
            > 0 => $"↑ {change.ToString("0", CultureInfo.InvariantCulture)} pts (was {was})",
            < 0 => $"↓ {(-change).ToString("0", CultureInfo.InvariantCulture)} pts (was {was})",
            _ => $"→ same (was {was})",
        };
    }

    /// <summary>"3 ↑ 1 (was 2)".</summary>
    public static string Count(int now, int before) => now.ToString(CultureInfo.InvariantCulture) + " " + (now - before) switch
    {
        > 0 => $"↑ {now - before} (was {before})",
        < 0 => $"↓ {before - now} (was {before})",
        _ => $"→ same (was {before})",
    };

    /// <summary>One line per row: kept its word, on time, late, missed, surprises, each with its base.</summary>
    public static string Table(IReadOnlyList<RecordRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var r in rows.Take(ChatRows))
        {
            text.Append("• ").Append(r.Name).Append(": ").Append(Line(r)).Append('\n');
        }

        if (rows.Count > ChatRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"… and {rows.Count - ChatRows} more on the record page.\n");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>A row's figures on one line.</summary>
    public static string Line(RecordRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var c = row.Current;
        if (c.Listed == 0)
        {
            return "nothing due in the period";
        }

        var arrow = Arrow(c.KeptWordRate, row.Previous.KeptWordRate);
        return $"kept its word {Rate(c.KeptWordRate, c.OnTime + c.RenegotiatedInTime, c.Closed)}{(arrow.Length == 0 ? "" : " " + arrow)}, "
            + $"on time {Rate(c.OnTimeRate, c.OnTime, c.Closed)}, late {c.Late}, missed {c.Missed}, surprises {c.Surprises}"
            + (c.OverdueOpen > 0 ? $", overdue {c.OverdueOpen}" : "");
    }

    private static string Arrow(double? now, double? before) =>
        now is null || before is null ? "" : Math.Round(now.Value - before.Value) switch { > 0 => "↑", < 0 => "↓", _ => "→" };

    /// <summary>"P-7 for Acme, send the quote (Ana): kept 2 days after Fri 27 Nov" and the like.</summary>
    public static string Slip(RecordSlip slip, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(slip);
        var p = slip.Promise;
        var due = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(p.DueAt)).ToString("ddd d MMM, h:mm tt", CultureInfo.InvariantCulture);
        var what = $"{p.ShortId}{(p.Customer is null ? "" : " for " + p.Customer)}, {p.Text} ({slip.OwnerName})";
        return slip.Outcome switch
        {
            RecordOutcome.Missed => $"{what}: missed, due {due}",
            RecordOutcome.OverdueOpen => $"{what}: overdue since {due}, still open",
            _ when p.ClosedAt is { } closed && closed > p.DueAt => $"{what}: kept {TimeText.Duration(closed - p.DueAt)} after {due}",
            _ => $"{what}: kept after a late or untold move (first due {ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(p.FirstDue)).ToString("ddd d MMM", CultureInfo.InvariantCulture)})",
        };
    }
}
