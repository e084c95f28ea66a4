using CommitmentBot.Core.Ports;

namespace CommitmentBot.Sandbox;

/// <summary>The sandbox's <see cref="IChatSender"/>: "sends" by recording in <see cref="SandboxConversations"/>.</summary>
public sealed class SandboxChatSender(SandboxConversations conversations, TimeProvider clock) : IChatSender
{
    public const string PlatformName = "sandbox";

    public string Platform => PlatformName;

    public Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var at = clock.GetUtcNow();
        var message = delivery.RecipientKind == RecipientKind.User
            ? conversations.AddDirect(delivery.RecipientId, delivery.Message, at, delivery.DeliveryId)
            : conversations.AddChannelPost(delivery.RecipientId, delivery.Message, at, delivery.DeliveryId);
        return Task.FromResult<SendResult>(new ChatSent(message.Id));
    }

    public Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Task.FromResult<SentLookup>(conversations.FindByDelivery(delivery.DeliveryId) is { } id ? new SentFound(id) : new SentNotFound());
    }
}
