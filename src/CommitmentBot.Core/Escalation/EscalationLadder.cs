using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Time;
using NodaTime;
using NodaTime.Extensions;

namespace CommitmentBot.Core.Escalation;

/// <summary>A person's calendar as the ladder needs it.</summary>
/// <param name="Zone">Their time zone.</param>
/// <param name="Hours">Their working hours.</param>
public sealed record LadderParty(DateTimeZone Zone, WorkingHours Hours)
{
    /// <summary>Their user id (needed for covers: who to send to, and to stop a cover chain that comes back round).</summary>
    public string? UserId { get; init; }

    /// <summary>Their time away, or null.</summary>
    public Absence? Away { get; init; }

    /// <summary>True when they are away at <paramref name="at"/>.</summary>
    public bool IsAwayAt(DateTimeOffset at) => Away?.Covers(at) == true;
}

/// <summary>Who the ladder can reach for one commitment.</summary>
/// <param name="Rep">The owner's calendar.</param>
/// <param name="Manager">The owner's manager's calendar, or null when the rep has no manager.</param>
/// <param name="HasChannel">Whether the workspace has an escalation channel.</param>
public sealed record LadderContext(LadderParty Rep, LadderParty? Manager, bool HasChannel)
{
    private static readonly Dictionary<string, LadderParty> NoCovers = new(StringComparer.Ordinal);

    /// <summary>The calendars of whoever covers for the rep or the manager (and of those covers' own covers), by user id.</summary>
    public IReadOnlyDictionary<string, LadderParty> Covers { get; init; } = NoCovers;
}

/// <summary>Who a ladder step goes to.</summary>
public enum LadderRecipient
{
    /// <summary>The rep (owner).</summary>
    Rep,

    /// <summary>The rep's manager.</summary>
    Manager,

    /// <summary>The workspace's escalation channel.</summary>
    Channel,

    /// <summary>Whoever covers for an away rep or manager (<see cref="LadderStep.CoverId"/>).</summary>
    Cover,
}

/// <summary>A ladder step and the instant it is delivered (inside the recipient's working hours).</summary>
/// <param name="Kind">The step.</param>
/// <param name="At">When it is delivered (UTC).</param>
/// <param name="Recipient">Who it goes to.</param>
/// <param name="CoverId">For <see cref="LadderRecipient.Cover"/>: the user who covers.</param>
public sealed record LadderStep(LadderStepKind Kind, DateTimeOffset At, LadderRecipient Recipient, string? CoverId = null);

/// <summary>
/// The escalation ladder of SPEC "The escalation ladder", as a pure function of a commitment's state,
/// its frozen policy and the calendars of the people involved. Working-hour offsets are counted in
/// the rep's hours (the channel delay after the manager step in the manager's); every step is then
/// moved into its recipient's working hours; the due instant itself never moves.
/// </summary>
public static class EscalationLadder
{
    /// <summary>The next step still to send after <see cref="Commitment.LastStep"/>, or null when the ladder is done.</summary>
    public static LadderStep? Next(Commitment commitment, LadderContext context)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(context);
        return NextAfter(commitment, context, commitment.LastStep, commitment.ManagerNotifiedAt, commitment.RepSnoozedUntil);
    }

    /// <summary>
    /// Every step still to come if nobody answers, in order — the "nudge plan" shown when a promise is made.
    /// </summary>
    public static IReadOnlyList<LadderStep> Plan(Commitment commitment, LadderContext context)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(context);
        var plan = new List<LadderStep>(5);
        var last = commitment.LastStep;
        var managerAt = commitment.ManagerNotifiedAt;
        var snoozedUntil = commitment.RepSnoozedUntil;
        while (NextAfter(commitment, context, last, managerAt, snoozedUntil) is { } step)
        {
            plan.Add(step);
            if (step.Kind is LadderStepKind.RepReminder)
            {
                snoozedUntil = null; // the snoozed nudge came back; the ladder goes on where it was
                continue;
            }

            last = step.Kind;
            if (step.Kind is LadderStepKind.Manager)
            {
                managerAt = step.At;
            }
        }

        return plan;
    }

    /// <summary>Sets <see cref="Commitment.NextStep"/> and <see cref="Commitment.NextActionAt"/> from the current state.</summary>
    public static Commitment Schedule(Commitment commitment, LadderContext context)
    {
        var next = Next(commitment, context);
        return commitment with { NextStep = next?.Kind, NextActionAt = next?.At };
    }

    /// <summary>
    /// Records that <paramref name="step"/> was handled at <paramref name="now"/> (sent or skipped) and
    /// schedules the following one.
    /// </summary>
    public static Commitment Advance(Commitment commitment, LadderStep step, DateTimeOffset now, LadderContext context)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind is LadderStepKind.RepReminder)
        {
            // A snoozed nudge came back: the ladder stays where it was.
            return Schedule(commitment with { RepSnoozedUntil = null }, context);
        }

        var advanced = commitment with
        {
            LastStep = step.Kind,
            ManagerNotifiedAt = step.Kind is LadderStepKind.Manager or LadderStepKind.ManagerReminder ? now : commitment.ManagerNotifiedAt,
            SnoozedUntil = step.Kind is LadderStepKind.ManagerReminder ? null : commitment.SnoozedUntil,
        };
        return Schedule(advanced, context);
    }

    /// <summary>
    /// A fresh ladder for a new due (creation or a move): the window starts at <paramref name="now"/>
    /// and the policy in force is frozen onto the commitment.
    /// </summary>
    public static Commitment Restart(Commitment commitment, DateTimeOffset now, EscalationPolicy policy, LadderContext context)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var fresh = commitment with
        {
            WindowStart = now,
            Policy = policy,
            LastStep = null,
            ManagerNotifiedAt = null,
            RepRespondedAt = null,
            ManagerAcknowledgedAt = null,
            SnoozedUntil = null,
            RepSnoozedUntil = null,
        };
        return Schedule(fresh, context);
    }

    /// <summary>The heads-up instant before delivery-window adjustment, or null when the window leaves no room.</summary>
    public static DateTimeOffset? HeadsUpInstant(Commitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var window = commitment.DueAt - commitment.WindowStart;
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        var at = commitment.DueAt - commitment.Policy.BufferFor(window);
        return at > commitment.WindowStart ? at : null;
    }

    /// <summary>Every step's instant is rounded up to what storage keeps (see <see cref="StoredTime"/>).</summary>
    private static LadderStep Step(LadderStepKind kind, DateTimeOffset at, LadderRecipient recipient, string? coverId = null) =>
        new(kind, StoredTime.Ceiling(at), recipient, coverId);

    private static LadderStep? NextAfter(Commitment c, LadderContext context, LadderStepKind? last, DateTimeOffset? managerNotifiedAt, DateTimeOffset? repSnoozedUntil)
    {
        var next = NextOnLadder(c, context, last, managerNotifiedAt);
        if (c.IsClosed || repSnoozedUntil is not { } snoozed)
        {
            return next;
        }

        // A snoozed nudge comes back at its time (later if the rep is away then), unless the ladder's next step comes first.
        var at = RepInstant(snoozed, context.Rep);
        return next is null || at < next.At ? Step(LadderStepKind.RepReminder, at, LadderRecipient.Rep) : next;
    }

    private static LadderStep? NextOnLadder(Commitment c, LadderContext context, LadderStepKind? last, DateTimeOffset? managerNotifiedAt)
    {
        if (c.IsClosed)
        {
            return null;
        }

        var policy = c.Policy;
        var rep = context.Rep;
        var lastOrder = last is null ? 0 : Order(last.Value);
        var repSpoke = c.RepRespondedAt is not null;

        // Away: a rep away at the due, or who leaves before the manager would hear, is escalated from their return.
        var away = rep.Away;
        var dueWhileAway = away?.Covers(c.DueAt) == true;
        var start = c.DueAt;
        if (away is not null && away.Until > c.DueAt
            && away.From < WorkingCalendar.AddWorkingTime(c.DueAt, policy.ManagerAfter, rep.Zone, rep.Hours))
        {
            start = away.Until;
        }

        // 1. Heads-up: only while nothing was said, and only when it can arrive before due. A rep away over the due is
        //    not nudged on the beach: whoever covers (else the manager) hears early instead, once, as a warning.
        if (lastOrder < Order(LadderStepKind.HeadsUp) && !repSpoke && c.Status != CommitmentStatus.AtRisk)
        {
            if (dueWhileAway)
            {
                if (AwayWarning(c, context) is { } warning)
                {
                    return warning;
                }
            }
            else if (HeadsUpInstant(c) is { } headsUp)
            {
                var at = StoredTime.Ceiling(RepInstant(headsUp, rep));
                if (at < c.DueAt)
                {
                    return Step(LadderStepKind.HeadsUp, at, LadderRecipient.Rep);
                }
            }
        }

        // 2. Due: delivered? Asked even after a risk flag; the answer closes or moves it. Waits for an away rep's return.
        if (lastOrder < Order(LadderStepKind.Due))
        {
            return Step(LadderStepKind.Due, RepInstant(c.DueAt, rep), LadderRecipient.Rep);
        }

        // Any word from the rep (risk with a plan, a move) stops the escalation steps.
        if (repSpoke)
        {
            return null;
        }

        // 3. Overdue: the rep again, with the slip playbook.
        if (lastOrder < Order(LadderStepKind.Overdue))
        {
            var at = WorkingCalendar.AddWorkingTime(start, policy.OverdueAfter, rep.Zone, rep.Hours);
            return Step(LadderStepKind.Overdue, RepInstant(at, rep), LadderRecipient.Rep);
        }

        var manager = context.Manager;
        var managerBase = WorkingCalendar.AddWorkingTime(start, policy.ManagerAfter, rep.Zone, rep.Hours);

        // 4. Manager; while the manager is away, whoever covers for them, else straight on to the channel at its usual time.
        if (lastOrder < Order(LadderStepKind.Manager) && manager is not null)
        {
            var at = DeliveryInstant(managerBase, manager.Zone, manager.Hours);
            if (!manager.IsAwayAt(at))
            {
                return Step(LadderStepKind.Manager, at, LadderRecipient.Manager);
            }

            if (CoverFor(manager, at, context) is { } cover)
            {
                return Step(LadderStepKind.Manager, DeliveryInstant(managerBase, cover.Zone, cover.Hours), LadderRecipient.Cover, cover.UserId);
            }
        }

        if (c.ManagerAcknowledgedAt is not null)
        {
            return null;
        }

        // 4b. A manager's snooze: remind them when it ends (their cover, if they are away by then).
        if (manager is not null && c.SnoozedUntil is { } snoozedUntil && lastOrder < Order(LadderStepKind.ManagerReminder))
        {
            var at = DeliveryInstant(snoozedUntil, manager.Zone, manager.Hours);
            if (!manager.IsAwayAt(at))
            {
                return Step(LadderStepKind.ManagerReminder, at, LadderRecipient.Manager);
            }

            if (CoverFor(manager, at, context) is { } cover)
            {
                return Step(LadderStepKind.ManagerReminder, DeliveryInstant(snoozedUntil, cover.Zone, cover.Hours), LadderRecipient.Cover, cover.UserId);
            }
        }

        // 5. Channel.
        if (lastOrder < Order(LadderStepKind.Channel) && context.HasChannel)
        {
            DateTimeOffset at;
            if (manager is not null)
            {
                var managerStep = managerNotifiedAt ?? managerBase;
                at = WorkingCalendar.AddWorkingTime(managerStep, policy.ChannelAfterManager, manager.Zone, manager.Hours);
            }
            else
            {
                at = WorkingCalendar.AddWorkingDays(start, policy.ChannelWithoutManagerWorkingDays, rep.Zone, rep.Hours);
            }

            return Step(LadderStepKind.Channel, DeliveryInstant(at, rep.Zone, rep.Hours), LadderRecipient.Channel);
        }

        return null;
    }

    /// <summary>
    /// The early warning for a rep away over the due: at heads-up time (or at once when the window has none), to the rep's
    /// cover, else to the manager (or the manager's cover when the manager is away too); null when there is nobody.
    /// </summary>
    private static LadderStep? AwayWarning(Commitment c, LadderContext context)
    {
        var at = HeadsUpInstant(c) ?? c.WindowStart;
        if (CoverFor(context.Rep, at, context) is { } cover)
        {
            return Step(LadderStepKind.AwayWarning, DeliveryInstant(at, cover.Zone, cover.Hours), LadderRecipient.Cover, cover.UserId);
        }

        if (context.Manager is not { } manager)
        {
            return null;
        }

        if (!manager.IsAwayAt(at))
        {
            return Step(LadderStepKind.AwayWarning, DeliveryInstant(at, manager.Zone, manager.Hours), LadderRecipient.Manager);
        }

        return CoverFor(manager, at, context) is { } managerCover
            ? Step(LadderStepKind.AwayWarning, DeliveryInstant(at, managerCover.Zone, managerCover.Hours), LadderRecipient.Cover, managerCover.UserId)
            : null;
    }

    /// <summary>
    /// Who stands in for <paramref name="who"/> at <paramref name="at"/>: their cover, or when the cover is away too, the cover's
    /// own cover (once: never back to <paramref name="who"/>, never further); null when nobody is there.
    /// </summary>
    public static LadderParty? CoverFor(LadderParty who, DateTimeOffset at, LadderContext context)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(context);
        if (who.Away?.CoverId is not { } first || first == who.UserId || !context.Covers.TryGetValue(first, out var cover))
        {
            return null;
        }

        if (!cover.IsAwayAt(at))
        {
            return cover;
        }

        return cover.Away?.CoverId is { } second && second != who.UserId && second != first
            && context.Covers.TryGetValue(second, out var next) && !next.IsAwayAt(at)
            ? next
            : null;
    }

    /// <summary>When a rep's own step due at <paramref name="at"/> reaches them: after their return when they are away then.</summary>
    private static DateTimeOffset RepInstant(DateTimeOffset at, LadderParty rep) =>
        DeliveryInstant(rep.Away is { } away && away.Covers(at) ? away.Until : at, rep.Zone, rep.Hours);

    /// <summary>
    /// When a step due at <paramref name="at"/> reaches its recipient: at once inside their working
    /// hours — the very end of a working day included, since a promise "by end of day" falls due exactly then —
    /// else at the start of their next working window.
    /// </summary>
    private static DateTimeOffset DeliveryInstant(DateTimeOffset at, DateTimeZone zone, WorkingHours hours)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(zone).LocalDateTime;
        if (local.TimeOfDay == LocalTime.FromTimeOnly(hours.End) && hours.IsWorkingDay(local.DayOfWeek.ToDayOfWeek()))
        {
            return at;
        }

        return WorkingCalendar.NextWorkingInstant(at, zone, hours);
    }

    private static int Order(LadderStepKind kind) => kind switch
    {
        LadderStepKind.HeadsUp or LadderStepKind.AwayWarning => 1,
        LadderStepKind.Due => 2,
        LadderStepKind.Overdue => 3,
        LadderStepKind.Manager => 4,
        LadderStepKind.ManagerReminder => 5,
        LadderStepKind.Channel => 6,
        _ => 0, // early warnings are not ladder steps
    };
}
