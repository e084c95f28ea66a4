using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using NodaTime;
using NodaTime.Calendars;

namespace CommitmentBot.Core.Records;

/// <summary>What one digest run did.</summary>
/// <param name="Managers">Managers looked at.</param>
/// <param name="Sent">Digests handed to the outbox (managers' and reps' "your week"); the delivery path sends them.</param>
/// <param name="Claimed">Claims won (one per person and ISO week).</param>
public sealed record DigestRun(int Managers, int Sent, int Claimed);

/// <summary>
/// The weekly digest (SPEC "Where it is shown"): each manager with at least one report gets, once per ISO week, at the
/// digest time (policy: <see cref="EscalationPolicy.DigestDay"/> and <see cref="EscalationPolicy.DigestTime"/> in their
/// zone, Monday 09:00 by default) or the first moment after it inside their working hours, the team's record for the
/// week that just ended with the trend, one line per rep, what is overdue or at risk now (with the buttons to act),
/// what falls due this week, the charts and the page link; each of their reps gets "your week" at the same time.
/// The run only claims: a claim per person and week (the idempotency key) and a pending outbox delivery, in one
/// transaction; the outbox's one delivery path (<see cref="NotificationDelivery"/>) renders it with
/// <see cref="RenderAsync"/> and sends it, with its retries and crash recovery.
/// </summary>
public sealed class WeeklyDigest(
    IDigestStore digests,
    IRecordStore records,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    ICommitmentStore commitments,
    IRecordLinks links) : IDigestRenderer
{
    private const int Page = 500;

    private const int ClaimConcurrency = 4;

    /// <summary>The ISO week key (<c>2026-W49</c>) of a local date.</summary>
    public static string WeekKey(LocalDate date) =>
        string.Create(CultureInfo.InvariantCulture, $"{WeekYearRules.Iso.GetWeekYear(date)}-W{WeekYearRules.Iso.GetWeekOfWeekYear(date):00}");

    /// <summary>
    /// When this week's digest is delivered to the person: the policy's digest day and time (default Monday 09:00) of
    /// the current ISO week in their zone, or the first instant of their working hours after it.
    /// </summary>
    public static DateTimeOffset DeliverAt(Person person, DateTimeOffset now, EscalationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        policy ??= EscalationPolicy.Default;
        var zone = TimeZones.ResolveOrUtc(person.EffectiveZoneId);
        var local = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now));
        var monday = local.Date.PlusDays(-((int)local.Date.DayOfWeek - 1));
        var isoDay = policy.DigestDay == DayOfWeek.Sunday ? 7 : (int)policy.DigestDay;
        var time = LocalTime.FromMinutesSinceMidnight((int)policy.DigestTime.TotalMinutes);
        var at = ZoneMath.At(zone, monday.PlusDays(isoDay - 1), time).ToDateTimeOffset();
        return WorkingCalendar.NextWorkingInstant(at, zone, person.EffectiveWorkingHours);
    }

    /// <summary>
    /// True when the person's digest for this week is due at <paramref name="now"/>; with <paramref name="since"/>, only
    /// when its delivery instant fell after it (a simulated clock that jumps: the digest goes when the clock passes it).
    /// </summary>
    public static bool IsDue(Person person, DateTimeOffset now, DateTimeOffset? since = null, EscalationPolicy? policy = null)
    {
        var at = DeliverAt(person, now, policy);
        return at <= now && (since is null || at > since) && at - now < TimeSpan.FromDays(7);
    }

    /// <summary>Hands every digest due at <paramref name="now"/> that has not been claimed this week to the outbox.</summary>
    public async Task<DigestRun> RunAsync(DateTimeOffset now, CancellationToken cancellationToken, DateTimeOffset? since = null)
    {
        int managers = 0, sent = 0, claimed = 0;
        DigestManager? after = null;
        while (true)
        {
            var page = await digests.ListManagersAsync(after, Page, cancellationToken).ConfigureAwait(false);
            // A few managers at a time: each is a handful of short reads and one claim transaction, mostly waiting on
            // the database, and a claim per person keeps them from ever stepping on one another.
            managers += page.Count;
            await Parallel.ForEachAsync(
                page,
                new ParallelOptions { MaxDegreeOfParallelism = ClaimConcurrency, CancellationToken = cancellationToken },
                async (m, token) =>
                {
                    var (s, c) = await ManagerAsync(m, now, since, token).ConfigureAwait(false);
                    Interlocked.Add(ref sent, s);
                    Interlocked.Add(ref claimed, c);
                }).ConfigureAwait(false);

            if (page.Count < Page)
            {
                return new DigestRun(managers, sent, claimed);
            }

            after = page[^1];
        }
    }

    private async Task<(int Sent, int Claimed)> ManagerAsync(DigestManager m, DateTimeOffset now, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var settings = await workspaces.FindAsync(m.WorkspaceId, cancellationToken).ConfigureAwait(false);
        var manager = await people.FindAsync(m.WorkspaceId, m.UserId, cancellationToken).ConfigureAwait(false);
        if (settings is null || manager is null || !IsDue(manager, now, since, settings.Policy))
        {
            return (0, 0);
        }

        var zone = TimeZones.ResolveOrUtc(manager.EffectiveZoneId);
        var week = WeekKey(ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now)).Date);
        var notBefore = DeliverAt(manager, now, settings.Policy);
        // Each rep gets "your week" at the same time, so nobody learns of their record from someone else: the manager's
        // and the reps' claims go in one transaction.
        var reps = await people.ListReportsAsync(m.WorkspaceId, m.UserId, cancellationToken).ConfigureAwait(false);
        List<string> everyone = [m.UserId, .. reps.Select(r => r.UserId)];
        var off = await digests.DisabledAsync(m.WorkspaceId, everyone, cancellationToken).ConfigureAwait(false);
        var wanted = everyone.Where(id => !off.Contains(id)).ToList();
        var claimed = wanted.Count == 0 ? 0 : (await digests.EnqueueAsync(m.WorkspaceId, wanted, week, notBefore, now, cancellationToken).ConfigureAwait(false)).Count;
        return (claimed, claimed);
    }

    /// <inheritdoc />
    public async Task<OutboundMessage?> RenderAsync(Delivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var recipient = delivery.RecipientKind == RecipientKind.User
            ? await digests.RecipientAsync(delivery.WorkspaceId, delivery.RecipientId, cancellationToken).ConfigureAwait(false)
            : null;
        if (recipient is not { Enabled: true })
        {
            return null;
        }

        var person = recipient.Person;

        var zone = TimeZones.ResolveOrUtc(person.EffectiveZoneId);
        var reporter = new RecordReporter(records, people, links);
        var reports = recipient.HasReports ? await people.ListReportsAsync(person.WorkspaceId, person.UserId, cancellationToken).ConfigureAwait(false) : [];
        if (reports.Count > 0)
        {
            var team = new RecordSubject.Team();
            var access = await reporter.AccessAsync(person, team, cancellationToken, reports).ConfigureAwait(false);
            if (access.Scope is { } scope)
            {
                var report = await reporter.BuildAsync(person, team, access, RecordPeriod.LastWeekPeriod, now, RecordReporter.ChatSlips, cancellationToken, readsSideBySide: false).ConfigureAwait(false);
                return HasNoRecord(report) ? null : await ManagerMessageAsync(report, scope, person, zone, now, cancellationToken).ConfigureAwait(false);
            }
        }

        var mine = new RecordSubject.Mine();
        var own = await reporter.AccessAsync(person, mine, cancellationToken).ConfigureAwait(false);
        // "Your week" is the rep's figures, slips and the page link; its charts are on the page (drawing two charts for
        // every rep every Monday would cost more than all the rest of the digest run).
        var yours = await reporter.BuildAsync(person, mine, own, RecordPeriod.LastWeekPeriod, now, RecordReporter.ChatSlips, cancellationToken, charts: false, readsSideBySide: false).ConfigureAwait(false);
        if (HasNoRecord(yours))
        {
            return null;
        }

        var formatted = RecordMessages.Format(yours with { Title = "Your week" }, zone);
        return formatted with { Kind = MessageKind.Digest, Text = "Your week, as your manager sees it. " + formatted.Text };
    }

    /// <summary>
    /// Nothing fell due in the week or the week before: a team (or rep) with no record yet gets no digest, rather than a
    /// page of dashes every Monday from the day the app is installed.
    /// </summary>
    private static bool HasNoRecord(RecordReport report) => report.Totals.Current.Listed == 0 && report.Totals.Previous.Listed == 0;

    private async Task<OutboundMessage> ManagerMessageAsync(RecordReport report, RecordScope scope, Person manager, DateTimeZone zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = RecordMessages.Format(report with { Title = "Your team's week" }, zone);
        var active = await commitments.ListActiveByOwnersAsync(manager.WorkspaceId, scope.OwnerIds ?? [], 200, cancellationToken).ConfigureAwait(false);
        var names = report.Reps.Where(r => r.Key is not null).ToDictionary(r => r.Key!, r => r.Name, StringComparer.Ordinal);
        string Name(Commitment c) => names.TryGetValue(c.OwnerId, out var n) ? n : c.OwnerId;
        var sections = new List<MessageSection>(record.Sections);
        var attention = active.Where(c => c.DueAt < now || c.Status == CommitmentStatus.AtRisk).Take(10).ToList();
        sections.Add(MessageSection.FromText(attention.Count == 0 ? "*Overdue or at risk now*\nNothing." : "*Overdue or at risk now*"));
        foreach (var c in attention)
        {
            var what = $"{c.ShortId}{(c.Customer is null ? "" : " for " + c.Customer)}, {c.Text} ({Name(c)}): " + (c.DueAt < now ? "overdue since " : "at risk, due ") + TimeText.Format(c.DueAt, zone, now);
            sections.Add(new MessageSection(null, what, [], [new MessageButton(ActionIds.For(ActionIds.Acknowledge, c.ShortId), "I'll handle it", ButtonStyle.Primary)], [], c.ShortId));
        }

        var local = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now)).Date;
        var nextMonday = RecordPeriod.StartOf(zone, local.PlusDays(8 - (int)local.DayOfWeek));
        var dueThisWeek = active.Where(c => c.DueAt >= now && c.DueAt < nextMonday).Take(15).ToList();
        sections.Add(MessageSection.FromText(dueThisWeek.Count == 0
            ? "*Falls due this week*\nNothing yet."
            : "*Falls due this week*\n" + string.Join('\n', dueThisWeek.Select(c => $"• {c.ShortId}{(c.Customer is null ? "" : " for " + c.Customer)}, {c.Text} ({Name(c)}): {TimeText.Format(c.DueAt, zone, now)}"))));
        return record with { Kind = MessageKind.Digest, Text = "Weekly digest. " + record.Text, Sections = sections };
    }
}
