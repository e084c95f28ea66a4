using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Records;

namespace CommitmentBot.Core.Commands;

/// <summary><c>/promise record [@rep|team|customer &lt;name&gt;|all] [period]</c>: the record the asker may see (see <see cref="RecordReporter"/>).</summary>
internal sealed class DeliveryRecord(RecordReporter? reporter)
{
    public async Task<OutboundMessage> ShowAsync(CommandContext context, RecordCommand command, CancellationToken cancellationToken)
    {
        if (reporter is null)
        {
            return OutboundMessage.Problem("The delivery record is not available here.");
        }

        var access = await reporter.AccessAsync(context.Me, command.Subject, cancellationToken);
        if (access.Refusal is { } refusal)
        {
            return OutboundMessage.Problem(refusal);
        }

        var report = await reporter.BuildAsync(context.Me, command.Subject, access, command.Period, context.Now, RecordReporter.ChatSlips, cancellationToken);
        if (report.Totals.Current.Listed == 0 && report.Totals.Previous.Listed == 0 && report.Reps.Count == 0)
        {
            var empty = command.Subject is RecordSubject.Customer c
                ? $"No promises to {c.Name.Trim()} fell due {report.Period.Label} or the period before, among those you may see. Customer names are matched whatever their case; try a longer period, e.g. `/promise record customer {c.Name.Trim()} year`."
                : $"{report.Title}, {report.Period.Label}: nothing fell due yet, and nothing the period before. Promises count once their due has passed or they are closed.";
            return OutboundMessage.Plain(empty + (report.PageUrl is { } url ? $"\nRecord page: {url}" : ""));
        }

        return RecordMessages.Format(report, context.Zone);
    }
}
