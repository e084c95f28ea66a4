using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise settings [zone|hours|manager …]</c>: a person's own zone, working hours and manager.</summary>
internal sealed class PersonalSettings(CommandPorts ports, Ports.IDigestStore? digests)
{
    public async Task<OutboundMessage> ApplyAsync(CommandContext context, SettingsCommand command, CancellationToken cancellationToken)
    {
        var me = context.Me;
        switch (command)
        {
            case SetZoneCommand zone:
                me = me with { TimeZone = zone.ZoneId };
                await ports.People.UpsertAsync(me, cancellationToken);
                return OutboundMessage.Plain(zone.ZoneId is null
                    ? $"I'll follow your profile's time zone ({me.EffectiveZoneId})."
                    : $"Your time zone is now {zone.ZoneId} (it is {TimeText.Format(context.Now, TimeZones.ResolveOrUtc(zone.ZoneId), context.Now)} there now, daylight saving included). Times I show you and due times you type use it.");
            case SetHoursCommand hours:
                var newHours = hours.DaysGiven ? hours.Hours : hours.Hours.WithDaysOf(me.EffectiveWorkingHours);
                me = me with { WorkingHours = newHours };
                await ports.People.UpsertAsync(me, cancellationToken);
                return OutboundMessage.Plain($"Your working hours are now {newHours}. Nudges arrive inside them; a date with no time means {newHours.End:HH:mm}.");
            case SetDigestCommand digest:
                if (digests is null)
                {
                    return OutboundMessage.Problem("The weekly digest is not available here.");
                }

                await digests.SetEnabledAsync(context.WorkspaceId, me.UserId, digest.Enabled, context.Now, cancellationToken);
                return OutboundMessage.Plain(digest.Enabled
                    ? "The weekly digest is on: your team's week (if anyone reports to you) and your own week arrive on Monday morning in your working hours."
                    : "The weekly digest is off; `/promise record` still shows your record any time, and `/promise settings digest on` brings the digest back.");
            case SetMyManagerCommand manager:
                if (manager.ManagerId == me.UserId)
                {
                    return OutboundMessage.Problem("You can't be your own manager.");
                }

                var newManager = manager.ManagerId is null ? null : await ports.FindOrCreatePersonAsync(context.WorkspaceId, manager.ManagerId, cancellationToken);
                await ports.ChangeManagerAsync(context, me, manager.ManagerId, cancellationToken);
                return OutboundMessage.Plain(newManager is null
                    ? "You have no manager set now; escalations skip that step."
                    : $"Your manager is now {newManager.Name}. They hear early warnings you raise and escalations if a promise slips silently.");
            default:
                var managerName = me.ManagerId is null ? "none" : (await ports.People.FindAsync(context.WorkspaceId, me.ManagerId, cancellationToken))?.Name ?? me.ManagerId;
                var facts = new List<MessageFact>
                {
                    new("Time zone", me.TimeZone ?? $"{me.EffectiveZoneId} (from your profile)"),
                    new("Working hours", me.EffectiveWorkingHours.ToString()),
                    new("Manager", managerName),
                };
                return new OutboundMessage(MessageKind.Reply, "Your settings (change with `/promise settings zone|hours|manager …`):", [new MessageSection(null, null, facts, [], [])]);
        }
    }
}
