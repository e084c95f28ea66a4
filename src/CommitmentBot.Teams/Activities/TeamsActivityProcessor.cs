using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.References;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Teams.Activities;

/// <summary>
/// Acts on an authenticated activity: commands and card submissions go through
/// <see cref="IChatRequestHandler"/> and the reply goes back through the connector; installs and
/// uninstalls keep the conversation references. A retried activity (same id in the same
/// conversation) is recognised by <see cref="IRequestDeduplicator"/> and does nothing once its first attempt finished;
/// the key is stored with what the activity changed, so a retry after an attempt cut off part-way acts. Calls to
/// Teams (mention look-ups, replies) happen outside that: before the work, or after it is stored.
/// </summary>
public sealed class TeamsActivityProcessor(
    IChatRequestHandler handler,
    IRequestDeduplicator deduplicator,
    ConversationReferenceRecorder recorder,
    IBotConnectorClient connector,
    AdaptiveCardRenderer renderer,
    TimeProvider timeProvider,
    ILogger<TeamsActivityProcessor> logger)
{
    public const string Platform = "teams";
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private static readonly OutboundMessage SomethingWentWrong =
        OutboundMessage.Problem("Sorry, something went wrong while handling that. Please try again in a moment.");

    /// <summary>Handles a non-invoke activity (message, conversationUpdate, installationUpdate); others are ignored.</summary>
    public async Task ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (ActivityReader.TenantOf(activity) is not { } tenant)
        {
            return;
        }

        switch (activity.Type)
        {
            case Activity.Types.Message:
                await OnMessageAsync(tenant, activity, cancellationToken).ConfigureAwait(false);
                break;
            case Activity.Types.ConversationUpdate:
                await OnConversationUpdateAsync(tenant, activity, cancellationToken).ConfigureAwait(false);
                break;
            case Activity.Types.InstallationUpdate:
                await OnInstallationUpdateAsync(tenant, activity, cancellationToken).ConfigureAwait(false);
                break;
            default:
                logger.LogDebug("Ignoring {Type} activity", activity.Type);
                break;
        }
    }

    /// <summary>Handles an invoke; returns the invoke response, or null when the invoke is not one the bot serves.</summary>
    public async Task<AdaptiveCardInvokeResponse?> InvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!string.Equals(activity.Name, AdaptiveCardActionInvoke, StringComparison.Ordinal))
        {
            return null;
        }

        if (!TryReadExecute(activity, out var actionId, out var values))
        {
            return Error(400, "BadRequest", "The card action carried no action.");
        }

        if (ActivityReader.TenantOf(activity) is not { } tenant)
        {
            return Error(400, "BadRequest", "The activity names no tenant.");
        }

        var request = BaseRequest(tenant, activity) with
        {
            Action = new ChatAction(actionId, values, activity.ReplyToId),
        };
        var (ran, reply) = await HandleOnceAsync(tenant, activity, request, always: false, cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = AdaptiveCardInvokeResponse.MessageType,
                Value = JsonValue.Create("That was already done."),
            };
        }

        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = AdaptiveCardInvokeResponse.CardType,
            Value = renderer.Render(reply!),
        };
    }

    private async Task OnMessageAsync(string tenant, Activity activity, CancellationToken cancellationToken)
    {
        ChatRequest request;
        var isSubmit = false;
        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && CardActionData.TryRead(value, null, out var actionId, out var values))
        {
            isSubmit = true;
            request = BaseRequest(tenant, activity) with { Action = new ChatAction(actionId, values, activity.ReplyToId) };
        }
        else
        {
            var text = await CommandTextAsync(activity, cancellationToken).ConfigureAwait(false);
            request = BaseRequest(tenant, activity) with { Text = text.Length == 0 ? "help" : text };
        }

        var (ran, reply) = await HandleOnceAsync(tenant, activity, request, always: false, cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            return;
        }

        var outgoing = renderer.ToActivity(reply!);
        if (isSubmit && activity.ReplyToId is { Length: > 0 } cardId
            && await TryReplaceCardAsync(activity, cardId, outgoing, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await ReplyAsync(activity, outgoing, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnConversationUpdateAsync(string tenant, Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        bool Includes(IReadOnlyList<ChannelAccount>? members) =>
            botId is not null && members?.Any(m => m is not null && string.Equals(m.Id, botId, StringComparison.OrdinalIgnoreCase)) == true;

        if (Includes(activity.MembersRemoved))
        {
            await OnceAsync(tenant, activity, async stop => { await recorder.ForgetAsync(tenant, activity, stop).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A new personal install: greet with the help card so the rep sees what to type.
        var greeting = Includes(activity.MembersAdded) && ActivityReader.IsPersonal(activity) ? BaseRequest(tenant, activity) with { Text = "help" } : null;
        var (ran, reply) = await HandleOnceAsync(tenant, activity, greeting, always: true, cancellationToken).ConfigureAwait(false);
        if (ran && reply is not null)
        {
            await SendAsync(activity, renderer.ToActivity(reply), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task OnInstallationUpdateAsync(string tenant, Activity activity, CancellationToken cancellationToken) =>
        OnceAsync(
            tenant,
            activity,
            async stop =>
            {
                if (activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true)
                {
                    await recorder.ForgetAsync(tenant, activity, stop).ConfigureAwait(false);
                }
                else
                {
                    await recorder.RecordAsync(tenant, activity, stop, always: true).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> unless this activity (its id in its conversation) was handled before; Ran is false
    /// for such a retry. The key is stored with the work's writes, so a work that throws or dies leaves neither.
    /// </summary>
    private async Task<(bool Ran, T? Result)> OnceAsync<T>(string tenant, Activity activity, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(activity.Id))
        {
            // Without an id a retry cannot be recognised; conversation updates sometimes come so.
            return (true, await work(cancellationToken).ConfigureAwait(false));
        }

        var run = await deduplicator.RunOnceAsync(tenant, "teams:" + ActivityReader.RequestKeyOf(activity), timeProvider.GetUtcNow(), work, cancellationToken)
            .ConfigureAwait(false);
        if (run is RequestRan<T> ran)
        {
            return (true, ran.Result);
        }

        logger.LogInformation("Activity {ActivityId} was already handled; ignoring the retry", activity.Id);
        return (false, default);
    }

    private static ChatRequest BaseRequest(string tenant, Activity activity)
    {
        var personal = ActivityReader.IsPersonal(activity);
        return new ChatRequest
        {
            Platform = Platform,
            WorkspaceId = tenant,
            UserId = ActivityReader.UserIdOf(activity) ?? "",
            UserName = activity.From?.Name,
            PlatformTimeZone = ActivityReader.TimeZoneOf(activity),
            ChannelId = personal ? activity.Conversation?.Id : ActivityReader.ChannelIdOf(activity),
            IsDirectMessage = personal,
            ClientRequestId = string.IsNullOrEmpty(activity.Id) ? null : ActivityReader.RequestKeyOf(activity),
        };
    }

    /// <summary>
    /// Once per activity: records its conversation reference and handles <paramref name="request"/> (if any). A handler
    /// that throws is answered with an apology, and what the activity wrote is rolled back with its key, so a retry runs it.
    /// </summary>
    private async Task<(bool Ran, OutboundMessage? Reply)> HandleOnceAsync(string tenant, Activity activity, ChatRequest? request, bool always, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            return await OnceAsync(
                tenant,
                activity,
                async stop =>
                {
                    await recorder.RecordAsync(tenant, activity, stop, always).ConfigureAwait(false);
                    if (request is null)
                    {
                        return null;
                    }

                    if (request.UserId.Length == 0)
                    {
                        return OutboundMessage.Problem("Teams did not say who sent this, so nothing was done.");
                    }

                    try
                    {
                        return await handler.HandleAsync(request, stop).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failure = ex;
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ReferenceEquals(ex, failure))
        {
            logger.LogError(ex, "The command handler failed for a Teams request in workspace {WorkspaceId}", tenant);
            return (true, SomethingWentWrong);
        }
    }

    // Other people mentioned in a command become <@objectId> (the same stable id a sender has).
    private async Task<string> CommandTextAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        var others = (activity.Entities ?? [])
            .Where(e => e is not null && string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase)
                && e.Mentioned?.Id is { Length: > 0 } id
                && !string.Equals(id, botId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var objectIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mention in others.Take(10))
        {
            var memberId = mention.Mentioned!.Id!;
            if (mention.Mentioned.AadObjectId is { Length: > 0 } known)
            {
                objectIds[memberId] = known;
                continue;
            }

            try
            {
                var member = await connector.GetMemberAsync(activity.ServiceUrl!, activity.Conversation!.Id!, memberId, cancellationToken).ConfigureAwait(false);
                if ((member?.AadObjectId ?? member?.ObjectId) is { Length: > 0 } objectId)
                {
                    objectIds[memberId] = objectId;
                }
            }
            catch (ConnectorException ex)
            {
                logger.LogWarning(ex, "Could not look up a mentioned member");
            }
        }

        return ActivityReader.CommandTextOf(activity, m =>
            m.Mentioned?.Id is { } id && objectIds.TryGetValue(id, out var objectId) ? $"<@{objectId}>" : null);
    }

    private static bool TryReadExecute(Activity activity, out string actionId, out IReadOnlyDictionary<string, string> values)
    {
        actionId = "";
        values = new Dictionary<string, string>();
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var verb = action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var data = action.TryGetProperty("data", out var d) ? d : default;
        return CardActionData.TryRead(data, verb, out actionId, out values);
    }

    private async Task<bool> TryReplaceCardAsync(Activity inbound, string cardId, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await connector.UpdateActivityAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, cardId, outgoing, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConnectorException ex) when (!ex.Transient)
        {
            // The card may be gone or not ours to edit: answer with a new message instead.
            logger.LogWarning("Could not update card {CardId} ({Status} {Code}); replying instead", cardId, ex.StatusCode, ex.ErrorCode);
            outgoing.Id = null;
            return false;
        }
    }

    private async Task ReplyAsync(Activity inbound, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            if (inbound.Id is { Length: > 0 } id)
            {
                await connector.ReplyToActivityAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, id, outgoing, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connector.SendToConversationAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, outgoing, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorException ex)
        {
            logger.LogError(ex, "Could not deliver the reply to activity {ActivityId} ({Status} {Code})", inbound.Id, ex.StatusCode, ex.ErrorCode);
        }
    }

    private async Task SendAsync(Activity inbound, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendToConversationAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, outgoing, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            logger.LogError(ex, "Could not send the welcome message ({Status} {Code})", ex.StatusCode, ex.ErrorCode);
        }
    }

    private static AdaptiveCardInvokeResponse Error(int status, string code, string message) => new()
    {
        StatusCode = status,
        Type = AdaptiveCardInvokeResponse.ErrorType,
        Value = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
