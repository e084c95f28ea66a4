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
    ILogger<SlackChatSender> logger,
    IEnumerable<IChartImages> chartImages) : IChatSender
{
    public const string MetadataEventType = "commitmentbot_delivery";

    /// <summary>Slack's clock and ours may differ a little; look back this much further than the send start.</summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Narrow pages: some apps may read history only once a minute with at most 15 messages.</summary>
    internal const int HistoryPageSize = 15;
    internal const int MaxHistoryPages = 10;

    public string Platform => SlackWorkspaces.Platform;

    public async Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var startedAt = time.GetUtcNow();
        if (await tokens.FindBotTokenAsync(delivery.WorkspaceId, cancellationToken) is not { } token)
        {
            return NotInstalled(delivery.WorkspaceId);
        }

        var (channel, failure) = await ChannelForAsync(delivery, token, cancellationToken);
        if (channel is null)
        {
            return Failure(failure!);
        }

        var charts = await UploadChartsAsync(token, delivery, cancellationToken);
        var message = BlockKitRenderer.RenderMessage(delivery.Message, charts);
        var metadata = new OutgoingMetadata(MetadataEventType, new DeliveryPayload(delivery.DeliveryId));
        try
        {
            var posted = await api.PostMessageAsync(token, channel, message, metadata, cancellationToken);
            return new ChatSent(SlackMessageIds.Format(posted.Channel, posted.Ts)!);
        }
        catch (SlackApiException ex) when (ex.MaybeDone)
        {
            // No answer, but the message may have been posted: look before the caller sends it again.
            logger.LogWarning("Delivery {DeliveryId}: chat.postMessage ended with {Error}; checking whether it was posted.", delivery.DeliveryId, ex.Error);
            try
            {
                if (await FindInHistoryAsync(token, channel, delivery.DeliveryId, startedAt, cancellationToken) is { } found)
                {
                    return new ChatSent(found);
                }
            }
            catch (SlackApiException lookup)
            {
                logger.LogWarning("Delivery {DeliveryId}: could not check the channel history ({Reason}).", delivery.DeliveryId, lookup.Message);
            }

            return Failure(ex);
        }
        catch (SlackApiException ex)
        {
            return Failure(ex);
        }
    }

    /// <summary>
    /// Uploads the message's charts as private files (files.getUploadURLExternal, the bytes, files.completeUploadExternal
    /// without a channel) for image blocks that reference them. A chart that cannot be uploaded is left out: the message
    /// still carries its numbers in words, and a platform hiccup over an image never holds back the message.
    /// </summary>
    private async Task<IReadOnlyList<UploadedChart>> UploadChartsAsync(string token, ChatDelivery delivery, CancellationToken cancellationToken)
    {
        var images = chartImages.FirstOrDefault();
        if (images is null || delivery.Message.Images.Count == 0)
        {
            return [];
        }

        var uploaded = new List<UploadedChart>(delivery.Message.Images.Count);
        foreach (var image in delivery.Message.Images)
        {
            try
            {
                var png = images.Png(image.Chart);
                var id = await api.UploadPrivateFileAsync(token, "chart-" + image.Chart.Id + ".png", png, image.Chart.Title, image.Alt, cancellationToken);
                uploaded.Add(new UploadedChart(id, image.Chart.Title, image.Alt));
            }
            catch (SlackApiException ex)
            {
                logger.LogWarning("Delivery {DeliveryId}: a chart could not be uploaded ({Error}); the message goes without it.", delivery.DeliveryId, ex.Error);
            }
        }

        return uploaded;
    }

    public async Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (await tokens.FindBotTokenAsync(delivery.WorkspaceId, cancellationToken) is not { } token)
        {
            return new SentUnknowable($"CommitmentBot is not installed in Slack workspace {delivery.WorkspaceId}.");
        }

        var (channel, failure) = await ChannelForAsync(delivery, token, cancellationToken);
        if (channel is null)
        {
            return Lookup(failure!);
        }

        try
        {
            return await FindInHistoryAsync(token, channel, delivery.DeliveryId, sendStartedAt, cancellationToken) is { } found
                ? new SentFound(found)
                : new SentNotFound();
        }
        catch (SlackApiException ex)
        {
            return Lookup(ex);
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

        // Too many messages since the send started to be sure it is not among them.
        throw new SlackApiException("conversations.history", "too_many_messages", transient: false);
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

    private static ChatSendRefused NotInstalled(string workspaceId) =>
        new($"CommitmentBot is not installed in Slack workspace {workspaceId}.");

    private async Task<(string? Channel, SlackApiException? Failure)> ChannelForAsync(ChatDelivery delivery, string token, CancellationToken cancellationToken)
    {
        if (delivery.RecipientKind == RecipientKind.Channel)
        {
            return (delivery.RecipientId, null);
        }

        try
        {
            return (await directMessages.OpenAsync(delivery.WorkspaceId, token, delivery.RecipientId, cancellationToken), null);
        }
        catch (SlackApiException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>Slack's answer as a send result: worth trying again, or not.</summary>
    private static SendResult Failure(SlackApiException ex)
    {
        var reason = $"Slack {ex.Method} refused the message: {ex.Error}.";
        return ex.Transient ? new ChatSendDeferred(reason, ex.RetryAfter) : new ChatSendRefused(reason);
    }

    /// <summary>
    /// Slack's answer to a history look-up. The bot may post where it cannot read (chat:write.public without joining),
    /// and a long history cannot be searched to the end: then it cannot tell; a rate limit or 5xx means look again later.
    /// </summary>
    private static SentLookup Lookup(SlackApiException ex) => ex.Transient
        ? new SentLookupDeferred($"Slack {ex.Method} could not answer: {ex.Error}.", ex.RetryAfter)
        : new SentUnknowable($"Slack {ex.Method} cannot tell ({ex.Error}).");
}
