using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Sending;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>Answers a person after the HTTP request is over: through <c>response_url</c> when there is one, else by DM.</summary>
internal sealed class SlackReplies(
    ResponseUrlClient responses,
    ISlackApiClient api,
    ISlackTokenSource tokens,
    SlackDirectMessages directMessages,
    ILogger<SlackReplies> logger)
{
    public static CommandResponse ToResponse(OutboundMessage reply)
    {
        var message = BlockKitRenderer.RenderMessage(reply);
        return new CommandResponse(message.Text, message.Blocks);
    }

    /// <summary>
    /// Delivers <paramref name="reply"/>. A reply that updates the message its button was on (the playbook's checklist)
    /// edits <paramref name="original"/> in place: <c>chat.update</c> for a posted message, <c>replace_original</c>
    /// through the <c>response_url</c> for an ephemeral one (which <c>chat.update</c> cannot edit). When that fails,
    /// or there is no original, it is answered as a new message.
    /// </summary>
    public async Task DeliverAsync(OutboundMessage reply, string workspaceId, string userId, string? responseUrl, CancellationToken cancellationToken, SlackOriginal? original = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.UpdatesOriginal && original is { ChannelId: { Length: > 0 } originalChannel, MessageTs: { Length: > 0 } ts }
            && await TryUpdateAsync(reply, workspaceId, originalChannel, ts, original.Ephemeral, responseUrl, cancellationToken))
        {
            return;
        }

        if (ResponseUrlClient.IsUsable(responseUrl) && await responses.PostAsync(responseUrl, ToResponse(reply), cancellationToken))
        {
            return;
        }

        var token = await tokens.FindBotTokenAsync(workspaceId, cancellationToken);
        if (token is null)
        {
            logger.LogWarning("Cannot reply by DM: CommitmentBot is not installed in workspace {WorkspaceId}.", workspaceId);
            return;
        }

        try
        {
            var channel = await directMessages.OpenAsync(workspaceId, token, userId, cancellationToken);
            await api.PostMessageAsync(token, channel, BlockKitRenderer.RenderMessage(reply), metadata: null, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("Could not reply to {UserId} by DM: {Error}.", userId, ex.Error);
        }
    }

    private async Task<bool> TryUpdateAsync(OutboundMessage reply, string workspaceId, string channel, string ts, bool ephemeral, string? responseUrl, CancellationToken cancellationToken)
    {
        if (ephemeral)
        {
            return ResponseUrlClient.IsUsable(responseUrl)
                && await responses.PostAsync(responseUrl, ToResponse(reply) with { ReplaceOriginal = true }, cancellationToken);
        }

        var token = await tokens.FindBotTokenAsync(workspaceId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        try
        {
            await api.UpdateMessageAsync(token, channel, ts, BlockKitRenderer.RenderMessage(reply), cancellationToken);
            return true;
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("Could not update message {Ts} in {Channel} ({Error}); answering with a new message.", ts, channel, ex.Error);
            return false;
        }
    }
}

/// <summary>The message a button was pressed on: its conversation, timestamp, and whether only the presser sees it.</summary>
internal sealed record SlackOriginal(string? ChannelId, string? MessageTs, bool Ephemeral);
