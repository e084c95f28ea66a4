using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Time;
using NodaTime;
using NodaTime.Extensions;

namespace CommitmentBot.Core.Escalation;

/// <summary>A person's calendar as the ladder needs it.</summary>
/// <param name="Zone">Their time zone.</param>
/// <param name="Hours">Their working hours.</param>
public sealed record LadderParty(DateTimeZone Zone, WorkingHours Hours);

/// <summary>Who the ladder can reach for one commitment.</summary>
/// <param name="Rep">The owner's calendar.</param>
/// <param name="Manager">The owner's manager's calendar, or null when the rep has no manager.</param>
/// <param name="HasChannel">Whether the workspace has an escalation channel.</param>
public sealed record LadderContext(LadderParty Rep, LadderParty? Manager, bool HasChannel);

/// <summary>Who a ladder step goes to.</summary>
public enum LadderRecipient
{
    /// <summary>The rep (owner).</summary>
    Rep,

    /// <summary>The rep's manager.</summary>
    Manager,

    /// <summary>The workspace's escalation channel.</summary>
    Channel,
}

/// <summary>A ladder step and the instant it is delivered (inside the recipient's working hours).</summary>
/// <param name="Kind">The step.</param>
/// <param name="At">When it is delivered (UTC).</param>
/// <param name="Recipient">Who it goes to.</param>
public sealed record LadderStep(LadderStepKind Kind, DateTimeOffset At, LadderRecipient Recipient);

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
        return NextAfter(commitment, context, commitment.LastStep, commitment.ManagerNotifiedAt);
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
        while (NextAfter(commitment, context, last, managerAt) is { } step)
        {
            plan.Add(step);
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
    private static LadderStep Step(LadderStepKind kind, DateTimeOffset at, LadderRecipient recipient) =>
        new(kind, StoredTime.Ceiling(at), recipient);

    private static LadderStep? NextAfter(Commitment c, LadderContext context, LadderStepKind? last, DateTimeOffset? managerNotifiedAt)
    {
        if (c.IsClosed)
        {
            return null;
        }

        var policy = c.Policy;
        var rep = context.Rep;
        var lastOrder = last is null ? 0 : Order(last.Value);
        var repSpoke = c.RepRespondedAt is not null;

        // 1. Heads-up: only while nothing was said, and only when it can arrive before due.
        if (lastOrder < Order(LadderStepKind.HeadsUp) && !repSpoke && c.Status != CommitmentStatus.AtRisk
            && HeadsUpInstant(c) is { } headsUp)
        {
            var at = StoredTime.Ceiling(DeliveryInstant(headsUp, rep.Zone, rep.Hours));
            if (at < c.DueAt)
            {
                return Step(LadderStepKind.HeadsUp, at, LadderRecipient.Rep);
            }
        }

        // 2. Due: delivered? Asked even after a risk flag; the answer closes or moves it.
        if (lastOrder < Order(LadderStepKind.Due))
        {
            return Step(LadderStepKind.Due, DeliveryInstant(c.DueAt, rep.Zone, rep.Hours), LadderRecipient.Rep);
        }

        // Any word from the rep (risk with a plan, a move) stops the escalation steps.
        if (repSpoke)
        {
            return null;
        }

        // 3. Overdue: the rep again, with the slip playbook.
        if (lastOrder < Order(LadderStepKind.Overdue))
        {
            var at = WorkingCalendar.AddWorkingTime(c.DueAt, policy.OverdueAfter, rep.Zone, rep.Hours);
            return Step(LadderStepKind.Overdue, DeliveryInstant(at, rep.Zone, rep.Hours), LadderRecipient.Rep);
        }

        var manager = context.Manager;

        // 4. Manager.
        if (lastOrder < Order(LadderStepKind.Manager) && manager is not null)
        {
            var at = WorkingCalendar.AddWorkingTime(c.DueAt, policy.ManagerAfter, rep.Zone, rep.Hours);
            return Step(LadderStepKind.Manager, DeliveryInstant(at, manager.Zone, manager.Hours), LadderRecipient.Manager);
        }

        if (c.ManagerAcknowledgedAt is not null)
        {
            return null;
        }

        // 4b. A manager's snooze: remind them when it ends.
        if (manager is not null && c.SnoozedUntil is { } snoozedUntil && lastOrder < Order(LadderStepKind.ManagerReminder))
        {
            return Step(LadderStepKind.ManagerReminder, DeliveryInstant(snoozedUntil, manager.Zone, manager.Hours), LadderRecipient.Manager);
        }

        // 5. Channel.
        if (lastOrder < Order(LadderStepKind.Channel) && context.HasChannel)
        {
            DateTimeOffset at;
            if (manager is not null)
            {
                var managerStep = managerNotifiedAt
                    ?? WorkingCalendar.AddWorkingTime(c.DueAt, policy.ManagerAfter, rep.Zone, rep.Hours);
                at = WorkingCalendar.AddWorkingTime(managerStep, policy.ChannelAfterManager, manager.Zone, manager.Hours);
            }
            else
            {
                at = WorkingCalendar.AddWorkingDays(c.DueAt, policy.ChannelWithoutManagerWorkingDays, rep.Zone, rep.Hours);
            }

            return Step(LadderStepKind.Channel, DeliveryInstant(at, rep.Zone, rep.Hours), LadderRecipient.Channel);
        }

        return null;
    }

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
        LadderStepKind.HeadsUp => 1,
        LadderStepKind.Due => 2,
        LadderStepKind.Overdue => 3,
        LadderStepKind.Manager => 4,
        LadderStepKind.ManagerReminder => 5,
        LadderStepKind.Channel => 6,
        _ => 0, // early warnings are not ladder steps
    };
}
