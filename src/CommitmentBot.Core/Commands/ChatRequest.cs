namespace CommitmentBot.Core.Commands;

/// <summary>
/// A platform-neutral request: a command typed by a person, or a button press with its inputs.
/// Adapters build it after authenticating the platform's request.
/// </summary>
public sealed record ChatRequest
{
    /// <summary>
    /// The longest platform id (workspace, user, channel) storage keeps. Adapters refuse longer ones where the
    /// request arrives, with the reason, rather than letting storage fail part-way.
    /// </summary>
    public const int MaxIdLength = 128;

    /// <summary>The platform (<c>slack</c>, <c>teams</c>, <c>sandbox</c>).</summary>
    public required string Platform { get; init; }

    /// <summary>The workspace (Slack team, Teams tenant, sandbox).</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Who sent it.</summary>
    public required string UserId { get; init; }

    /// <summary>The sender's display name, when the platform gives one.</summary>
    public string? UserName { get; init; }

    /// <summary>The sender's IANA time zone as the platform reports it, if known.</summary>
    public string? PlatformTimeZone { get; init; }

    /// <summary>The command text after <c>/promise</c> (or the message text), for typed commands.</summary>
    public string? Text { get; init; }

    /// <summary>The button pressed, for interactions.</summary>
    public ChatAction? Action { get; init; }

    /// <summary>The channel the command was typed in, if any (used by <c>admin channel</c>).</summary>
    public string? ChannelId { get; init; }

    /// <summary>True when <see cref="ChannelId"/> is a direct-message conversation rather than a channel.</summary>
    public bool IsDirectMessage { get; init; }

    /// <summary>
    /// A key unique to this request on the platform (Slack trigger id, Teams activity id); retries
    /// carry the same key, so a commitment is never created twice.
    /// </summary>
    public string? ClientRequestId { get; init; }
}

/// <summary>A button press or form submission.</summary>
/// <param name="ActionId">The button's action id (<c>verb:P-n</c>).</param>
/// <param name="Values">Submitted input values by input id.</param>
/// <param name="MessageId">The message the button was on, if known.</param>
public sealed record ChatAction(string ActionId, IReadOnlyDictionary<string, string> Values, string? MessageId = null);
