using CommitmentBot.Core.Ports;
using CommitmentBot.Teams.Activities;
using CommitmentBot.Teams.Cards;
using CommitmentBot.Teams.Connector;
using CommitmentBot.Teams.References;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.Sending;

/// <summary>
/// Delivers notifications to Teams: a person through their stored 1:1 chat (opening one when
/// none is stored), a channel as a new post. Each delivery is one message POST; the connector
/// client retries only answers that say the message was not taken, so one attempt never posts
/// twice. Teams cannot list what a bot sent, so <see cref="FindSentAsync"/> cannot tell.
/// </summary>
public sealed class TeamsChatSender(
    IBotConnectorClient connector,
    IConversationReferenceStore references,
    AdaptiveCardRenderer renderer,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<TeamsChatSender> logger) : IChatSender
{
    public string Platform => TeamsActivityProcessor.Platform;

    public async Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var activity = renderer.ToActivity(delivery.Message);
        try
        {
            return new ChatSent(delivery.RecipientKind == RecipientKind.User
                ? await SendToUserAsync(delivery.WorkspaceId, delivery.RecipientId, activity, cancellationToken).ConfigureAwait(false)
                : await SendToChannelAsync(delivery.WorkspaceId, delivery.RecipientId, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (ConnectorException ex)
        {
            // The connector client speaks HTTP in exceptions; the outbox hears results.
            logger.LogWarning("Teams delivery {DeliveryId} failed: {Status} {Code} (transient: {Transient})", delivery.DeliveryId, ex.StatusCode, ex.ErrorCode, ex.Transient);
            var reason = $"Teams did not take delivery {delivery.DeliveryId}: {ex.Message}";
            return ex.Transient ? new ChatSendDeferred(reason, ex.RetryAfter) : new ChatSendRefused(reason);
        }
    }

    public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken) =>
        Task.FromResult<SentLookup>(new SentUnknowable("Teams offers a bot no way to look up the messages it sent; the delivery is resent."));

    private async Task<string> SendToUserAsync(string tenant, string objectId, Activity activity, CancellationToken cancellationToken)
    {
        var reference = await references.FindAsync(tenant, ConversationReferenceKind.User, objectId, cancellationToken).ConfigureAwait(false);
        if (reference is not null)
        {
            try
            {
                var sent = await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, cancellationToken).ConfigureAwait(false);
                return sent.Id ?? "";
            }
            catch (ConnectorException ex) when (ex.StatusCode == 404)
            {
                // The stored chat is gone (ConversationNotFound, nothing was posted): open a new one below.
                await references.RemoveAsync(tenant, ConversationReferenceKind.User, objectId, cancellationToken).ConfigureAwait(false);
            }
        }

        var serviceUrl = reference?.ServiceUrl ?? await AnyServiceUrlAsync(tenant, cancellationToken).ConfigureAwait(false);
        var settings = options.Value;
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = settings.BotId },

            // Teams accepts the Entra object id for a member of a personal-scope chat with an installed bot.
            Members = [new ChannelAccount { Id = objectId }],
            TenantId = tenant,
            ChannelData = new TeamsChannelData { Tenant = new IdAndName { Id = tenant } },
        }, cancellationToken).ConfigureAwait(false);
        if (created.Id is not { Length: > 0 } conversationId)
        {
            throw new ConnectorException("Teams opened no conversation for the user.", null, "NoConversation", transient: false);
        }

        var target = created.ServiceUrl is { Length: > 0 } returned ? returned : serviceUrl;
        await references.UpsertAsync(
            new TeamsConversationReference(tenant, ConversationReferenceKind.User, objectId, target, conversationId, tenant, settings.BotId, objectId, timeProvider.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        var posted = await connector.SendToConversationAsync(target, conversationId, activity, cancellationToken).ConfigureAwait(false);
        return posted.Id ?? "";
    }

    private async Task<string> SendToChannelAsync(string tenant, string channelId, Activity activity, CancellationToken cancellationToken)
    {
        var reference = await references.FindAsync(tenant, ConversationReferenceKind.Channel, channelId, cancellationToken).ConfigureAwait(false);
        var serviceUrl = reference?.ServiceUrl ?? await AnyServiceUrlAsync(tenant, cancellationToken).ConfigureAwait(false);
        var settings = options.Value;

        // A new conversation in a channel is a new post (thread) carrying the activity.
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = true,
            Bot = new ChannelAccount { Id = settings.BotId },
            TenantId = tenant,
            ChannelData = new TeamsChannelData
            {
                Channel = new IdAndName { Id = channelId },
                Tenant = new IdAndName { Id = tenant },
            },
            Activity = activity,
        }, cancellationToken).ConfigureAwait(false);
        return created.ActivityId ?? created.Id ?? "";
    }

    // The service URL is regional per tenant: any reference in the tenant knows it.
    private async Task<string> AnyServiceUrlAsync(string tenant, CancellationToken cancellationToken)
    {
        foreach (var kind in new[] { ConversationReferenceKind.Team, ConversationReferenceKind.Channel, ConversationReferenceKind.User })
        {
            var any = await references.ListAsync(tenant, kind, 1, cancellationToken).ConfigureAwait(false);
            if (any.Count > 0)
            {
                return any[0].ServiceUrl;
            }
        }

        return options.Value.FallbackServiceUrl;
    }
}
