using System.Text.Json.Serialization;
using CommitmentBot.Slack.BlockKit;

namespace CommitmentBot.Slack.Inbound;

// Payloads Slack sends us (interactivity and Events API) and the bodies we answer with.

internal sealed record InteractionPayload
{
    public string? Type { get; init; }

    public InteractionUser? User { get; init; }

    public InteractionRef? Team { get; init; }

    public InteractionRef? Enterprise { get; init; }

    public bool IsEnterpriseInstall { get; init; }

    public string? TriggerId { get; init; }

    public string? CallbackId { get; init; }

    public string? ResponseUrl { get; init; }

    public IReadOnlyList<InteractionAction>? Actions { get; init; }

    public InteractionContainer? Container { get; init; }

    public InteractionRef? Channel { get; init; }

    public InteractionMessage? Message { get; init; }

    public InteractionView? View { get; init; }

    public InteractionState? State { get; init; }
}

internal sealed record InteractionUser
{
    public string? Id { get; init; }

    public string? Username { get; init; }

    public string? Name { get; init; }

    public string? TeamId { get; init; }
}

internal sealed record InteractionRef
{
    public string? Id { get; init; }
}

internal sealed record InteractionAction
{
    public string? ActionId { get; init; }

    public string? BlockId { get; init; }

    public string? Type { get; init; }

    public string? Value { get; init; }

    public string? ActionTs { get; init; }

    public string? SelectedDate { get; init; }

    public string? SelectedTime { get; init; }

    public SelectedOption? SelectedOption { get; init; }
}

internal sealed record SelectedOption
{
    public string? Value { get; init; }
}

internal sealed record InteractionContainer
{
    public string? Type { get; init; }

    public string? MessageTs { get; init; }

    public string? ChannelId { get; init; }

    public string? ViewId { get; init; }

    public bool IsEphemeral { get; init; }
}

internal sealed record InteractionMessage
{
    public string? Ts { get; init; }

    public string? Text { get; init; }

    public string? User { get; init; }
}

internal sealed record InteractionView
{
    public string? Id { get; init; }

    public string? Type { get; init; }

    public string? CallbackId { get; init; }

    public string? PrivateMetadata { get; init; }

    public string? Hash { get; init; }

    public InteractionState? State { get; init; }
}

internal sealed record InteractionState
{
    /// <summary>block_id → action_id → value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, StateValue>>? Values { get; init; }
}

internal sealed record StateValue
{
    public string? Type { get; init; }

    public string? Value { get; init; }

    public string? SelectedDate { get; init; }

    public string? SelectedTime { get; init; }

    public SelectedOption? SelectedOption { get; init; }

    /// <summary>A <c>file_input</c>'s uploaded files.</summary>
    public IReadOnlyList<SlackFile>? Files { get; init; }

    /// <summary>The submitted value, whatever kind of input it came from.</summary>
    [JsonIgnore]
    public string? Submitted => SelectedDate ?? SelectedTime ?? SelectedOption?.Value ?? Value;
}

/// <summary>A file as a submission or event describes it; its content is fetched from <see cref="UrlPrivateDownload"/> with the bot token.</summary>
internal sealed record SlackFile
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Filetype { get; init; }

    public long? Size { get; init; }

    public string? UrlPrivateDownload { get; init; }
}

internal sealed record EventEnvelope
{
    public string? Type { get; init; }

    public string? Challenge { get; init; }

    public string? TeamId { get; init; }

    public string? EnterpriseId { get; init; }

    public string? ApiAppId { get; init; }

    public string? EventId { get; init; }

    public SlackEvent? Event { get; init; }

    public IReadOnlyList<EventAuthorization>? Authorizations { get; init; }
}

internal sealed record EventAuthorization
{
    public string? EnterpriseId { get; init; }

    public string? TeamId { get; init; }

    public bool IsEnterpriseInstall { get; init; }
}

internal sealed record SlackEvent
{
    public string? Type { get; init; }

    public string? User { get; init; }

    public string? Channel { get; init; }

    public string? Tab { get; init; }

    public RevokedTokens? Tokens { get; init; }

    public string? Text { get; init; }

    public string? Ts { get; init; }

    public string? Subtype { get; init; }

    public string? BotId { get; init; }

    public string? ChannelType { get; init; }
}

internal sealed record RevokedTokens
{
    public IReadOnlyList<string>? Oauth { get; init; }

    public IReadOnlyList<string>? Bot { get; init; }
}

/// <summary>A slash-command answer or a <c>response_url</c> post.</summary>
internal sealed record CommandResponse(string Text, IReadOnlyList<Block>? Blocks)
{
    public string ResponseType { get; init; } = "ephemeral";

    public bool? ReplaceOriginal { get; init; }
}

internal sealed record ChallengeResponse(string Challenge);

/// <summary><c>response_action: errors</c> for a modal submission.</summary>
internal sealed record ViewErrorsResponse(IReadOnlyDictionary<string, string> Errors)
{
    public string ResponseAction { get; init; } = "errors";
}
