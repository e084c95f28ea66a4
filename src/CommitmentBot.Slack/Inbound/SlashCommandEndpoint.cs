using CommitmentBot.Core.Commands;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/commands</c>: the <c>/promise</c> slash command. Slack needs an answer within 3 s, so
/// the handler gets a budget (<see cref="SlackOptions.CommandReplyBudget"/>); past it the command is
/// acknowledged with "Working on it…" and the reply follows through <c>response_url</c>.
/// </summary>
internal sealed class SlashCommandEndpoint(
    SlackWorkspaceGate gate,
    SlackRequestRunner runner,
    ResponseUrlClient responses,
    SlackFollowUps followUps,
    SlackViewOpener views,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlashCommandEndpoint> logger)
{
    public const string WorkingOnIt = "Working on it…";

    /// <summary>views.open must happen within 3 s of the command.</summary>
    private static readonly TimeSpan OpenViewLimit = TimeSpan.FromSeconds(2);

    public async Task<Results<Ok, JsonHttpResult<CommandResponse>, ProblemHttpResult>> HandleAsync(HttpContext http)
    {
        if (SlackForm.TryParse(VerifiedSlackBody.Of(http).Bytes.Span) is not { } form)
        {
            return TypedResults.Problem(SlackForm.TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (SlashCommand.Read(form, out var problem) is not { } command)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var (workspaceId, userId, channelId, triggerId) = (command.WorkspaceId, command.UserId, command.ChannelId, command.TriggerId);
        if (await gate.CheckAsync(workspaceId, http.RequestAborted) is { } refusal)
        {
            return TypedResults.Problem(refusal.Reason, statusCode: refusal.Status);
        }

        var request = new ChatRequest
        {
            Platform = SlackWorkspaces.Platform,
            WorkspaceId = workspaceId,
            UserId = userId,
            UserName = form["user_name"],
            Text = SlackText.Unescape(form["text"] ?? "").Trim(),
            ChannelId = channelId,
            IsDirectMessage = channelId?.StartsWith('D') == true || form["channel_name"] == "directmessage",
            ClientRequestId = triggerId,
        };

        // `admin import` with nothing after it opens a form to upload (or paste) the CSV; if the form cannot
        // open, the command runs as typed and explains how to paste the lines instead.
        if (string.Equals(request.Text, "admin import", StringComparison.OrdinalIgnoreCase)
            && triggerId is not null
            && await views.TryOpenAsync(workspaceId, triggerId, BlockKitRenderer.RenderImportModal(request.ChannelId), OpenViewLimit, "the import form", http.RequestAborted))
        {
            return TypedResults.Ok();
        }

        var work = runner.RunAsync(request, request.ClientRequestId is { } key ? "cmd:" + key : null);
        var (done, reply) = await SlackRequestRunner.WithinAsync(work, options.Value.CommandReplyBudget, time);
        if (done)
        {
            // null: a repeat of a request already answered; say nothing more.
            return reply is null ? TypedResults.Ok() : TypedResults.Json(SlackReplies.ToResponse(reply), SlackJsonContext.Default.CommandResponse);
        }

        var responseUrl = form["response_url"];
        followUps.Run("slash command reply", async stopping =>
        {
            var late = await work;
            if (late is null)
            {
                return;
            }

            if (!ResponseUrlClient.IsUsable(responseUrl))
            {
                logger.LogWarning("A slow command finished but Slack gave no response_url to answer through.");
                return;
            }

            await responses.PostAsync(responseUrl, SlackReplies.ToResponse(late), stopping);
        });

        return TypedResults.Json(new CommandResponse(WorkingOnIt, null), SlackJsonContext.Default.CommandResponse);
    }
}
