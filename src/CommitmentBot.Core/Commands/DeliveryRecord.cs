using System.Globalization;
using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise record [@rep|team] [period]</c>: what closed in the period, and how.</summary>
internal sealed class DeliveryRecord(CommandPorts ports)
{
    public async Task<OutboundMessage> ShowAsync(CommandContext context, RecordCommand command, CancellationToken cancellationToken)
    {
        var days = command.Days;
        IReadOnlyCollection<string> owners;
        string whose;
        if (command.Team)
        {
            var reports = await ports.People.ListReportsAsync(context.WorkspaceId, context.Me.UserId, cancellationToken);
            if (reports.Count == 0)
            {
                return OutboundMessage.Plain("Nobody reports to you yet, so there is no team record.", MessageKind.Reply);
            }

            owners = reports.Select(r => r.UserId).ToList();
            whose = "Your team's";
        }
        else if (command.UserId is { } userId && userId != context.Me.UserId)
        {
            var person = await ports.People.FindAsync(context.WorkspaceId, userId, cancellationToken);
            if (person is null || (person.ManagerId != context.Me.UserId && !context.Me.IsAdmin))
            {
                return OutboundMessage.Problem("You can see your own record and your reports' records.");
            }

            owners = [userId];
            whose = person.Name + "'s";
        }
        else
        {
            owners = [context.Me.UserId];
            whose = "Your";
        }

        var since = context.Now.AddDays(-days);
        // The store's range is [since, until): a promise closed at this very instant (the sandbox's clock
        // stands still between commands) belongs in the record too.
        var closed = await ports.Commitments.ListClosedAsync(context.WorkspaceId, owners, since, context.Now.AddSeconds(1), cancellationToken);
        var counted = closed.Where(c => c.Status != CommitmentStatus.Cancelled).ToList();
        if (counted.Count == 0)
        {
            return OutboundMessage.Plain($"{whose} record, last {days} days: nothing closed yet.", MessageKind.Reply);
        }

        var kept = counted.Count(c => c.Status == CommitmentStatus.Kept);
        var late = counted.Where(c => c.Status == CommitmentStatus.KeptLate).ToList();
        var missed = counted.Count(c => c.Status == CommitmentStatus.Missed);
        var moved = counted.Count(c => c.DueVersion > 1);
        var surprises = counted.Count(c => c.ManagerNotifiedAt is not null);
        var lateness = late.Where(c => c.ClosedAt is not null).Select(c => c.ClosedAt!.Value - c.DueAt).Order().ToList();
        var median = lateness.Count == 0 ? (TimeSpan?)null : lateness[lateness.Count / 2];
        var facts = new List<MessageFact>
        {
            new("Closed", counted.Count.ToString(CultureInfo.InvariantCulture)),
            new("Kept on time", $"{kept} ({100.0 * kept / counted.Count:0}%)"),
            new("Kept late", late.Count.ToString(CultureInfo.InvariantCulture)),
            new("Missed", missed.ToString(CultureInfo.InvariantCulture)),
            new("Moved at least once", moved.ToString(CultureInfo.InvariantCulture)),
            new("Surprises (manager heard by escalation)", surprises.ToString(CultureInfo.InvariantCulture)),
            new("Median lateness", median is null ? "—" : TimeText.Duration(median.Value)),
        };
        return new OutboundMessage(MessageKind.Reply, $"{whose} delivery record, last {days} days:", [new MessageSection(null, null, facts, [], [])]);
    }
}
