using System.Globalization;
using System.Net;
using System.Text;
using CommitmentBot.Core.Records;
using NodaTime;

namespace CommitmentBot.Records;

/// <summary>The record page as server-rendered HTML: no script, readable at 390 px.</summary>
public static class RecordPage
{
    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:12px;color:#1d1c1d;background:#fafafa;line-height:1.4}"
        + "main{max-width:960px;margin:0 auto}h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}"
        + "p.period{color:#555;margin:0 0 .6rem}dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem .8rem;margin:0}"
        + "dt{font-weight:600}dd{margin:0}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}"
        + "table{border-collapse:collapse;width:100%;font-size:.9rem;background:#fff}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;white-space:nowrap}"
        + "th{background:#f0f0f0}td.n{text-align:right}img{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}"
        + "figure{margin:.4rem 0 1rem}figcaption{font-size:.8rem;color:#555}ul{padding-left:1.2rem}footer{margin-top:1.5rem;font-size:.8rem;color:#666}"
        + "@media (max-width:600px){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.5rem}}";

    /// <summary>The page for a report.</summary>
    public static string Render(RecordReport report, DateTimeZone zone, Func<RecordChart, string> chartUrl)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(chartUrl);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(report.Title)).Append(" — CommitmentBot</title><style>").Append(Style).Append("</style></head><body><main>");
        html.Append("<h1>").Append(E(report.Title)).Append("</h1><p class=\"period\">").Append(E(RecordMessages.Heading(report, zone).TrimEnd(':'))).Append("</p>");

        html.Append("<h2>Figures</h2><dl>");
        foreach (var fact in RecordMessages.Figures(report))
        {
            html.Append("<dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd>");
        }

        html.Append("</dl><h2>Charts</h2>");
        foreach (var chart in report.Charts)
        {
            html.Append("<figure><img src=\"").Append(E(chartUrl(chart))).Append("\" alt=\"").Append(E(chart.AltText))
                .Append("\" width=\"600\" height=\"300\"><figcaption>").Append(E(chart.AltText)).Append("</figcaption></figure>");
        }

        if (report.Reps.Count > 0)
        {
            html.Append("<h2>Per rep</h2>");
            Table(html, "Rep", report.Reps);
        }

        html.Append("<h2>Per customer</h2>");
        if (report.Customers.Count == 0)
        {
            html.Append("<p>No promises fell due in this period.</p>");
        }
        else
        {
            Table(html, "Customer", report.Customers);
        }

        html.Append("<h2>Slips</h2>");
        if (report.Slips.Count == 0)
        {
            html.Append("<p>No slips in this period.</p>");
        }
        else
        {
            html.Append("<ul>");
            foreach (var slip in report.Slips)
            {
                html.Append("<li>").Append(E(RecordMessages.Slip(slip, zone))).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<footer>This page was made for one person and shows only what they may see. Its link expires 14 days after it was sent.</footer>");
        html.Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>The page for a link that is forged, altered, expired or no longer allowed: no data at all.</summary>
    public const string NotFound =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<title>Not found</title></head><body><h1>Not found</h1><p>This record link is not valid or has expired. Ask the bot for a new one with <code>/promise record</code>.</p></body></html>";

    private static void Table(StringBuilder html, string what, IReadOnlyList<RecordRow> rows)
    {
        html.Append("<div class=\"scroll\"><table><thead><tr><th>").Append(what)
            .Append("</th><th>Kept its word</th><th>On time</th><th>Reneg. in time</th><th>Late</th><th>Missed</th><th>Overdue</th><th>Surprises</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            var c = r.Current;
            html.Append("<tr><td>").Append(E(r.Name)).Append("</td><td class=\"n\">").Append(E(RecordMessages.Rate(c.KeptWordRate, c.OnTime + c.RenegotiatedInTime, c.Closed)))
                .Append("</td><td class=\"n\">").Append(E(RecordMessages.Rate(c.OnTimeRate, c.OnTime, c.Closed)))
                .Append("</td><td class=\"n\">").Append(N(c.RenegotiatedInTime)).Append("</td><td class=\"n\">").Append(N(c.Late))
                .Append("</td><td class=\"n\">").Append(N(c.Missed)).Append("</td><td class=\"n\">").Append(N(c.OverdueOpen))
                .Append("</td><td class=\"n\">").Append(N(c.Surprises)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
