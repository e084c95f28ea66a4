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

    public async Task DeliverAsync(OutboundMessage reply, string workspaceId, string userId, string? responseUrl, CancellationToken cancellationToken)
    {
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
}
