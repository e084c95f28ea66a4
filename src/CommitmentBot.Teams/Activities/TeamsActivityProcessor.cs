using System.Text.Json;
using System.Text.Json.Nodes;
using CommitmentBot.Core.Capture;
using CommitmentBot.Core.Commands;
using CommitmentBot.Core.Messages;
using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.References;
using CommitmentBot.Teams.Sending;
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
public sealed partial class TeamsActivityProcessor(
    IChatRequestHandler handler,
    IRequestDeduplicator deduplicator,
    ConversationReferenceRecorder recorder,
    IBotConnectorClient connector,
    AdaptiveCardRenderer renderer,
    TimeProvider timeProvider,
    ILogger<TeamsActivityProcessor> logger,
    PromiseNoticer? noticer = null,
    TeamsChatSender? directSender = null)
{
    private readonly PromiseNoticer? _noticer = noticer;
    private readonly TeamsChatSender? _directSender = directSender;
    private readonly ILogger _logger = logger;

    public const string Platform = "teams";
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private static readonly OutboundMessage SomethingWentWrong =
        OutboundMessage.Problem("Sorry, something went wrong while handling that. Please try again in a moment.");

    /// <summary>Handles a non-invoke activity (message, conversationUpdate, installationUpdate); others are ignored.</summary>
    public async Task ProcessAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        switch (inbound.Type)
        {
            case Activity.Types.Message:
                await OnMessageAsync(inbound, cancellationToken).ConfigureAwait(false);
                break;
            case Activity.Types.ConversationUpdate:
                await OnConversationUpdateAsync(inbound, cancellationToken).ConfigureAwait(false);
                break;
            case Activity.Types.InstallationUpdate:
                await OnInstallationUpdateAsync(inbound, cancellationToken).ConfigureAwait(false);
                break;
            default:
                _logger.LogDebug("Ignoring {Type} activity", inbound.Type);
                break;
        }
    }

    /// <summary>Handles an invoke; returns the invoke response, or null when the invoke is not one the bot serves.</summary>
    public async Task<AdaptiveCardInvokeResponse?> InvokeAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var activity = inbound.Activity;
        if (!string.Equals(activity.Name, AdaptiveCardActionInvoke, StringComparison.Ordinal))
        {
            return null;
        }

        if (!TryReadExecute(activity, out var actionId, out var values))
        {
            return Error(400, "BadRequest", "The card action carried no action.");
        }

        var request = BaseRequest(inbound) with
        {
            Action = new ChatAction(actionId, values, activity.ReplyToId),
        };
        var (ran, reply) = await HandleOnceAsync(inbound, request, always: false, cancellationToken).ConfigureAwait(false);
        if (!ran || reply is null)
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
            Value = renderer.Render(reply),
        };
    }

    private async Task OnMessageAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        var activity = inbound.Activity;
        ChatRequest request;
        var isSubmit = false;
        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && CardActionData.TryRead(value, null, out var actionId, out var values))
        {
            isSubmit = true;
            request = BaseRequest(inbound) with { Action = new ChatAction(actionId, values, activity.ReplyToId) };
        }
        else if (ActivityReader.IsChannel(activity) && !ActivityReader.IsPersonal(activity) && !AddressesBot(activity))
        {
            // With ChannelMessage.Read.Group every channel message arrives; only those that @mention the bot are commands.
            await NoticeAsync(inbound, cancellationToken).ConfigureAwait(false);
            return;
        }
        else
        {
            var text = await CommandTextAsync(inbound, cancellationToken).ConfigureAwait(false);
            request = BaseRequest(inbound) with { Text = text.Length == 0 ? "help" : text };
        }

        var (ran, reply) = await HandleOnceAsync(inbound, request, always: false, cancellationToken).ConfigureAwait(false);
        if (!ran || reply is null)
        {
            return;
        }

        var outgoing = renderer.ToActivity(reply);
        if (isSubmit && activity.ReplyToId is { Length: > 0 } cardId
            && await TryReplaceCardAsync(inbound, cardId, outgoing, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await ReplyAsync(inbound, outgoing, cancellationToken).ConfigureAwait(false);
    }

    private async Task OnConversationUpdateAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        var (tenant, activity) = (inbound.Tenant, inbound.Activity);
        var botId = activity.Recipient?.Id;
        bool Includes(IReadOnlyList<ChannelAccount>? members) =>
            botId is not null && members?.Any(m => string.Equals(m.Id, botId, StringComparison.OrdinalIgnoreCase)) == true;

        if (Includes(activity.MembersRemoved))
        {
            await OnceAsync(inbound, async stop => { await recorder.ForgetAsync(tenant, activity, stop).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A new personal install: greet with the help card so the rep sees what to type.
        var greeting = Includes(activity.MembersAdded) && ActivityReader.IsPersonal(activity) ? BaseRequest(inbound) with { Text = "help" } : null;
        var (ran, reply) = await HandleOnceAsync(inbound, greeting, always: true, cancellationToken).ConfigureAwait(false);
        if (ran && reply is not null)
        {
            await SendAsync(inbound, renderer.ToActivity(reply), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task OnInstallationUpdateAsync(InboundActivity inbound, CancellationToken cancellationToken) =>
        OnceAsync(
            inbound,
            async stop =>
            {
                if (inbound.Activity.Action?.StartsWith("remove", StringComparison.OrdinalIgnoreCase) == true)
                {
                    await recorder.ForgetAsync(inbound.Tenant, inbound.Activity, stop).ConfigureAwait(false);
                }
                else
                {
                    await recorder.RecordAsync(inbound.Tenant, inbound.Activity, stop, always: true).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> unless this activity (its id in its conversation) was handled before; Ran is false
    /// for such a retry. The key is stored with the work's writes, so a work that throws or dies leaves neither.
    /// </summary>
    private async Task<(bool Ran, T? Result)> OnceAsync<T>(InboundActivity inbound, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var activity = inbound.Activity;
        if (string.IsNullOrEmpty(activity.Id))
        {
            // Without an id a retry cannot be recognised; conversation updates sometimes come so.
            return (true, await work(cancellationToken).ConfigureAwait(false));
        }

        var run = await deduplicator.RunOnceAsync(inbound.Tenant, "teams:" + ActivityReader.RequestKeyOf(activity), timeProvider.GetUtcNow(), work, cancellationToken)
            .ConfigureAwait(false);
        if (run is RequestRan<T> ran)
        {
            return (true, ran.Result);
        }

        _logger.LogInformation("Activity {ActivityId} was already handled; ignoring the retry", activity.Id);
        return (false, default);
    }

    private static ChatRequest BaseRequest(InboundActivity inbound)
    {
        var activity = inbound.Activity;
        var personal = ActivityReader.IsPersonal(activity);
        return new ChatRequest
        {
            Platform = Platform,
            WorkspaceId = inbound.Tenant,
            UserId = ActivityReader.UserIdOf(activity) ?? "",
            UserName = activity.From?.Name,
            PlatformTimeZone = ActivityReader.TimeZoneOf(activity),
            ChannelId = personal ? inbound.ConversationId : ActivityReader.ChannelIdOf(activity),
            IsDirectMessage = personal,
            ClientRequestId = string.IsNullOrEmpty(activity.Id) ? null : ActivityReader.RequestKeyOf(activity),
        };
    }

    /// <summary>
    /// Once per activity: records its conversation reference and handles <paramref name="request"/> (if any). A handler
    /// that throws is answered with an apology, and what the activity wrote is rolled back with its key, so a retry runs it.
    /// </summary>
    private async Task<(bool Ran, OutboundMessage? Reply)> HandleOnceAsync(InboundActivity inbound, ChatRequest? request, bool always, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            return await OnceAsync(
                inbound,
                async stop =>
                {
                    await recorder.RecordAsync(inbound.Tenant, inbound.Activity, stop, always).ConfigureAwait(false);
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
            _logger.LogError(ex, "The command handler failed for a Teams request in workspace {WorkspaceId}", inbound.Tenant);
            return (true, SomethingWentWrong);
        }
    }

    // Other people mentioned in a command become <@objectId> (the same stable id a sender has).
    private async Task<string> CommandTextAsync(InboundActivity inbound, CancellationToken cancellationToken)
    {
        var activity = inbound.Activity;
        var botId = activity.Recipient?.Id;
        var others = (activity.Entities ?? [])
            .Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Mentioned)
            .OfType<ChannelAccount>()
            .Where(m => m.Id is { Length: > 0 } id && !string.Equals(id, botId, StringComparison.OrdinalIgnoreCase))
            .Select(m => (MemberId: m.Id ?? "", m.AadObjectId))
            .ToList();
        var objectIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (memberId, aadObjectId) in others.Take(10))
        {
            if (aadObjectId is { Length: > 0 } known)
            {
                objectIds[memberId] = known;
                continue;
            }

            try
            {
                var member = await connector.GetMemberAsync(inbound.ServiceUrl, inbound.ConversationId, memberId, cancellationToken).ConfigureAwait(false);
                if ((member?.AadObjectId ?? member?.ObjectId) is { Length: > 0 } objectId)
                {
                    objectIds[memberId] = objectId;
                }
            }
            catch (ConnectorException ex)
            {
                _logger.LogWarning(ex, "Could not look up a mentioned member");
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

    private async Task<bool> TryReplaceCardAsync(InboundActivity inbound, string cardId, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await connector.UpdateActivityAsync(inbound.ServiceUrl, inbound.ConversationId, cardId, outgoing, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConnectorException ex) when (!ex.Transient)
        {
            // The card may be gone or not ours to edit: answer with a new message instead.
            _logger.LogWarning("Could not update card {CardId} ({Status} {Code}); replying instead", cardId, ex.StatusCode, ex.ErrorCode);
            outgoing.Id = null;
            return false;
        }
    }

    private async Task ReplyAsync(InboundActivity inbound, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            if (inbound.Activity.Id is { Length: > 0 } id)
            {
                await connector.ReplyToActivityAsync(inbound.ServiceUrl, inbound.ConversationId, id, outgoing, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connector.SendToConversationAsync(inbound.ServiceUrl, inbound.ConversationId, outgoing, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorException ex)
        {
            _logger.LogError(ex, "Could not deliver the reply to activity {ActivityId} ({Status} {Code})", inbound.Activity.Id, ex.StatusCode, ex.ErrorCode);
        }
    }

    private async Task SendAsync(InboundActivity inbound, Activity outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendToConversationAsync(inbound.ServiceUrl, inbound.ConversationId, outgoing, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            _logger.LogError(ex, "Could not send the welcome message ({Status} {Code})", ex.StatusCode, ex.ErrorCode);
        }
    }

    private static AdaptiveCardInvokeResponse Error(int status, string code, string message) => new()
    {
        StatusCode = status,
        Type = AdaptiveCardInvokeResponse.ErrorType,
        Value = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
