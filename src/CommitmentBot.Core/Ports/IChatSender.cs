using CommitmentBot.Core.Messages;

namespace CommitmentBot.Core.Ports;

/// <summary>One message to send: a bundle of notifications for one recipient, identified by its outbox delivery id.</summary>
/// <param name="DeliveryId">The outbox delivery id; platforms that can carry metadata attach it so a resend can be detected.</param>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="RecipientKind">User or channel.</param>
/// <param name="RecipientId">The user or channel id.</param>
/// <param name="Message">What to send.</param>
public sealed record ChatDelivery(long DeliveryId, string WorkspaceId, RecipientKind RecipientKind, string RecipientId, OutboundMessage Message);

/// <summary>A send the platform refused; <see cref="Transient"/> says whether trying again can help.</summary>
public sealed class ChatSendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatSendException(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Transient = transient;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates a transient failure.</summary>
    public ChatSendException()
        : this("The chat platform did not accept the message.", transient: true)
    {
    }

    /// <summary>Creates a transient failure.</summary>
    public ChatSendException(string message)
        : this(message, transient: true)
    {
    }

    /// <summary>Creates a transient failure.</summary>
    public ChatSendException(string message, Exception innerException)
        : this(message, transient: true, null, innerException)
    {
    }

    /// <summary>True when a later attempt may succeed (rate limit, 5xx, timeout).</summary>
    public bool Transient { get; }

    /// <summary>How long the platform asked us to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>Sends messages to one chat platform (Slack, Teams, the sandbox).</summary>
public interface IChatSender
{
    /// <summary>The platform name this sender serves (<c>slack</c>, <c>teams</c>, <c>sandbox</c>).</summary>
    string Platform { get; }

    /// <summary>Sends the delivery; returns the platform's message id. Throws <see cref="ChatSendException"/> on refusal.</summary>
    Task<string> SendAsync(ChatDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// After a crash between send and record: looks for a message already sent for
    /// <paramref name="delivery"/> since <paramref name="sendStartedAt"/>. Returns its id, null when
    /// certainly not sent, or throws <see cref="NotSupportedException"/> when the platform cannot tell
    /// (then the delivery is resent: a repeat is better than a loss).
    /// </summary>
    Task<string?> FindSentAsync(ChatDelivery delivery, DateTimeOffset sendStartedAt, CancellationToken cancellationToken);
}
