using System.Text.Json;
using System.Text.Json.Serialization;
using CommitmentBot.Slack.BlockKit;

namespace CommitmentBot.Slack.Inbound;

// Payloads Slack sends us (interactivity and Events API) and the bodies we answer with.

/// <summary>
/// An interaction as the handlers read it, checked once where it arrives: the payload parsed (JSON nulls inside its lists
/// dropped), the workspace and the user present and no longer than storage keeps, and so never null downstream.
/// </summary>
internal sealed record Interaction(InteractionPayload Payload, string WorkspaceId, string UserId)
{
    /// <summary>The interaction, or null with the reason to answer 400 with.</summary>
    public static Interaction? Read(SlackForm form, out string? problem)
    {
        var json = form["payload"];
        if (string.IsNullOrEmpty(json))
        {
            problem = "An interaction needs a payload field.";
            return null;
        }

        InteractionPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(json, SlackJsonContext.Default.InteractionPayload)?.WithoutNulls();
        }
        catch (JsonException)
        {
            problem = "The payload field is not valid JSON.";
            return null;
        }

        var workspaceId = SlackWorkspaces.IdFor(payload?.Team?.Id ?? payload?.User?.TeamId, payload?.Enterprise?.Id, payload?.IsEnterpriseInstall == true);
        var userId = payload?.User?.Id;
        if (payload is null || workspaceId is null || string.IsNullOrEmpty(userId))
        {
            problem = "The payload needs a team and a user.";
            return null;
        }

        problem = InboundIds.TooLong(("workspace id", workspaceId), ("user id", userId), ("channel id", payload.Container?.ChannelId ?? payload.Channel?.Id));
        return problem is null ? new Interaction(payload, workspaceId, userId) : null;
    }
}

/// <summary>
/// A <c>/promise</c> command as it arrives, checked once: the workspace and the user present and no longer than storage
/// keeps (so never null downstream); the rest as Slack sent it.
/// </summary>
internal sealed record SlashCommand(string WorkspaceId, string UserId, SlackForm Form)
{
    public string? ChannelId => Form["channel_id"] is { Length: > 0 } channel ? channel : null;

    public string? TriggerId => Form["trigger_id"] is { Length: > 0 } trigger ? trigger : null;

    /// <summary>The command, or null with the reason to answer 400 with.</summary>
    public static SlashCommand? Read(SlackForm form, out string? problem)
    {
        var workspaceId = SlackWorkspaces.IdFor(form["team_id"], form["enterprise_id"], form.Flag("is_enterprise_install"));
        var userId = form["user_id"];
        if (workspaceId is null || string.IsNullOrEmpty(userId))
        {
            problem = "A slash command needs team_id and user_id.";
            return null;
        }

        problem = InboundIds.TooLong(("workspace id", workspaceId), ("user id", userId), ("channel id", form["channel_id"]));
        return problem is null ? new SlashCommand(workspaceId, userId, form) : null;
    }
}

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

    /// <summary>
    /// The payload as the handlers read it: JSON null inside a list or map (an action, a block's values, an input, a
    /// file) is dropped here, once, so no reader meets one.
    /// </summary>
    public InteractionPayload WithoutNulls() => this with
    {
        Actions = Actions?.Where(action => action is not null).ToList(),
        State = State?.WithoutNulls(),
        View = View is null ? null : View with { State = View.State?.WithoutNulls() },
    };
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

    public InteractionState WithoutNulls() => Values is null ? this : this with
    {
        Values = Values
            .Where(block => block.Value is not null)
            .ToDictionary(
                block => block.Key,
                block => (IReadOnlyDictionary<string, StateValue>)block.Value
                    .Where(input => input.Value is not null)
                    .ToDictionary(input => input.Key, input => input.Value with { Files = input.Value.Files?.Where(file => file is not null).ToList() }, StringComparer.Ordinal),
                StringComparer.Ordinal),
    };
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
