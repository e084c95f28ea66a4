using System.Text.Json;
using CommitmentBot.Slack.Home;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/events</c>: the Events API. Answers <c>url_verification</c>, publishes the Home tab on
/// <c>app_home_opened</c> and forgets an install on <c>app_uninstalled</c> / <c>tokens_revoked</c>.
/// Slack retries an event it thinks unanswered (a retry can overlap the first attempt), so each
/// <c>event_id</c> is acted on once.
/// </summary>
internal sealed class EventsEndpoint(
    SlackDeduplication deduplication,
    SlackFollowUps followUps,
    ISlackHomePublisher home,
    SlackInstallations installations,
    ILogger<EventsEndpoint> logger)
{
    public async Task<IResult> HandleAsync(HttpContext http)
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

        if (!string.IsNullOrEmpty(envelope.EventId)
            && !await deduplication.FirstTimeAsync(workspaceId, "event:" + envelope.EventId, http.RequestAborted))
        {
            logger.LogInformation("Ignored a repeat of Slack event {EventId} (retry {Retry}).", envelope.EventId, http.Request.Headers["X-Slack-Retry-Num"].ToString());
            return TypedResults.Ok();
        }

        switch (slackEvent.Type)
        {
            case "app_home_opened" when slackEvent.Tab is null or "home" && !string.IsNullOrEmpty(slackEvent.User):
                var userId = slackEvent.User;
                followUps.Run("home tab", stopping => home.PublishAsync(workspaceId, userId, stopping));
                break;
            case "app_uninstalled":
                await installations.RemoveAsync(workspaceId, http.RequestAborted);
                break;
            case "tokens_revoked" when slackEvent.Tokens?.Bot is { Count: > 0 }:
                await installations.RemoveAsync(workspaceId, http.RequestAborted);
                break;
        }

        return TypedResults.Ok();
    }
}
