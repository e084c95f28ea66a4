using CommitmentBot.Slack.BlockKit;

namespace CommitmentBot.Slack.Api;

/// <summary>
/// The Slack Web API methods this app calls. Each takes the token to act with, as Slack's own SDKs do,
/// so an SDK-backed implementation can replace this one. Failures throw <see cref="SlackApiException"/>.
/// </summary>
internal interface ISlackApiClient
{
    /// <summary>chat.postMessage, paced to about one message per second per channel.</summary>
    Task<PostedMessage> PostMessageAsync(string token, string channel, SlackMessage message, OutgoingMetadata? metadata, CancellationToken cancellationToken);

    /// <summary>
    /// A private file upload: files.getUploadURLExternal (filename, length, alt text), the bytes POSTed to the upload URL,
    /// then files.completeUploadExternal with no channel (the file stays unshared). Returns the file id.
    /// </summary>
    Task<string> UploadPrivateFileAsync(string token, string filename, byte[] content, string title, string altText, CancellationToken cancellationToken);

    /// <summary>chat.update.</summary>
    Task UpdateMessageAsync(string token, string channel, string ts, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>chat.postEphemeral.</summary>
    Task PostEphemeralAsync(string token, string channel, string userId, SlackMessage message, CancellationToken cancellationToken);

    /// <summary>conversations.open with one user: the <c>D…</c> channel id.</summary>
    Task<string> OpenDirectMessageAsync(string token, string userId, CancellationToken cancellationToken);

    /// <summary>conversations.history since <paramref name="oldest"/>, with message metadata.</summary>
    Task<HistoryResponse> GetHistoryAsync(string token, string channel, DateTimeOffset oldest, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>views.open (the trigger id is single use and lives 3 s).</summary>
    Task OpenViewAsync(string token, string triggerId, SlackView view, CancellationToken cancellationToken);

    /// <summary>views.publish of a Home tab.</summary>
    Task PublishViewAsync(string token, string userId, SlackView view, CancellationToken cancellationToken);

    /// <summary>users.profile.get (scope <c>users.profile:read</c>): the person's status.</summary>
    Task<SlackProfile> GetProfileAsync(string token, string userId, CancellationToken cancellationToken);

    /// <summary>users.info.</summary>
    Task<SlackUser> GetUserAsync(string token, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Downloads an uploaded file's content from its <c>url_private_download</c> with the bot token (needs
    /// <c>files:read</c>); refuses URLs off Slack's file host and files over <paramref name="maxBytes"/>.
    /// </summary>
    Task<byte[]> DownloadFileAsync(string token, string url, int maxBytes, CancellationToken cancellationToken);

    /// <summary>auth.test.</summary>
    /// <summary><c>chat.getPermalink</c>: the link to a message.</summary>
    Task<string?> GetPermalinkAsync(string token, string channel, string messageTs, CancellationToken cancellationToken);

    /// <summary><c>conversations.info</c>.</summary>
    Task<ConversationInfo?> GetConversationAsync(string token, string channel, CancellationToken cancellationToken);

    /// <summary><c>team.info</c> for another team (a Slack Connect organisation).</summary>
    Task<TeamInfo?> GetTeamAsync(string token, string teamId, CancellationToken cancellationToken);

    /// <summary><c>apps.connections.open</c> with the app-level token: a single-use Socket Mode URL.</summary>
    Task<string> OpenSocketConnectionAsync(string appToken, CancellationToken cancellationToken);

    Task<AuthTestResponse> AuthTestAsync(string token, CancellationToken cancellationToken);

    /// <summary>oauth.v2.access: exchanges an install code for a bot token.</summary>
    Task<OAuthAccessResponse> ExchangeCodeAsync(string clientId, string clientSecret, string code, string? redirectUri, CancellationToken cancellationToken);
}

/// <summary>A Web API call that failed.</summary>
internal sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error, bool transient, TimeSpan? retryAfter = null, bool maybeDone = false, Exception? inner = null)
        : base($"Slack {method} failed: {error}", inner)
    {
        Method = method;
        Error = error;
        Transient = transient;
        RetryAfter = retryAfter;
        MaybeDone = maybeDone;
    }

    public SlackApiException()
        : this("unknown", "unknown", transient: true)
    {
    }

    public SlackApiException(string message)
        : this("unknown", message, transient: true)
    {
    }

    public SlackApiException(string message, Exception innerException)
        : this("unknown", message, transient: true, inner: innerException)
    {
    }

    /// <summary>The Web API method.</summary>
    public string Method { get; }

    /// <summary>Slack's error code (<c>channel_not_found</c>), or <c>http_500</c>, <c>timeout</c>, <c>network</c>.</summary>
    public string Error { get; }

    /// <summary>True when trying again later may succeed.</summary>
    public bool Transient { get; }

    /// <summary>How long Slack asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when the request may have taken effect even though no success came back (a 5xx or a timeout
    /// after sending): a message may have been posted, so look before posting it again.
    /// </summary>
    public bool MaybeDone { get; }
}
