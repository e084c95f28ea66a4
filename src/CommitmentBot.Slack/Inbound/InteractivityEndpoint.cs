using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Home;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Sending;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/interactivity</c>: button clicks (<c>block_actions</c>) and modal submissions
/// (<c>view_submission</c>). Buttons that need inputs open a modal; other clicks are acknowledged at
/// once and answered through <c>response_url</c> (or by DM from the Home tab). A modal submission the
/// handler rejects stays open with the reason shown under the input.
/// </summary>
internal sealed class InteractivityEndpoint(
    SlackWorkspaceGate gate,
    SlackRequestRunner runner,
    SlackReplies replies,
    SlackFollowUps followUps,
    ISlackApiClient api,
    ISlackTokenSource tokens,
    SlackViewOpener views,
    ISlackHomePublisher home,
    SlackCaptureHandler capture,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<InteractivityEndpoint> logger)
{
    /// <summary>views.open must happen within 3 s of the click.</summary>
    private static readonly TimeSpan OpenViewLimit = TimeSpan.FromSeconds(2.5);

    /// <summary>The answer to a button whose form description cannot be read.</summary>
    public static readonly OutboundMessage OutOfDate =
        OutboundMessage.Problem("This button is out of date, so nothing was done. Type `/promise list` for a fresh one.");

    /// <summary>Field errors longer than this are cut.</summary>
    private const int FieldErrorLimit = 300;

    /// <summary>The largest CSV the import form takes (1,000 pairs of member ids fit in a tenth of it).</summary>
    private const int MaxImportFileBytes = 256 * 1024;

    public async Task<Results<Ok, JsonHttpResult<ViewErrorsResponse>, ProblemHttpResult>> HandleAsync(HttpContext http)
    {
        if (SlackForm.TryParse(VerifiedSlackBody.Of(http).Bytes.Span) is not { } form)
        {
            return TypedResults.Problem(SlackForm.TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (Interaction.Read(form, out var problem) is not { } interaction)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var (payload, workspaceId, userId) = (interaction.Payload, interaction.WorkspaceId, interaction.UserId);
        if (await gate.CheckAsync(workspaceId, http.RequestAborted) is { } refusal)
        {
            return TypedResults.Problem(refusal.Reason, statusCode: refusal.Status);
        }

        return payload.Type switch
        {
            "block_actions" => await OnBlockActionsAsync(payload, workspaceId, userId, http.RequestAborted),
            "view_submission" => await OnViewSubmissionAsync(payload, workspaceId, userId),
            "message_action" => await capture.OnMessageActionAsync(payload, workspaceId, userId, http.RequestAborted),
            _ => TypedResults.Ok(), // view_closed, shortcuts: nothing to do
        };
    }

    private async Task<Results<Ok, JsonHttpResult<ViewErrorsResponse>, ProblemHttpResult>> OnBlockActionsAsync(InteractionPayload payload, string workspaceId, string userId, CancellationToken aborted)
    {
        var action = payload.Actions is { Count: > 0 } actions ? actions[0] : null;
        if (string.IsNullOrEmpty(action?.ActionId))
        {
            return TypedResults.Ok();
        }

        var fromHome = payload.View?.Type == "home";
        var channelId = payload.Container?.ChannelId ?? payload.Channel?.Id;
        var messageTs = payload.Container?.MessageTs ?? payload.Message?.Ts;

        if (BlockKitRenderer.IsModalValue(action.Value))
        {
            if (BlockKitRenderer.ReadModalSpec(action.Value) is { } spec)
            {
                await OpenModalAsync(payload, spec, new ModalState(action.ActionId, channelId, messageTs, payload.ResponseUrl, fromHome, Ephemeral: payload.Container?.IsEphemeral == true), workspaceId, userId, aborted);
            }
            else
            {
                // Not a form we can draw (an older version's button, or a value not written by us): say so, change nothing.
                logger.LogInformation("A button's form description could not be read ({ActionId}); told the person it is out of date.", action.ActionId);
                var replyUrl = payload.ResponseUrl;
                followUps.Run("out-of-date button reply", stopping => replies.DeliverAsync(OutOfDate, workspaceId, userId, replyUrl, stopping));
            }

            return TypedResults.Ok();
        }

        // One click per button per message (or per published Home view) and person: a double click or a
        // repeated payload does not run the action twice.
        var container = messageTs is not null ? channelId + ":" + messageTs : payload.View?.Id + ":" + payload.View?.Hash;
        var key = "act:" + container + ":" + action.ActionId + ":" + userId;
        var values = Values(payload.State ?? payload.View?.State);
        if ((action.SelectedDate ?? action.SelectedTime ?? action.SelectedOption?.Value) is { } picked)
        {
            values[action.ActionId] = picked;
        }

        var request = new ChatRequest
        {
            Platform = SlackWorkspaces.Platform,
            WorkspaceId = workspaceId,
            UserId = userId,
            UserName = payload.User?.Username ?? payload.User?.Name,
            Action = new ChatAction(action.ActionId, values, SlackMessageIds.Format(channelId, messageTs)),
            ChannelId = channelId,
            IsDirectMessage = channelId?.StartsWith('D') == true,
            ClientRequestId = key,
        };

        // Slack shows nothing from this response for a click; the reply follows in the background.
        // The click outlives this request: not tied to its cancellation.
        var work = runner.RunAsync(request, key, CancellationToken.None);
        var responseUrl = payload.ResponseUrl;
        var original = new SlackOriginal(channelId, messageTs, payload.Container?.IsEphemeral == true);
        followUps.Run("button reply", async stopping =>
        {
            if (await work is not { } reply)
            {
                return;
            }

            await replies.DeliverAsync(reply, workspaceId, userId, responseUrl, stopping, original);
            if (fromHome)
            {
                await home.PublishAsync(workspaceId, userId, stopping);
            }
        });
        return TypedResults.Ok();
    }

    private async Task OpenModalAsync(InteractionPayload payload, ModalSpec spec, ModalState state, string workspaceId, string userId, CancellationToken aborted)
    {
        if (!await views.TryOpenAsync(workspaceId, payload.TriggerId, BlockKitRenderer.RenderModal(spec, state), OpenViewLimit, state.ActionId, aborted))
        {
            var responseUrl = payload.ResponseUrl;
            followUps.Run("modal failure reply", stopping => replies.DeliverAsync(
                OutboundMessage.Problem("The form could not be opened. Please press the button again."), workspaceId, userId, responseUrl, stopping));
        }
    }

    private async Task<Results<Ok, JsonHttpResult<ViewErrorsResponse>, ProblemHttpResult>> OnViewSubmissionAsync(InteractionPayload payload, string workspaceId, string userId)
    {
        var view = payload.View;
        if (view?.CallbackId == BlockKitRenderer.ImportCallbackId)
        {
            return await OnImportSubmissionAsync(payload, view, workspaceId, userId);
        }
        if (view?.CallbackId != BlockKitRenderer.ModalCallbackId || !TryReadState(view.PrivateMetadata, out var state))
        {
            return TypedResults.Ok(); // not ours: just close it
        }

        var values = Values(view.State);
        var key = "view:" + view.Id + ":" + Fingerprint(values);
        var request = new ChatRequest
        {
            Platform = SlackWorkspaces.Platform,
            WorkspaceId = workspaceId,
            UserId = userId,
            UserName = payload.User?.Username ?? payload.User?.Name,
            Action = new ChatAction(state.ActionId, values, SlackMessageIds.Format(state.ChannelId, state.MessageTs)),
            ChannelId = state.ChannelId,
            IsDirectMessage = state.ChannelId?.StartsWith('D') == true,
            ClientRequestId = key,
        };

        var work = runner.RunAsync(request, key);
        var (done, reply) = await SlackRequestRunner.WithinAsync(work, options.Value.ModalReplyBudget, time);
        if (done && reply is null)
        {
            return TypedResults.Ok();
        }

        if (done && reply is { Kind: MessageKind.Error } && values.Count > 0)
        {
            var block = ErrorBlock(reply.Text, values.Keys, state.FirstInputId);
            var errors = new Dictionary<string, string> { [block] = SlackText.Fit(reply.ToPlainText(), FieldErrorLimit) };
            return TypedResults.Json(new ViewErrorsResponse(errors), SlackJsonContext.Default.ViewErrorsResponse);
        }

        // Closing the modal (empty 200); the outcome goes where the button was.
        followUps.Run("modal reply", async stopping =>
        {
            if (await work is not { } late)
            {
                return;
            }

            await replies.DeliverAsync(late, workspaceId, userId, state.ResponseUrl, stopping, new SlackOriginal(state.ChannelId, state.MessageTs, state.Ephemeral));
            if (state.FromHome)
            {
                await home.PublishAsync(workspaceId, userId, stopping);
            }
        });
        return TypedResults.Ok();
    }

    /// <summary>
    /// The import form: the uploaded CSV (fetched from Slack with the bot token) or the pasted lines run as
    /// <c>admin import</c>. A refusal shows under the input it is about and keeps the form open; the outcome
    /// comes by DM.
    /// </summary>
    private async Task<Results<Ok, JsonHttpResult<ViewErrorsResponse>, ProblemHttpResult>> OnImportSubmissionAsync(InteractionPayload payload, InteractionView view, string workspaceId, string userId)
    {
        var file = view.State?.Values?.Values
            .SelectMany(actions => actions.Values)
            .SelectMany(value => value.Files ?? [])
            .FirstOrDefault();
        var pasted = Values(view.State).GetValueOrDefault(BlockKitRenderer.ImportTextId);
        var errorBlock = file is not null ? BlockKitRenderer.ImportFileId : BlockKitRenderer.ImportTextId;
        if (file is null && string.IsNullOrWhiteSpace(pasted))
        {
            return FieldError(BlockKitRenderer.ImportFileId, "Choose a CSV file, or paste the lines below.");
        }

        var channelId = TryReadState(view.PrivateMetadata, out var state) ? state.ChannelId : null;
        var request = new ChatRequest
        {
            Platform = SlackWorkspaces.Platform,
            WorkspaceId = workspaceId,
            UserId = userId,
            UserName = payload.User?.Username ?? payload.User?.Name,
            ChannelId = channelId,
            IsDirectMessage = channelId?.StartsWith('D') == true,
        };

        // The same file or text submitted again from the same form (a double click, a retry) imports once.
        var key = "import:" + view.Id + ":" + (file?.Id ?? Fingerprint(new Dictionary<string, string> { ["text"] = pasted ?? "" }));
        var work = ImportAsync(request with { ClientRequestId = key }, file, pasted, key);
        var (done, reply) = await SlackRequestRunner.WithinAsync(work, options.Value.ModalReplyBudget, time);
        if (done && reply is null)
        {
            return TypedResults.Ok();
        }

        if (done && reply is { Kind: MessageKind.Error })
        {
            return FieldError(errorBlock, reply.ToPlainText());
        }

        followUps.Run("import reply", async stopping =>
        {
            if (await work is { } late)
            {
                await replies.DeliverAsync(late, workspaceId, userId, responseUrl: null, stopping);
            }
        });
        return TypedResults.Ok();
    }

    private async Task<OutboundMessage?> ImportAsync(ChatRequest request, SlackFile? file, string? pasted, string key)
    {
        var csv = pasted ?? "";
        if (file is not null)
        {
            if (file.Size > MaxImportFileBytes)
            {
                return OutboundMessage.Problem($"That file is too large ({file.Size / 1024} KB); the import takes up to {MaxImportFileBytes / 1024} KB (1,000 pairs).");
            }

            var token = await tokens.FindBotTokenAsync(request.WorkspaceId, CancellationToken.None);
            if (token is null)
            {
                return OutboundMessage.Problem("CommitmentBot is not installed in this workspace any more.");
            }

            byte[] content;
            try
            {
                content = await api.DownloadFileAsync(token, file.UrlPrivateDownload ?? "", MaxImportFileBytes, CancellationToken.None);
            }
            catch (SlackApiException ex)
            {
                logger.LogWarning("Could not fetch import file {FileId}: {Error}.", file.Id, ex.Error);
                return OutboundMessage.Problem(ex.Error switch
                {
                    "file_too_large" => $"That file is too large; the import takes up to {MaxImportFileBytes / 1024} KB (1,000 pairs).",
                    "file_not_readable" => "Slack did not let CommitmentBot read the file: the app needs the files:read permission (reinstall it).",
                    "untrusted_file_url" => "That file is not on Slack, so CommitmentBot will not fetch it.",
                    _ => "The file could not be fetched from Slack just now. Please submit it again.",
                });
            }

            if (!TryReadText(content, out csv))
            {
                return OutboundMessage.Problem("That file is not a text CSV. Save it as CSV (UTF-8) with one `rep,manager` pair a line.");
            }
        }

        return await runner.RunAsync(request with { Text = "admin import\n" + csv }, key);
    }

    /// <summary>UTF-8 text (a byte-order mark dropped); false for anything binary or not UTF-8.</summary>
    private static bool TryReadText(byte[] content, out string text)
    {
        text = "";
        try
        {
            var decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            if (decoded.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            text = decoded.TrimStart('\uFEFF');
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static JsonHttpResult<ViewErrorsResponse> FieldError(string blockId, string error) =>
        TypedResults.Json(
            new ViewErrorsResponse(new Dictionary<string, string> { [blockId] = SlackText.Fit(error, FieldErrorLimit) }),
            SlackJsonContext.Default.ViewErrorsResponse);

    private static Dictionary<string, string> Values(InteractionState? state)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, actions) in state?.Values ?? new Dictionary<string, IReadOnlyDictionary<string, StateValue>>())
        {
            foreach (var (actionId, value) in actions)
            {
                if (value.Submitted is { } submitted)
                {
                    values[actionId] = submitted;
                }
            }
        }

        return values;
    }

    /// <summary>
    /// The input an error is most likely about: the one its text names, else the first. A due typed in words wins
    /// over the pickers, so an error about the due is about those words when there are any.
    /// </summary>
    private static string ErrorBlock(string error, IEnumerable<string> inputIds, string? firstInputId)
    {
        var ids = inputIds.ToList();
        foreach (var (word, id) in new[]
        {
            ("as the new due", ActionIds.WhenInput), ("as a date or time", ActionIds.WhenInput), ("deadline", ActionIds.WhenInput),
            ("time zone", ActionIds.WhenInput), ("time", ActionIds.TimeInput), ("date", ActionIds.DateInput), ("day", ActionIds.DateInput),
        })
        {
            if (error.Contains(word, StringComparison.OrdinalIgnoreCase) && ids.Contains(id))
            {
                return id;
            }
        }

        return firstInputId is not null && ids.Contains(firstInputId) ? firstInputId : ids[0];
    }

    private static bool TryReadState(string? metadata, [NotNullWhen(true)] out ModalState? state)
    {
        state = null;
        if (string.IsNullOrEmpty(metadata))
        {
            return false;
        }

        try
        {
            state = JsonSerializer.Deserialize(metadata, SlackJsonContext.Default.ModalState);
            return state is not null && !string.IsNullOrEmpty(state.ActionId) && InboundIds.TooLong(("channel id", state.ChannelId)) is null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Fingerprint(Dictionary<string, string> values)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
