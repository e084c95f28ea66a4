namespace CommitmentBot.Slack.Api;

/// <summary><c>chat.getPermalink</c>.</summary>
internal sealed record PermalinkResponse : SlackResponse
{
    public string? Permalink { get; init; }
}

/// <summary><c>conversations.info</c>: whether the channel is shared with another organisation, and with which teams.</summary>
internal sealed record ConversationInfoResponse : SlackResponse
{
    public ConversationInfo? Channel { get; init; }
}

internal sealed record ConversationInfo
{
    public string? Id { get; init; }

    public bool IsExtShared { get; init; }

    public IReadOnlyList<string>? ConnectedTeamIds { get; init; }

    public IReadOnlyList<string>? SharedTeamIds { get; init; }
}

/// <summary><c>team.info</c>.</summary>
internal sealed record TeamInfoResponse : SlackResponse
{
    public TeamInfo? Team { get; init; }
}

internal sealed record TeamInfo
{
    public string? Id { get; init; }

    public string? Name { get; init; }
}

/// <summary><c>apps.connections.open</c>: a single-use <c>wss://</c> URL for Socket Mode.</summary>
internal sealed record ConnectionsOpenResponse : SlackResponse
{
    public string? Url { get; init; }
}

/// <summary>files.getUploadURLExternal: where to POST the bytes, and the new file's id.</summary>
internal sealed record UploadUrlResponse : SlackResponse
{
    public string? UploadUrl { get; init; }

    public string? FileId { get; init; }
}

/// <summary>files.completeUploadExternal with no channel: the file stays private.</summary>
internal sealed record CompleteUploadRequest(IReadOnlyList<UploadedFileRef> Files);

/// <summary>One uploaded file to complete: its id and title.</summary>
internal sealed record UploadedFileRef(string Id, string Title);
