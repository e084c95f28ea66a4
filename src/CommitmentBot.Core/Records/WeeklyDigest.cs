using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Time;
using NodaTime;
using NodaTime.Calendars;

namespace CommitmentBot.Core.Records;

/// <summary>What one digest run did.</summary>
/// <param name="Managers">Managers looked at.</param>
/// <param name="Sent">Digests sent (managers' and reps' "your week").</param>
/// <param name="Claimed">Claims won (one per person and ISO week).</param>
public sealed record DigestRun(int Managers, int Sent, int Claimed);

/// <summary>
/// The weekly digest (SPEC "Where it is shown"): each manager with at least one report gets, once per ISO week, at the
/// digest time (Monday 09:00 in their zone) or the first moment after it inside their working hours, the team's record
/// for the week that just ended with the trend, one line per rep, what is overdue or at risk now (with the buttons to
/// act), what falls due this week, the charts and the page link; each of their reps gets "your week" at the same
/// time. A claim per person and week, inserted before the hand-over, makes it once even with several instances.
/// </summary>
public sealed class WeeklyDigest(
    IDigestStore digests,
    IRecordStore records,
    IPeopleStore people,
    IWorkspaceStore workspaces,
    ICommitmentStore commitments,
    IEnumerable<IChatSender> senders,
    IRecordLinks links)
{
    /// <summary>The digest's day in the manager's zone.</summary>
    public const IsoDayOfWeek Day = IsoDayOfWeek.Monday;

    /// <summary>The digest's time in the manager's zone.</summary>
    public static readonly LocalTime Time = new(9, 0);

    private const int Page = 500;

    private readonly Dictionary<string, IChatSender> byPlatform = senders.GroupBy(s => s.Platform, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>The ISO week key (<c>2026-W49</c>) of a local date.</summary>
    public static string WeekKey(LocalDate date) =>
        string.Create(CultureInfo.InvariantCulture, $"{WeekYearRules.Iso.GetWeekYear(date)}-W{WeekYearRules.Iso.GetWeekOfWeekYear(date):00}");

    /// <summary>
    /// When this week's digest is delivered to the person: the digest time in their zone, or the first instant of
    /// their working hours after it.
    /// </summary>
    public static DateTimeOffset DeliverAt(Person person, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(person);
        var zone = TimeZones.ResolveOrUtc(person.EffectiveZoneId);
        var local = ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now));
        var monday = local.Date.PlusDays(-((int)local.Date.DayOfWeek - 1));
        var at = ZoneMath.At(zone, monday.PlusDays((int)Day - 1), Time).ToDateTimeOffset();
        return WorkingCalendar.NextWorkingInstant(at, zone, person.EffectiveWorkingHours);
    }

    /// <summary>
    /// True when the person's digest for this week is due at <paramref name="now"/>; with <paramref name="since"/>, only
    /// when its delivery instant fell after it (a simulated clock that jumps: the digest goes when the clock passes it).
    /// </summary>
    public static bool IsDue(Person person, DateTimeOffset now, DateTimeOffset? since = null)
    {
        var at = DeliverAt(person, now);
        return at <= now && (since is null || at > since) && at - now < TimeSpan.FromDays(7);
    }

    /// <summary>Sends every digest due at <paramref name="now"/> that has not been sent this week.</summary>
    public async Task<DigestRun> RunAsync(DateTimeOffset now, CancellationToken cancellationToken, DateTimeOffset? since = null)
    {
        int managers = 0, sent = 0, claimed = 0;
        DigestManager? after = null;
        while (true)
        {
            var page = await digests.ListManagersAsync(after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var m in page)
            {
                managers++;
                var (s, c) = await ManagerAsync(m, now, since, cancellationToken).ConfigureAwait(false);
                sent += s;
                claimed += c;
            }

            if (page.Count < Page)
            {
                return new DigestRun(managers, sent, claimed);
            }

            after = page[^1];
        }
    }

    private async Task<(int Sent, int Claimed)> ManagerAsync(DigestManager m, DateTimeOffset now, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var manager = await people.FindAsync(m.WorkspaceId, m.UserId, cancellationToken).ConfigureAwait(false);
        if (manager is null || !IsDue(manager, now, since))
        {
            return (0, 0);
        }

        var settings = await workspaces.FindAsync(m.WorkspaceId, cancellationToken).ConfigureAwait(false);
        if (settings is null || !byPlatform.TryGetValue(settings.Platform, out var sender))
        {
            return (0, 0);
        }

        var zone = TimeZones.ResolveOrUtc(manager.EffectiveZoneId);
        var week = WeekKey(ZoneMath.LocalOf(zone, Instant.FromDateTimeOffset(now)).Date);
        int sent = 0, claimed = 0;
        var reporter = new RecordReporter(records, people, links);
        if (await digests.IsEnabledAsync(m.WorkspaceId, m.UserId, cancellationToken).ConfigureAwait(false)
            && await digests.TryClaimAsync(m.WorkspaceId, m.UserId, week, now, cancellationToken).ConfigureAwait(false))
        {
            claimed++;
            var access = await reporter.AccessAsync(manager, new RecordSubject.Team(), cancellationToken).ConfigureAwait(false);
            if (access.Scope is { } scope)
            {
                var report = await reporter.BuildAsync(manager, new RecordSubject.Team(), access, RecordPeriod.LastWeekPeriod, now, RecordReporter.ChatSlips, cancellationToken).ConfigureAwait(false);
                var message = await ManagerMessageAsync(report, scope, manager, zone, now, cancellationToken).ConfigureAwait(false);
                sent += await SendAsync(sender, m.WorkspaceId, m.UserId, message, cancellationToken).ConfigureAwait(false);
            }
        }

        // Each rep gets "your week" at the same time, so nobody learns of their record from someone else.
        foreach (var rep in await people.ListReportsAsync(m.WorkspaceId, m.UserId, cancellationToken).ConfigureAwait(false))
        {
            if (!await digests.IsEnabledAsync(rep.WorkspaceId, rep.UserId, cancellationToken).ConfigureAwait(false)
                || !await digests.TryClaimAsync(rep.WorkspaceId, rep.UserId, week, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            claimed++;
            var mine = new RecordSubject.Mine();
            var access = await reporter.AccessAsync(rep, mine, cancellationToken).ConfigureAwait(false);
            var report = await reporter.BuildAsync(rep, mine, access, RecordPeriod.LastWeekPeriod, now, RecordReporter.ChatSlips, cancellationToken).ConfigureAwait(false);
            var yours = RecordMessages.Format(report with { Title = "Your week" }, TimeZones.ResolveOrUtc(rep.EffectiveZoneId));
            sent += await SendAsync(sender, rep.WorkspaceId, rep.UserId, yours with { Text = "Your week, as your manager sees it. " + yours.Text }, cancellationToken).ConfigureAwait(false);
        }

        return (sent, claimed);
    }

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
        return record with { Text = "Weekly digest. " + record.Text, Sections = sections };
    }

    private static async Task<int> SendAsync(IChatSender sender, string workspaceId, string userId, OutboundMessage message, CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(new ChatDelivery(0, workspaceId, RecipientKind.User, userId, message), cancellationToken).ConfigureAwait(false);
        return result is ChatSent ? 1 : 0;
    }
}
