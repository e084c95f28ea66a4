using System.Text.Json;
using CommitmentBot.Slack.BlockKit;

namespace CommitmentBot.Slack.Api;

// Web API envelopes and arguments. Only the fields this app reads or sends are declared.

/// <summary>The envelope every Web API method answers with: test <see cref="Ok"/>, not the HTTP status.</summary>
internal record SlackResponse
{
    public bool Ok { get; init; }

    public string? Error { get; init; }

    public string? Warning { get; init; }

    public ResponseMetadata? ResponseMetadata { get; init; }
}

internal sealed record ResponseMetadata
{
    public string? NextCursor { get; init; }

    public IReadOnlyList<string>? Messages { get; init; }
}

internal sealed record PostMessageResponse : SlackResponse
{
    public string? Channel { get; init; }

    public string? Ts { get; init; }
}

internal sealed record IdRef
{
    public string? Id { get; init; }

    public string? Name { get; init; }
}

internal sealed record ConversationsOpenResponse : SlackResponse
{
    public IdRef? Channel { get; init; }
}

internal sealed record HistoryResponse : SlackResponse
{
    public IReadOnlyList<HistoryMessage>? Messages { get; init; }

    public bool HasMore { get; init; }
}

internal sealed record HistoryMessage
{
    public string? Ts { get; init; }

    public string? BotId { get; init; }

    public string? AppId { get; init; }

    public HistoryMetadata? Metadata { get; init; }
}

internal sealed record HistoryMetadata
{
    public string? EventType { get; init; }

    // Other apps' payloads have any shape; read ours by hand.
    public JsonElement? EventPayload { get; init; }
}

internal sealed record UsersInfoResponse : SlackResponse
{
    public SlackUser? User { get; init; }
}

internal sealed record SlackUser
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? RealName { get; init; }

    public string? Tz { get; init; }

    public string? TzLabel { get; init; }

    public int? TzOffset { get; init; }

    public bool Deleted { get; init; }

    public bool IsBot { get; init; }
}

internal sealed record UsersProfileResponse : SlackResponse
{
    public SlackProfile? Profile { get; init; }
}

/// <summary>The part of users.profile.get the bot reads: the status.</summary>
internal sealed record SlackProfile
{
    public string? StatusText { get; init; }

    public string? StatusEmoji { get; init; }

    /// <summary>Unix seconds when the status clears; 0 when it does not.</summary>
    public long StatusExpiration { get; init; }
}

internal sealed record AuthTestResponse : SlackResponse
{
    public string? TeamId { get; init; }

    public string? Team { get; init; }

    public string? UserId { get; init; }

    public string? BotId { get; init; }

    public string? EnterpriseId { get; init; }

    public bool IsEnterpriseInstall { get; init; }
}

internal sealed record OAuthAccessResponse : SlackResponse
{
    public string? AccessToken { get; init; }

    public string? TokenType { get; init; }

    public string? Scope { get; init; }

    public string? BotUserId { get; init; }

    public string? AppId { get; init; }

    public IdRef? Team { get; init; }

    public IdRef? Enterprise { get; init; }

    public bool IsEnterpriseInstall { get; init; }

    public IdRef? AuthedUser { get; init; }
}

internal sealed record ViewResponse : SlackResponse
{
    public IdRef? View { get; init; }
}

/// <summary>A posted message: the channel (a <c>D…</c> id for DMs) and its timestamp id.</summary>
internal sealed record PostedMessage(string Channel, string Ts);

/// <summary>Message metadata this app attaches: only ids, since metadata is visible workspace-wide.</summary>
internal sealed record OutgoingMetadata(string EventType, DeliveryPayload EventPayload);

internal sealed record DeliveryPayload(long DeliveryId);

internal sealed record PostMessageRequest(string Channel, string Text, IReadOnlyList<Block> Blocks)
{
    public OutgoingMetadata? Metadata { get; init; }

    public bool UnfurlLinks { get; init; }

    public bool UnfurlMedia { get; init; }
}

internal sealed record UpdateMessageRequest(string Channel, string Ts, string Text, IReadOnlyList<Block> Blocks);

internal sealed record PostEphemeralRequest(string Channel, string User, string Text, IReadOnlyList<Block> Blocks);

internal sealed record ConversationsOpenRequest(string Users);

internal sealed record ViewsOpenRequest(string TriggerId, SlackView View);

internal sealed record ViewsPublishRequest(string UserId, SlackView View);
