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
                return OutboundMessage.Problem(
                    $"I don't know the command `{CommandParser.Clip(command.What, 40)}`. Commands: `list`, `done P-3`, `risk P-3`, `move P-3 to <when>`, "
                    + "`missed P-3`, `cancel P-3`, `team`, `record`, `settings`, `admin`, `help`. "
                    + "To make a promise, say what and by when: `send revised quote for Acme by Friday 3pm`. Nothing was saved.");
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
            CreatedAt = context.Now,
            OwnerId = me.UserId,
            CreatedById = me.UserId,
            WindowStart = context.Now,
            Policy = context.Workspace.Policy,
            SourceLink = sourceLink,
            ClientRequestId = context.Request.ClientRequestId is { Length: > 0 and <= CommandRunner.MaxIdLength } key ? key : null,
        };
        draft = EscalationLadder.Schedule(draft, ladder);
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
        return CommitmentMessages.Created(saved, EscalationLadder.Plan(saved, ladder), context.Zone, context.Now, warning, channel, note);
    }
}
