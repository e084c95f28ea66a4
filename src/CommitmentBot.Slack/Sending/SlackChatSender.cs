using System.Globalization;
using System.Text.Json;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.BlockKit;
using CommitmentBot.Slack.Install;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Sending;

/// <summary>
/// Sends outbox deliveries to Slack: DMs through conversations.open, channel posts directly. Each
/// message carries the delivery id in its metadata, so after a crash or an unanswered post the
/// delivery can be found in the channel's history instead of being sent twice.
/// </summary>
internal sealed class SlackChatSender(
    ISlackApiClient api,
    ISlackTokenSource tokens,
    SlackDirectMessages directMessages,
    TimeProvider time,
    ILogger<SlackChatSender> logger) : IChatSender
{
    public const string MetadataEventType = "commitmentbot_delivery";

    /// <summary>Slack's clock and ours may differ a little; look back this much further than the send start.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Narrow pages: some apps may read history only once a minute with at most 15 messages.</summary>
    internal const int HistoryPageSize = 15;
    internal const int MaxHistoryPages = 10;

    public string Platform => SlackWorkspaces.Platform;

    public async Task<string> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var startedAt = time.GetUtcNow();
        var token = await RequireTokenAsync(delivery.WorkspaceId, cancellationToken);
        var channel = await ChannelForAsync(delivery, token, cancellationToken);
        var message = BlockKitRenderer.RenderMessage(delivery.Message);
        var metadata = new OutgoingMetadata(MetadataEventType, new DeliveryPayload(delivery.DeliveryId));
        try
        {
            var posted = await api.PostMessageAsync(token, channel, message, metadata, cancellationToken);
            return SlackMessageIds.Format(posted.Channel, posted.Ts)!;
        }
        catch (SlackApiException ex) when (ex.MaybeDone)
        {
            // No answer, but the message may have been posted: look before the caller sends it again.
            logger.LogWarning("Delivery {DeliveryId}: chat.postMessage ended with {Error}; checking whether it was posted.", delivery.DeliveryId, ex.Error);
            try
            {
                if (await FindInHistoryAsync(token, channel, delivery.DeliveryId, startedAt, cancellationToken) is { } found)
                {
                    return found;
                }
            }
            catch (Exception lookup) when (lookup is SlackApiException or NotSupportedException)
            {
                logger.LogWarning("Delivery {DeliveryId}: could not check the channel history ({Reason}).", delivery.DeliveryId, lookup.Message);
            }

            throw ToChatSendException(ex);
        }
        catch (SlackApiException ex)
        {
            throw ToChatSendException(ex);
        }
    }

    public async Task<string?> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var token = await RequireTokenAsync(delivery.WorkspaceId, cancellationToken);
        var channel = await ChannelForAsync(delivery, token, cancellationToken);
        try
        {
            return await FindInHistoryAsync(token, channel, delivery.DeliveryId, sendStartedAt, cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "missing_scope" or "channel_not_found" or "not_allowed_token_type")
        {
            // The bot may post where it cannot read (chat:write.public without joining): it cannot tell.
            throw new NotSupportedException($"Slack history of {channel} cannot be read ({ex.Error}).", ex);
        }
        catch (SlackApiException ex)
        {
            throw ToChatSendException(ex);
        }
    }

    private async Task<string?> FindInHistoryAsync(string token, string channel, long deliveryId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var history = await api.GetHistoryAsync(token, channel, since - ClockSkew, HistoryPageSize, cursor, cancellationToken);
            foreach (var message in history.Messages ?? [])
            {
                if (IsDelivery(message, deliveryId))
                {
                    return SlackMessageIds.Format(channel, message.Ts);
                }
            }

            cursor = history.ResponseMetadata?.NextCursor;
            if (!history.HasMore || string.IsNullOrEmpty(cursor))
            {
                return null;
            }
        }

        throw new NotSupportedException($"Too many messages in {channel} since the send started to be sure.");
    }

    internal static bool IsDelivery(HistoryMessage message, long deliveryId)
    {
        if (message.Metadata is not { EventType: MetadataEventType, EventPayload: { ValueKind: JsonValueKind.Object } payload }
            || string.IsNullOrEmpty(message.Ts)
            || !payload.TryGetProperty("delivery_id", out var id))
        {
            return false;
        }

        return id.ValueKind switch
        {
            JsonValueKind.Number => id.TryGetInt64(out var number) && number == deliveryId,
            JsonValueKind.String => id.GetString() == deliveryId.ToString(CultureInfo.InvariantCulture),
            _ => false,
        };
    }

    private async Task<string> RequireTokenAsync(string workspaceId, CancellationToken cancellationToken) =>
        await tokens.FindBotTokenAsync(workspaceId, cancellationToken)
        ?? throw new ChatSendException($"CommitmentBot is not installed in Slack workspace {workspaceId}.", transient: false);

    private async Task<string> ChannelForAsync(ChatDelivery delivery, string token, CancellationToken cancellationToken)
    {
        if (delivery.RecipientKind == RecipientKind.Channel)
        {
            return delivery.RecipientId;
        }

        try
        {
            return await directMessages.OpenAsync(delivery.WorkspaceId, token, delivery.RecipientId, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            throw ToChatSendException(ex);
        }
    }

    private static ChatSendException ToChatSendException(SlackApiException ex) =>
        new($"Slack {ex.Method} refused the message: {ex.Error}.", ex.Transient, ex.RetryAfter, ex);
}
