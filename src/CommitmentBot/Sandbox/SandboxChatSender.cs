using CommitmentBot.Core.Ports;

namespace CommitmentBot.Sandbox;

/// <summary>The sandbox's <see cref="IChatSender"/>: "sends" by recording in <see cref="SandboxConversations"/>.</summary>
public sealed class SandboxChatSender(SandboxConversations conversations, TimeProvider clock) : IChatSender
{
    public const string PlatformName = "sandbox";

    public string Platform => PlatformName;

    public Task<string> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var at = clock.GetUtcNow();
        var message = delivery.RecipientKind == RecipientKind.User
            ? conversations.AddDirect(delivery.RecipientId, delivery.Message, at, delivery.DeliveryId)
            : conversations.AddChannelPost(delivery.RecipientId, delivery.Message, at, delivery.DeliveryId);
        return Task.FromResult(message.Id);
    }

    public Task<string?> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Task.FromResult(conversations.FindByDelivery(delivery.DeliveryId));
    }
}
