using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Records;

/// <summary>What a viewer may see of a subject: the scope to count, or why not.</summary>
/// <param name="Scope">The promises counted (null when refused).</param>
/// <param name="Title">The record's title.</param>
/// <param name="PerRep">True when the record has a row per rep (team and workspace).</param>
/// <param name="Reps">The reps listed one by one (every report, even one with nothing counted).</param>
/// <param name="Refusal">Why the viewer may not see it, or null.</param>
public sealed record RecordAccess(RecordScope? Scope, string Title, bool PerRep, IReadOnlyList<Person> Reps, string? Refusal);

/// <summary>
/// Builds a <see cref="RecordReport"/> for a viewer from the record store: who sees what (SPEC "Who sees what"), the
/// figures and their trend, the tables, the slips and the charts' data. Shared by <c>/promise record</c>, the weekly
/// digest and the record page, so all three show the same numbers.
/// </summary>
public sealed class RecordReporter(IRecordStore records, IPeopleStore people, IRecordLinks links)
{
    /// <summary>Slips a chat reply shows.</summary>
    public const int ChatSlips = 3;

    /// <summary>Most people a workspace view lists.</summary>
    private const int MaxPeople = 2000;

    /// <summary>Resolves what <paramref name="viewer"/> may see of <paramref name="subject"/> (<paramref name="reports"/>: the viewer's reports when the caller has just read them).</summary>
    public async Task<RecordAccess> AccessAsync(Person viewer, RecordSubject subject, CancellationToken cancellationToken, IReadOnlyList<Person>? reports = null)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var ws = viewer.WorkspaceId;
        switch (subject)
        {
            case RecordSubject.Person p when p.UserId != viewer.UserId:
                var person = await people.FindAsync(ws, p.UserId, cancellationToken).ConfigureAwait(false);
                if (person is null)
                {
                    return Refused($"I don't know <@{p.UserId}> in this workspace yet: people appear once they have used `/promise` or an admin has mapped them (`/promise admin manager @rep @manager`).");
                }

                if (person.ManagerId != viewer.UserId && !viewer.IsAdmin)
                {
                    return Refused($"You can see your own record and, as their manager, your reports' (admins see everyone's). <@{p.UserId}> does not report to you.");
                }

                return new RecordAccess(new RecordScope(ws, [person.UserId]), person.Name + "'s record", false, [person], null);
            case RecordSubject.Team:
                reports ??= await people.ListReportsAsync(ws, viewer.UserId, cancellationToken).ConfigureAwait(false);
                if (reports.Count == 0)
                {
                    return Refused("Nobody reports to you yet, so there is no team record. An admin maps reports with `/promise admin manager @rep @manager`"
                        + (viewer.IsAdmin ? "; as an admin, `/promise record all` shows everyone." : "."));
                }

                return new RecordAccess(new RecordScope(ws, reports.Select(r => r.UserId).ToList()), "Your team's record", true, reports, null);
            case RecordSubject.Everyone:
                if (!viewer.IsAdmin)
                {
                    return Refused("Only admins see the whole workspace's record. Try `/promise record` (yours) or `/promise record team` (your reports).");
                }

                var everyone = await people.ListAsync(ws, MaxPeople, cancellationToken).ConfigureAwait(false);
                return new RecordAccess(new RecordScope(ws, null), "The workspace's record", true, everyone, null);
            case RecordSubject.Customer c:
                var key = RecordScope.CustomerKeyOf(c.Name);
                if (viewer.IsAdmin)
                {
                    return new RecordAccess(new RecordScope(ws, null, key), c.Name.Trim() + " (customer)", false, [], null);
                }

                var mine = await people.ListReportsAsync(ws, viewer.UserId, cancellationToken).ConfigureAwait(false);
                return new RecordAccess(new RecordScope(ws, [viewer.UserId, .. mine.Select(r => r.UserId)], key), c.Name.Trim() + " (customer)", false, [], null);
            default:
                return new RecordAccess(new RecordScope(ws, [viewer.UserId]), "Your record", false, [viewer], null);
        }

        static RecordAccess Refused(string why) => new(null, "", false, [], why);
    }

    /// <summary>
    /// Builds the record the access allows; without <paramref name="charts"/>, no chart (and no 12-week trend is read).
    /// <paramref name="readsSideBySide"/> runs the store's reads at once, which shortens one person's wait; a batch (the
    /// weekly digest) turns it off, since on a busy machine the extra connections cost more than they save.
    /// </summary>
    public async Task<RecordReport> BuildAsync(
        Person viewer,
        RecordSubject subject,
        RecordAccess access,
        RecordPeriod period,
        DateTimeOffset now,
        int slipLimit,
        CancellationToken cancellationToken,
        bool charts = true,
        bool readsSideBySide = true)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(period);
        var scope = access.Scope ?? throw new InvalidOperationException("The viewer may not see this record.");
        var zone = TimeZones.ResolveOrUtc(viewer.EffectiveZoneId);
        var window = period.Resolve(now, zone);

        // For one person waiting, the store's reads run side by side. A batch reads the counts first and skips what
        // they show is empty: no kept-late promise means no lateness to read, no slip counted means no slips to list.
        var bounds = RecordPeriod.WeekBoundaries(now, zone, 12);
        RecordGroups groups;
        IReadOnlyList<LatenessSample> late;
        IReadOnlyList<Commitment> slips;
        IReadOnlyList<RecordCounts>? weeks;
        if (readsSideBySide)
        {
            var counting = records.CountAsync(scope, window, now, cancellationToken);
            var lateness = records.LatenessAsync(scope, window, cancellationToken);
            var slipping = records.SlipsAsync(scope, window.Start, window.End, now, slipLimit, cancellationToken);
            var trending = charts ? records.WeeklyAsync(scope, bounds, now, cancellationToken) : null;
            groups = await counting.ConfigureAwait(false);
            late = await lateness.ConfigureAwait(false);
            slips = await slipping.ConfigureAwait(false);
            weeks = trending is null ? null : await trending.ConfigureAwait(false);
        }
        else
        {
            groups = await records.CountAsync(scope, window, now, cancellationToken).ConfigureAwait(false);
            var current = Sum(groups.ByOwner.Select(g => g.Current));
            var keptLate = current.KeptLate + Sum(groups.ByOwner.Select(g => g.Previous)).KeptLate;
            late = keptLate == 0 ? [] : await records.LatenessAsync(scope, window, cancellationToken).ConfigureAwait(false);
            slips = current.Late + current.Missed + current.OverdueOpen == 0
                ? []
                : await records.SlipsAsync(scope, window.Start, window.End, now, slipLimit, cancellationToken).ConfigureAwait(false);
            weeks = charts ? await records.WeeklyAsync(scope, bounds, now, cancellationToken).ConfigureAwait(false) : null;
        }

        var (byOwner, byCustomer) = groups;

        var ownerIds = byOwner.Select(g => g.Key!).Concat(late.Select(l => l.OwnerId)).Concat(slips.Select(s => s.OwnerId)).Distinct(StringComparer.Ordinal)
            .Where(id => access.Reps.All(r => r.UserId != id)).ToList();
        var found = ownerIds.Count == 0 ? [] : await people.FindManyAsync(viewer.WorkspaceId, ownerIds, cancellationToken).ConfigureAwait(false);
        var persons = access.Reps.Concat(found).GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        string NameOf(string id) => persons.TryGetValue(id, out var p) ? p.Name : id;

        var total = new RecordRow(null, access.Title, Sum(byOwner.Select(g => g.Current)), Sum(byOwner.Select(g => g.Previous)));
        var reps = access.PerRep
            ? access.Reps.Select(r => byOwner.FirstOrDefault(g => g.Key == r.UserId) is { } g
                    ? new RecordRow(r.UserId, r.Name, g.Current, g.Previous)
                    : new RecordRow(r.UserId, r.Name, RecordCounts.Zero, RecordCounts.Zero))
                .Concat(byOwner.Where(g => access.Reps.All(r => r.UserId != g.Key)).Select(g => new RecordRow(g.Key, NameOf(g.Key!), g.Current, g.Previous)))
                .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
                .ToList()
            : [];
        var customers = byCustomer
            .Select(g => new RecordRow(g.Key, g.Key is null ? "no customer" : (g.Label ?? g.Key).Trim(), g.Current, g.Previous))
            .Where(r => r.Current.Listed > 0 || r.Previous.Listed > 0)
            .OrderByDescending(r => r.Current.Listed)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var hoursOf = (string id) => persons.TryGetValue(id, out var p) ? (TimeZones.ResolveOrUtc(p.EffectiveZoneId), p.EffectiveWorkingHours) : (DateTimeZone.Utc, WorkingHours.Default);
        TimeSpan? MedianOf(bool previous) => RecordLateness.Median(late.Where(l => l.Previous == previous).Select(l =>
        {
            var (z, h) = hoursOf(l.OwnerId);
            return RecordLateness.WorkingTimeBetween(l.DueAt, l.ClosedAt, z, h);
        }));
        var describeHours = access.Reps.Count == 1 ? access.Reps[0].EffectiveWorkingHours : WorkingHours.Default;
        var median = MedianOf(false);
        var previousMedian = MedianOf(true);

        var report = new RecordReport
        {
            WorkspaceId = viewer.WorkspaceId,
            ViewerId = viewer.UserId,
            Subject = subject,
            Title = access.Title,
            Period = period,
            Window = window,
            Totals = total,
            MedianLatenessSpan = median,
            PreviousMedianLatenessSpan = previousMedian,
            MedianLateness = median is null ? null : RecordLateness.Describe(median.Value, describeHours),
            PreviousMedianLateness = previousMedian is null ? null : RecordLateness.Describe(previousMedian.Value, describeHours),
            Reps = reps,
            Customers = customers,
            Slips = slips.Select(s => new RecordSlip(s, NameOf(s.OwnerId), RecordRules.Classify(RecordFacts.Of(s), now))).ToList(),
            PageUrl = links.PageUrl(viewer.WorkspaceId, viewer.UserId, subject, period, now),
        };
        return weeks is null ? report : report with { Charts = Charts(report, bounds, weeks, zone) };
    }

    private static RecordCounts Sum(IEnumerable<RecordCounts> counts) => counts.Aggregate(RecordCounts.Zero, (a, b) => a.Plus(b));

    private static List<RecordChart> Charts(RecordReport report, IReadOnlyList<DateTimeOffset> bounds, IReadOnlyList<RecordCounts> weeks, DateTimeZone zone)
    {
        var labels = bounds.Take(weeks.Count)
            .Select(b => ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(b)).Date.ToString("d MMM", CultureInfo.InvariantCulture))
            .ToList();
        var trend = Chart(
            RecordChartKind.TrendLines,
            $"{report.Title}: on time and kept its word, week by week",
            labels,
            [
                new RecordSeries("On time", weeks.Select(w => w.OnTimeRate).ToList(), true),
                new RecordSeries("Kept its word", weeks.Select(w => w.KeptWordRate).ToList(), true),
            ]);
        var rows = report.Reps.Count > 0 ? report.Reps : [report.Totals];
        var bars = Chart(
            RecordChartKind.RepBars,
            $"{report.Title}, {report.Period.Label}: outcomes per rep",
            rows.Select(r => r.Name).ToList(),
            [
                new RecordSeries("On time", rows.Select(r => (double?)r.Current.OnTime).ToList(), false),
                new RecordSeries("Renegotiated before due", rows.Select(r => (double?)r.Current.RenegotiatedInTime).ToList(), false),
                new RecordSeries("Kept late", rows.Select(r => (double?)r.Current.Late).ToList(), false),
                new RecordSeries("Missed", rows.Select(r => (double?)r.Current.Missed).ToList(), false),
            ]);
        return [trend, bars];
    }

    private static RecordChart Chart(RecordChartKind kind, string title, IReadOnlyList<string> labels, IReadOnlyList<RecordSeries> series)
    {
        // Equal data, equal id: the host renders each chart once per (view, period, data version) and reuses it.
        var text = new StringBuilder().Append(kind).Append('|').Append(title);
        foreach (var l in labels)
        {
            text.Append('|').Append(l);
        }

        foreach (var s in series)
        {
            text.Append('|').Append(s.Name);
            foreach (var v in s.Values)
            {
                text.Append(',').Append(v?.ToString("R", CultureInfo.InvariantCulture) ?? "-");
            }
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
        return new RecordChart(id, kind, title, labels, series);
    }
}
