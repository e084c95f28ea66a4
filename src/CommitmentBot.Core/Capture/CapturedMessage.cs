namespace CommitmentBot.Core.Capture;

/// <summary>A chat message a promise may be captured from: the shortcut's target, or a channel message to notice.</summary>
/// <param name="Platform">The platform (<c>slack</c>, <c>teams</c>, <c>sandbox</c>).</param>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="ChannelId">The channel (conversation) it was posted in.</param>
/// <param name="MessageId">The platform's id of the message (Slack ts, Teams activity id).</param>
/// <param name="AuthorId">Who wrote it.</param>
/// <param name="Text">What it says.</param>
/// <param name="Link">A link back to it (Slack permalink, Teams linkToMessage), when known.</param>
/// <param name="ExternalCustomer">The other organisation's name in a channel shared with a customer (Slack Connect), when known.</param>
public sealed record CapturedMessage(
    string Platform,
    string WorkspaceId,
    string ChannelId,
    string MessageId,
    string AuthorId,
    string Text,
    string? Link = null,
    string? ExternalCustomer = null);
