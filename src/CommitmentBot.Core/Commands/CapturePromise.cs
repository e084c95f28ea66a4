using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// The "Track as a promise" form submitted (from the shortcut, the message action or a noticed promise's Track) and
/// "Not a promise": the promise is made exactly as <c>/promise</c> makes it, with the link back kept on it.
/// </summary>
internal sealed class CapturePromise(MakePromise make, INoticeMuteStore? mutes)
{
    public async Task<OutboundMessage> SubmitAsync(CommandContext context, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var what = ButtonValues.Read(values, ActionIds.TextInput)?.Trim() ?? "";
        var customer = ButtonValues.Read(values, ActionIds.CustomerInput)?.Trim();
        var when = ButtonValues.Read(values, ActionIds.WhenInput)?.Trim() ?? "";
        var link = ButtonValues.Read(values, ActionIds.LinkInput)?.Trim();
        if (what.Length == 0)
        {
            return OutboundMessage.Problem("Say what you promised. Nothing was saved.");
        }

        if (what.Length > CommandParser.MaxWhatLength)
        {
            return OutboundMessage.Problem($"Keep the promise under {CommandParser.MaxWhatLength} characters (it has {what.Length}). Nothing was saved.");
        }

        if (customer is { Length: > CommandParser.MaxCustomerLength })
        {
            return OutboundMessage.Problem($"Keep the customer's name under {CommandParser.MaxCustomerLength} characters. Nothing was saved.");
        }

        if (link is { Length: > 0 } && !CaptureForm.IsKeepableLink(link))
        {
            return OutboundMessage.Problem("The link back to the message must be an http(s) address of at most 1,000 characters. Nothing was saved.");
        }

        // "by Friday", "before EOD": the form's due is a phrase, read like the one after "by" in a command.
        var phrase = when.StartsWith("before ", StringComparison.OrdinalIgnoreCase) ? "by " + when[7..] : when;
        var command = new CreateCommand(what, string.IsNullOrEmpty(customer) ? null : customer, phrase);
        return await make.CreateAsync(context, command, cancellationToken, string.IsNullOrEmpty(link) ? null : link);
    }

    public async Task<OutboundMessage> NotAPromiseAsync(CommandContext context, string channelId, CancellationToken cancellationToken)
    {
        if (mutes is null)
        {
            return OutboundMessage.Problem("Noticing promises is not available here; nothing changed.");
        }

        if (!CommandRunner.ValidId(channelId))
        {
            return OutboundMessage.Problem("That button is not one I know; nothing changed.");
        }

        var until = context.Now + PromiseNoticer.MuteFor;
        await mutes.MuteAsync(context.WorkspaceId, channelId, context.Request.UserId, until, cancellationToken);

        // Mutes that ran out are kept no longer: each new one clears the workspace's expired ones.
        await mutes.DeleteExpiredAsync(context.WorkspaceId, context.Now, cancellationToken);
        return OutboundMessage.Plain("Got it, not a promise. I won't point out promises of yours in this channel for 30 days.");
    }
}
