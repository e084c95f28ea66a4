using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.People;
using CommitmentBot.Core.Time;
using NodaTime;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// <c>/promise away &lt;from&gt; to &lt;until&gt; [cover @user]</c>, <c>away until &lt;when&gt;</c>, <c>away off</c>: a person's time away.
/// The dates are read by the due-time parser; the absence runs from the start of the <c>from</c> day (or now) to the end of the
/// <c>until</c> day. While away, the rep's own nudges wait and the ladder routes around them (see <see cref="EscalationLadder"/>).
/// </summary>
internal sealed class TimeAway(CommandPorts ports)
{
    /// <summary>The longest absence one command sets.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public async Task<OutboundMessage> SetAsync(CommandContext context, AwayCommand command, CancellationToken cancellationToken)
    {
        var me = context.Me;
        var now = context.Now;
        DateTimeOffset from = now;
        if (command.FromPhrase is { } fromPhrase && !IsNow(fromPhrase))
        {
            var read = DueTimeParser.Parse(fromPhrase, context.DueContext);
            if (!read.Success)
            {
                return OutboundMessage.Problem(DueReplies.Problem(fromPhrase, read, "the first day away", "Nothing changed."));
            }

            var startOfDay = ZoneMath.At(context.Zone, LocalDay(read.Due, context.Zone), LocalTime.Midnight).ToDateTimeOffset();
            from = startOfDay > now ? startOfDay : now;
        }

        var untilRead = DueTimeParser.Parse(command.UntilPhrase, context.DueContext);
        if (!untilRead.Success)
        {
            return OutboundMessage.Problem(DueReplies.Problem(command.UntilPhrase, untilRead, "the last day away", "Nothing changed."));
        }

        // The end of the day named: back at the start of the next one.
        var until = StoredTime.Floor(ZoneMath.At(context.Zone, LocalDay(untilRead.Due, context.Zone).PlusDays(1), LocalTime.Midnight).ToDateTimeOffset());
        from = StoredTime.Floor(from);
        if (until <= from)
        {
            return OutboundMessage.Problem($"You'd be back before you leave: the last day away comes before the first. Nothing changed. {Examples}");
        }

        if (until - from > MaxLength)
        {
            return OutboundMessage.Problem($"That is more than a year away; set at most a year at a time. Nothing changed.");
        }

        Person? cover = null;
        if (command.CoverId is { } coverId)
        {
            if (coverId == me.UserId)
            {
                return OutboundMessage.Problem("You can't cover for yourself; name someone else, or leave `cover` out (your manager hears instead). Nothing changed.");
            }

            if (!CommandRunner.ValidId(coverId))
            {
                return OutboundMessage.Problem("I couldn't read who covers. Nothing changed.");
            }

            cover = await ports.FindOrCreatePersonAsync(context.WorkspaceId, coverId, cancellationToken);
        }

        var updated = me with { AwayFrom = from, AwayUntil = until, AwayCoverId = cover?.UserId };
        await ports.People.UpsertAsync(updated, cancellationToken);
        await ReplanAsync(context, updated, cancellationToken);

        var whoHears = cover is not null ? cover.Name : me.ManagerId is not null ? "your manager" : "nobody (you have no manager and no cover)";
        var text = $"You're {Describe(updated, cover?.Name, context.Zone, now)}"
            + (from > now ? $" (from {TimeText.FormatShort(from, context.Zone, now)})" : "")
            + $". Your nudges wait until you're back; anything due meanwhile goes to {whoHears} at heads-up time, as an early warning, never as an escalation. `/promise away off` when you're back early.";
        return OutboundMessage.Plain(text);
    }

    public async Task<OutboundMessage> OffAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var me = context.Me;
        if (me.Away is null || me.AwayUntil <= context.Now)
        {
            return OutboundMessage.Plain("You're not set as away; nothing changed.");
        }

        var updated = me with { AwayFrom = null, AwayUntil = null, AwayCoverId = null };
        await ports.People.UpsertAsync(updated, cancellationToken);
        await ReplanAsync(context, updated, cancellationToken);
        return OutboundMessage.Plain("Welcome back: you're no longer away. Your nudges resume now.");
    }

    public async Task<OutboundMessage> ShowAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var me = context.Me;
        if (me.Away is not { } away || away.Until <= context.Now)
        {
            return OutboundMessage.Plain($"You're not set as away. {Examples}");
        }

        var coverName = away.CoverId is null ? null : (await ports.People.FindAsync(context.WorkspaceId, away.CoverId, cancellationToken))?.Name ?? away.CoverId;
        return OutboundMessage.Plain($"You're {Describe(me, coverName, context.Zone, context.Now)}. `/promise away off` ends it.");
    }

    public const string Examples = "Examples: `/promise away Dec 10 to Dec 14 cover @raj`, `/promise away until Friday`, `/promise away off`.";

    /// <summary>"away until Mon 14 Dec, Raj covers" (null when the person is not away at or after <paramref name="now"/>).</summary>
    public static string? Describe(Person person, string? coverName, DateTimeZone zone, DateTimeOffset now) =>
        AwayNote.Describe(person, coverName, zone, now);

    /// <summary>The rep's running ladders, re-planned around the new time away (a rep back early is nudged again at once).</summary>
    private async Task ReplanAsync(CommandContext context, Person me, CancellationToken cancellationToken)
    {
        var (ladder, _) = await ports.LadderContextAsync(context.Workspace, me, cancellationToken);
        var mine = await ports.Commitments.ListActiveByOwnersAsync(context.WorkspaceId, [me.UserId], 1000, cancellationToken);
        foreach (var c in mine)
        {
            var planned = EscalationLadder.Schedule(c, ladder);
            if (planned.NextActionAt != c.NextActionAt || planned.NextStep != c.NextStep)
            {
                // A concurrent change re-plans it itself; losing this race is harmless.
                await ports.Commitments.UpdateAsync(planned, [], [], cancellationToken);
            }
        }

        ports.Changes.CommitmentsChanged(context.Request.Platform, context.WorkspaceId, me.UserId);
    }

    private static bool IsNow(string phrase) =>
        phrase.Equals("now", StringComparison.OrdinalIgnoreCase) || phrase.Equals("today", StringComparison.OrdinalIgnoreCase);

    private static LocalDate LocalDay(DateTimeOffset instant, DateTimeZone zone) => Instant.FromDateTimeOffset(instant).InZone(zone).Date;
}
