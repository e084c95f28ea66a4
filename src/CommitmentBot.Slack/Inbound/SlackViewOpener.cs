using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Install;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Opens a modal with a trigger id, which Slack honours only within 3 s of the click or command that made
/// it: with the workspace's bot token, under a time limit, logging why when it cannot.
/// </summary>
internal sealed class SlackViewOpener(ISlackApiClient api, ISlackTokenSource tokens, ILogger<SlackViewOpener> logger)
{
    /// <summary>True when Slack took the view; <paramref name="what"/> names it in the log otherwise.</summary>
    public async Task<bool> TryOpenAsync(string workspaceId, string? triggerId, SlackView view, TimeSpan limit, string what, CancellationToken aborted)
    {
        var token = await tokens.FindBotTokenAsync(workspaceId, aborted);
        if (token is null || string.IsNullOrEmpty(triggerId))
        {
            logger.LogWarning("Cannot open {What} in workspace {WorkspaceId}: {Reason}.", what, workspaceId, token is null ? "not installed" : "no trigger_id");
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(limit);
        try
        {
            await api.OpenViewAsync(token, triggerId, view, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SlackApiException || (ex is OperationCanceledException && !aborted.IsCancellationRequested))
        {
            logger.LogWarning("views.open failed for {What}: {Reason}.", what, (ex as SlackApiException)?.Error ?? "timeout");
            return false;
        }
    }
}
