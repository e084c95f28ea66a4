using System.Text.Json;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Home;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/events</c>: the Events API. Answers <c>url_verification</c>, publishes the Home tab on
/// <c>app_home_opened</c> and forgets an install on <c>app_uninstalled</c> / <c>tokens_revoked</c>.
/// Slack retries an event it thinks unanswered (a retry can overlap the first attempt), so each
/// <c>event_id</c> is acted on once.
/// </summary>
internal sealed class EventsEndpoint(
    SlackWorkspaceGate gate,
    SlackDeduplication deduplication,
    SlackFollowUps followUps,
    ISlackHomePublisher home,
    SlackInstallations installations,
    SlackCaptureHandler capture,
    ILogger<EventsEndpoint> logger)
{
    public async Task<Results<Ok, JsonHttpResult<ChallengeResponse>, ProblemHttpResult>> HandleAsync(HttpContext http)
    {
        EventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(VerifiedSlackBody.Of(http).Bytes.Span, SlackJsonContext.Default.EventEnvelope);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The event is not valid JSON.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (envelope?.Type == "url_verification")
        {
            return string.IsNullOrEmpty(envelope.Challenge)
                ? TypedResults.Problem("url_verification needs a challenge.", statusCode: StatusCodes.Status400BadRequest)
                : TypedResults.Json(new ChallengeResponse(envelope.Challenge), SlackJsonContext.Default.ChallengeResponse);
        }

        if (envelope?.Type != "event_callback" || envelope.Event is not { } slackEvent)
        {
            return TypedResults.Ok();
        }

        var authorization = envelope.Authorizations is { Count: > 0 } list ? list[0] : null;
        var workspaceId = SlackWorkspaces.IdFor(
            envelope.TeamId ?? authorization?.TeamId,
            envelope.EnterpriseId ?? authorization?.EnterpriseId,
            authorization?.IsEnterpriseInstall == true);
        if (workspaceId is null)
        {
            return TypedResults.Problem("The event needs a team_id.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (InboundIds.TooLong(("workspace id", workspaceId), ("user id", slackEvent.User)) is { } tooLong)
        {
            return TypedResults.Problem(tooLong, statusCode: StatusCodes.Status400BadRequest);
        }

        if (await gate.CheckAsync(workspaceId, http.RequestAborted) is { } refusal)
        {
            return TypedResults.Problem(refusal.Reason, statusCode: refusal.Status);
        }

        // What the event changes is stored with its event id, so a retry after an attempt that died part-way acts.
        var acted = string.IsNullOrEmpty(envelope.EventId)
            ? await ActAsync(workspaceId, slackEvent, http.RequestAborted)
            : await deduplication.RunOnceAsync(workspaceId, "event:" + envelope.EventId, stop => ActAsync(workspaceId, slackEvent, stop), http.RequestAborted) is RequestRan<bool>;
        if (!acted)
        {
            logger.LogInformation("Ignored a repeat of Slack event {EventId} (retry {Retry}).", envelope.EventId, http.Request.Headers["X-Slack-Retry-Num"].ToString());
            return TypedResults.Ok();
        }

        if (slackEvent.Type == "message")
        {
            capture.OnMessageEvent(workspaceId, slackEvent);
        }

        // The Home tab is published after the event is recorded: a Slack call has no place inside its transaction.
        if (slackEvent.Type == "app_home_opened" && slackEvent.Tab is null or "home" && !string.IsNullOrEmpty(slackEvent.User))
        {
            var userId = slackEvent.User;
            followUps.Run("home tab", stopping => home.PublishAsync(workspaceId, userId, stopping));
        }

        return TypedResults.Ok();
    }

    /// <summary>What the event changes in storage (an uninstall forgets the workspace's tokens); true once done.</summary>
    private async Task<bool> ActAsync(string workspaceId, SlackEvent slackEvent, CancellationToken cancellationToken)
    {
        switch (slackEvent.Type)
        {
            case "app_uninstalled":
            case "tokens_revoked" when slackEvent.Tokens?.Bot is { Count: > 0 }:
                await installations.RemoveAsync(workspaceId, cancellationToken);
                break;
        }

        return true;
    }
}
