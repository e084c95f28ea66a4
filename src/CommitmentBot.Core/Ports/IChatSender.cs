using CommitmentBot.Core.Messages;

namespace CommitmentBot.Core.Ports;

/// <summary>One message to send: a bundle of notifications for one recipient, identified by its outbox delivery id.</summary>
/// <param name="DeliveryId">The outbox delivery id; platforms that can carry metadata attach it so a resend can be detected.</param>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="RecipientKind">User or channel.</param>
/// <param name="RecipientId">The user or channel id.</param>
/// <param name="Message">What to send.</param>
public sealed record ChatDelivery(long DeliveryId, string WorkspaceId, RecipientKind RecipientKind, string RecipientId, OutboundMessage Message);

/// <summary>What became of a send: <see cref="ChatSent"/>, <see cref="ChatSendDeferred"/> or <see cref="ChatSendRefused"/>.</summary>
public abstract record SendResult;

/// <summary>The platform took the message.</summary>
/// <param name="PlatformMessageId">Its id on the platform (kept so the message can be updated or found).</param>
public sealed record ChatSent(string PlatformMessageId) : SendResult;

/// <summary>Not taken for now (rate limit, 5xx, timeout): a later attempt may succeed.</summary>
/// <param name="Reason">What the platform said, for the outbox's record.</param>
/// <param name="RetryAfter">How long the platform asked us to wait, if it said.</param>
public sealed record ChatSendDeferred(string Reason, TimeSpan? RetryAfter = null) : SendResult;

/// <summary>Refused for good (not installed, channel gone, blocked): trying again cannot help.</summary>
/// <param name="Reason">Why, for the outbox's record.</param>
public sealed record ChatSendRefused(string Reason) : SendResult;

/// <summary>
/// What a look-up for an earlier send found: <see cref="SentFound"/>, <see cref="SentNotFound"/>,
/// <see cref="SentUnknowable"/> (the platform cannot tell) or <see cref="SentLookupDeferred"/> (it could not answer now).
/// </summary>
public abstract record SentLookup;

/// <summary>The message was sent before the crash.</summary>
/// <param name="PlatformMessageId">Its id on the platform.</param>
public sealed record SentFound(string PlatformMessageId) : SentLookup;

/// <summary>Certainly not sent: send it.</summary>
public sealed record SentNotFound : SentLookup;

/// <summary>The platform offers no way to tell (Teams): the delivery is resent, since a repeat beats a loss.</summary>
/// <param name="Reason">Why it cannot tell.</param>
public sealed record SentUnknowable(string Reason) : SentLookup;

/// <summary>The platform could tell but did not answer now (rate limit, 5xx): look again later rather than risk a repeat.</summary>
/// <param name="Reason">What the platform said.</param>
/// <param name="RetryAfter">How long it asked us to wait, if it said.</param>
public sealed record SentLookupDeferred(string Reason, TimeSpan? RetryAfter = null) : SentLookup;

/// <summary>Sends messages to one chat platform (Slack, Teams, the sandbox).</summary>
public interface IChatSender
{
    /// <summary>The platform name this sender serves (<c>slack</c>, <c>teams</c>, <c>sandbox</c>).</summary>
    string Platform { get; }

    /// <summary>Sends the delivery. Expected outcomes (taken, not now, refused) are results; an exception is a bug.</summary>
    Task<SendResult> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// After a crash between send and record: looks for a message already sent for <paramref name="delivery"/>
    /// since <paramref name="sendStartedAt"/>.
    /// </summary>
    Task<SentLookup> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken);
}
