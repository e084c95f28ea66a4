using CommitmentBot.Core.Commitments;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise &lt;what&gt; by &lt;when&gt;</c>: resolves the due, plans the ladder and saves the promise once.</summary>
internal sealed class MakePromise(CommandPorts ports)
{
    public async Task<OutboundMessage> CreateAsync(CommandContext context, CreateCommand command, CancellationToken cancellationToken, string? sourceLink = null)
    {
        if (command.DuePhrase.Length == 0)
        {
            // One word with no due ("lsit", "stats") is a mistyped command far more often than a promise.
            if (command.Customer is null && !command.What.Any(char.IsWhiteSpace))
            {
                return OutboundMessage.Problem(CommandParser.UnknownCommand(command.What));
            }

            return OutboundMessage.Problem($"By when? Add a due to the promise, {CommandParser.DueExamples}. Nothing was saved.");
        }

        var due = DueTimeParser.Parse(command.DuePhrase, context.DueContext);
        if (!due.Success)
        {
            return OutboundMessage.Problem(DueReplies.Problem(command.DuePhrase, due, "the due", "Nothing was saved."));
        }

        var me = context.Me;
        var (ladder, _) = await ports.LadderContextAsync(context.Workspace, me, cancellationToken);
        var draft = new Commitment
        {
            WorkspaceId = context.WorkspaceId,
            Text = command.What,
            Customer = command.Customer,
            DueAt = due.Due,
            DueZone = due.Zone?.Id,
            FirstDueAt = due.Due,
            CreatedAt = context.Now,
            OwnerId = me.UserId,
            CreatedById = me.UserId,
            WindowStart = context.Now,
            Policy = context.Workspace.Policy,
            SourceLink = sourceLink,
            ClientRequestId = context.Request.ClientRequestId is { Length: > 0 and <= CommandRunner.MaxIdLength } key ? key : null,
        };
        // Planned before the save, so that nothing that fails while planning leaves a row behind.
        draft = EscalationLadder.Schedule(draft, ladder);
        var plan = EscalationLadder.Plan(draft, ladder);
        var created = new CommitmentEvent(context.WorkspaceId, 0, context.Now, me.UserId, CommitmentEventKinds.Created, $"due {due.Due:O}" + (due.Zone is null ? "" : $" ({due.Zone.Id})"));
        var (saved, isNew) = await ports.Commitments.CreateAsync(draft, created, cancellationToken);
        if (isNew)
        {
            ports.Changes.CommitmentsChanged(context.Request.Platform, context.WorkspaceId, saved.OwnerId);
        }

        var window = saved.DueAt - saved.WindowStart;
        var warning = window < saved.Policy.HeadsUpMinimum
            ? $"That leaves no room: it is due in {TimeText.Duration(window)}. Leave room in every promise when you can."
            : null;
        var channel = context.Workspace.EscalationChannelId is { } id ? "#" + id : null;
        var note = DueReplies.NextYearNote(command.DuePhrase, due, CommitmentMessages.DueText(saved, context.Zone, context.Now));
        return CommitmentMessages.Created(saved, isNew ? plan : EscalationLadder.Plan(saved, ladder), context.Zone, context.Now, warning, channel, note);
    }
}
