using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Install;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Home;

/// <summary>Publishes a person's App Home tab: their open promises.</summary>
public interface ISlackHomePublisher
{
    /// <summary>
    /// Renders <paramref name="userId"/>'s promises and publishes them as their Home tab. Call it after
    /// anything changes their promises; failures are logged, never thrown (the tab is refreshed again
    /// each time it is opened).
    /// </summary>
    Task PublishAsync(string workspaceId, string userId, CancellationToken cancellationToken);
}

/// <summary>Asks the command handler for <c>list</c> as that person and publishes the answer with views.publish.</summary>
internal sealed class SlackHomePublisher(
    SlackRequestRunner runner,
    ISlackApiClient api,
    ISlackTokenSource tokens,
    TimeProvider time,
    ILogger<SlackHomePublisher> logger) : ISlackHomePublisher
{
    public const string ListCommand = "list";

    public async Task PublishAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var token = await tokens.FindBotTokenAsync(workspaceId, cancellationToken);
        if (token is null)
        {
            logger.LogWarning("Cannot publish the Home tab: CommitmentBot is not installed in workspace {WorkspaceId}.", workspaceId);
            return;
        }

        var request = new ChatRequest
        {
            Platform = SlackWorkspaces.Platform,
            WorkspaceId = workspaceId,
            UserId = userId,
            Text = ListCommand,
        };
        var list = await runner.RunAsync(request, dedupeKey: null, cancellationToken)
            ?? OutboundMessage.Plain("Your promises");
        var view = BlockKitRenderer.RenderHome(list, time.GetUtcNow());
        try
        {
            await api.PublishViewAsync(token, userId, view, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("views.publish for {UserId} in {WorkspaceId} failed: {Error}.", userId, workspaceId, ex.Error);
        }
    }
}
