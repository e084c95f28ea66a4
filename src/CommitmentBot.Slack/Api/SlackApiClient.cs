using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommitmentBot.Http;
using CommitmentBot.Slack.BlockKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Api;

/// <summary>
/// The Web API over one pooled <see cref="HttpClient"/> (from <see cref="IHttpClientFactory"/>), JSON through
/// source-generated metadata. Rate limits (HTTP 429 + <c>Retry-After</c>, <c>ok:false, error:ratelimited</c>)
/// are waited out and retried, since Slack refused the call before acting on it. Server errors and
/// timeouts are retried only for calls that are safe to repeat; for posts they are reported with
/// <see cref="SlackApiException.MaybeDone"/> so the caller can look before posting again. The retrying is the
/// named client's resilience pipeline (<see cref="SlackApiRetry"/>); this class reads the last answer.
/// </summary>
internal sealed class SlackApiClient(
    IHttpClientFactory httpClientFactory,
    IOptions<SlackOptions> options,
    ChannelPacer pacer,
    TimeProvider time,
    ILogger<SlackApiClient> logger) : ISlackApiClient
{
    public const string HttpClientName = "CommitmentBot.Slack.Api";

    /// <summary>Downloads (files.slack.com): streamed under a size cap, one attempt, so outside the API client's retry pipeline.</summary>
    public const string FilesHttpClientName = "CommitmentBot.Slack.Files";

    /// <summary>Whether a call may be sent again after an answer that leaves its effect unknown.</summary>
    private enum Repeat
    {
        Safe,
        Unsafe,
    }

    public async Task<PostedMessage> PostMessageAsync(string token, string channel, SlackMessage message, OutgoingMetadata? metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await pacer.WaitTurnAsync(channel, cancellationToken);
        var body = Json(new PostMessageRequest(channel, message.Text, message.Blocks) { Metadata = metadata }, SlackJsonContext.Default.PostMessageRequest);
        var response = await CallAsync("chat.postMessage", token, body, SlackJsonContext.Default.PostMessageResponse, Repeat.Unsafe, cancellationToken);
        if (string.IsNullOrEmpty(response.Ts))
        {
            throw new SlackApiException("chat.postMessage", "no_ts_in_response", transient: true, maybeDone: true);
        }

        return new PostedMessage(response.Channel ?? channel, response.Ts);
    }

    public async Task<string> UploadPrivateFileAsync(string token, string filename, byte[] content, string title, string altText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("filename", filename),
            new("length", content.Length.ToString(CultureInfo.InvariantCulture)),
            new("alt_txt", altText.Length > 1000 ? altText[..1000] : altText),
        };
        var target = await CallAsync("files.getUploadURLExternal", token, Form(fields), SlackJsonContext.Default.UploadUrlResponse, Repeat.Safe, cancellationToken);
        if (string.IsNullOrEmpty(target.FileId) || !IsSlackFileUrl(target.UploadUrl, options.Value.ApiBaseUrl, out var uploadUri))
        {
            // The bytes go to Slack's file host only, whatever URL an answer names.
            throw new SlackApiException("files.getUploadURLExternal", "untrusted_upload_url", transient: false);
        }

        const string Upload = "files.upload_url";
        var http = httpClientFactory.CreateClient(FilesHttpClientName);
        using (var request = new HttpRequestMessage(HttpMethod.Post, uploadUri) { Content = new ByteArrayContent(content) })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.RequestTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    var status = (int)response.StatusCode;
                    throw new SlackApiException(Upload, "http_" + status.ToString(CultureInfo.InvariantCulture), transient: status is 429 or >= 500, RetryAfter.Read(response, time));
                }
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SlackApiException(Upload, "timeout", transient: true, inner: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new SlackApiException(Upload, "network", transient: true, inner: ex);
            }
        }

        // No channel_id and no channels: the file stays private to the app until a message shows it by id.
        var complete = Json(new CompleteUploadRequest([new UploadedFileRef(target.FileId, title)]), SlackJsonContext.Default.CompleteUploadRequest);
        await CallAsync("files.completeUploadExternal", token, complete, SlackJsonContext.Default.SlackResponse, Repeat.Safe, cancellationToken);
        return target.FileId;
    }

    public Task UpdateMessageAsync(string token, string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Json(new UpdateMessageRequest(channel, ts, message.Text, message.Blocks), SlackJsonContext.Default.UpdateMessageRequest);
        return CallAsync("chat.update", token, body, SlackJsonContext.Default.SlackResponse, Repeat.Safe, cancellationToken);
    }

    public Task PostEphemeralAsync(string token, string channel, string userId, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Json(new PostEphemeralRequest(channel, userId, message.Text, message.Blocks), SlackJsonContext.Default.PostEphemeralRequest);
        return CallAsync("chat.postEphemeral", token, body, SlackJsonContext.Default.SlackResponse, Repeat.Unsafe, cancellationToken);
    }

    public async Task<string> OpenDirectMessageAsync(string token, string userId, CancellationToken cancellationToken)
    {
        var body = Json(new ConversationsOpenRequest(userId), SlackJsonContext.Default.ConversationsOpenRequest);
        var response = await CallAsync("conversations.open", token, body, SlackJsonContext.Default.ConversationsOpenResponse, Repeat.Safe, cancellationToken);
        return response.Channel?.Id is { Length: > 0 } id
            ? id
            : throw new SlackApiException("conversations.open", "no_channel_in_response", transient: false);
    }

    public Task<HistoryResponse> GetHistoryAsync(string token, string channel, DateTimeOffset oldest, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>(5)
        {
            new("channel", channel),
            new("oldest", UnixTs(oldest)),
            new("limit", limit.ToString(CultureInfo.InvariantCulture)),
            new("include_all_metadata", "true"),
        };
        if (!string.IsNullOrEmpty(cursor))
        {
            fields.Add(new("cursor", cursor));
        }

        return CallAsync("conversations.history", token, Form(fields), SlackJsonContext.Default.HistoryResponse, Repeat.Safe, cancellationToken);
    }

    public Task OpenViewAsync(string token, string triggerId, SlackView view, CancellationToken cancellationToken)
    {
        // A trigger id is single use: a repeat after an unknown outcome would only fail with exchanged_trigger_id.
        var body = Json(new ViewsOpenRequest(triggerId, view), SlackJsonContext.Default.ViewsOpenRequest);
        return CallAsync("views.open", token, body, SlackJsonContext.Default.ViewResponse, Repeat.Unsafe, cancellationToken);
    }

    public Task PublishViewAsync(string token, string userId, SlackView view, CancellationToken cancellationToken)
    {
        var body = Json(new ViewsPublishRequest(userId, view), SlackJsonContext.Default.ViewsPublishRequest);
        return CallAsync("views.publish", token, body, SlackJsonContext.Default.ViewResponse, Repeat.Safe, cancellationToken);
    }

    public async Task<string?> GetPermalinkAsync(string token, string channel, string messageTs, CancellationToken cancellationToken) =>
        (await CallAsync("chat.getPermalink", token, Form([new("channel", channel), new("message_ts", messageTs)]), SlackJsonContext.Default.PermalinkResponse, Repeat.Safe, cancellationToken)).Permalink;

    public async Task<ConversationInfo?> GetConversationAsync(string token, string channel, CancellationToken cancellationToken) =>
        (await CallAsync("conversations.info", token, Form([new("channel", channel)]), SlackJsonContext.Default.ConversationInfoResponse, Repeat.Safe, cancellationToken)).Channel;

    public async Task<TeamInfo?> GetTeamAsync(string token, string teamId, CancellationToken cancellationToken) =>
        (await CallAsync("team.info", token, Form([new("team", teamId)]), SlackJsonContext.Default.TeamInfoResponse, Repeat.Safe, cancellationToken)).Team;

    public async Task<string> OpenSocketConnectionAsync(string appToken, CancellationToken cancellationToken)
    {
        var response = await CallAsync("apps.connections.open", appToken, Form([]), SlackJsonContext.Default.ConnectionsOpenResponse, Repeat.Safe, cancellationToken);
        return string.IsNullOrEmpty(response.Url)
            ? throw new SlackApiException("apps.connections.open", "no_url_in_response", transient: true)
            : response.Url;
    }

    public async Task<SlackUser> GetUserAsync(string token, string userId, CancellationToken cancellationToken)
    {
        var response = await CallAsync("users.info", token, Form([new("user", userId)]), SlackJsonContext.Default.UsersInfoResponse, Repeat.Safe, cancellationToken);
        return response.User ?? throw new SlackApiException("users.info", "no_user_in_response", transient: false);
    }

    public async Task<SlackProfile> GetProfileAsync(string token, string userId, CancellationToken cancellationToken)
    {
        var response = await CallAsync("users.profile.get", token, Form([new("user", userId)]), SlackJsonContext.Default.UsersProfileResponse, Repeat.Safe, cancellationToken);
        return response.Profile ?? throw new SlackApiException("users.profile.get", "no_profile_in_response", transient: false);
    }

    public Task<AuthTestResponse> AuthTestAsync(string token, CancellationToken cancellationToken) =>
        CallAsync("auth.test", token, Form([]), SlackJsonContext.Default.AuthTestResponse, Repeat.Safe, cancellationToken);

    public Task<OAuthAccessResponse> ExchangeCodeAsync(string clientId, string clientSecret, string code, string? redirectUri, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>> { new("code", code) };
        if (!string.IsNullOrEmpty(redirectUri))
        {
            fields.Add(new("redirect_uri", redirectUri));
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret));

        // A code is single use too: never repeat the exchange after an unknown outcome.
        return CallAsync("oauth.v2.access", token: null, Form(fields), SlackJsonContext.Default.OAuthAccessResponse, Repeat.Unsafe, cancellationToken, basic);
    }

    public async Task<byte[]> DownloadFileAsync(string token, string url, int maxBytes, CancellationToken cancellationToken)
    {
        const string Method = "files.download";
        var settings = options.Value;
        if (!IsSlackFileUrl(url, settings.ApiBaseUrl, out var uri))
        {
            // The bot token goes to Slack's file host only, whatever URL a payload names.
            throw new SlackApiException(Method, "untrusted_file_url", transient: false);
        }

        var http = httpClientFactory.CreateClient(FilesHttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(Method, "http_" + status.ToString(CultureInfo.InvariantCulture), transient: status is 429 or >= 500, RetryAfter.Read(response, time));
            }

            // Without files:read Slack answers with its sign-in page rather than the file.
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                throw new SlackApiException(Method, "file_not_readable", transient: false);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new SlackApiException(Method, "file_too_large", transient: false);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[maxBytes + 1];
            var size = 0;
            int read;
            while (size < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(size), timeout.Token)) > 0)
            {
                size += read;
            }

            return size > maxBytes ? throw new SlackApiException(Method, "file_too_large", transient: false) : buffer[..size];
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackApiException(Method, "timeout", transient: true, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SlackApiException(Method, "network", transient: true, inner: ex);
        }
    }

    /// <summary>An https URL on Slack's file host, or on the configured API host (a local fake, a proxy).</summary>
    internal static bool IsSlackFileUrl(string? url, string apiBaseUrl, out Uri uri)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out uri!))
        {
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttps && string.Equals(uri.Host, "files.slack.com", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out var api)
            && uri.Scheme == api.Scheme
            && string.Equals(uri.Host, api.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == api.Port;
    }

    private async Task<T> CallAsync<T>(
        string method,
        string? token,
        HttpContent body,
        JsonTypeInfo<T> responseType,
        Repeat repeat,
        CancellationToken cancellationToken,
        string? basicCredentials = null)
        where T : SlackResponse
    {
        // One send: the client's retry pipeline (SlackApiRetry) repeats it while Slack refused it before acting, or
        // while the method is safe to repeat; what comes out is the last answer, read here into a result or a failure.
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = body };
        request.Options.Set(SlackApiRetry.SafeToRepeat, repeat == Repeat.Safe);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (basicCredentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basicCredentials);
        }

        SlackApiException failure;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var outcome = await ReadAsync(method, response, responseType, cancellationToken);
            if (outcome.Result is { } result)
            {
                return result;
            }

            failure = outcome.Failure!;
        }
        catch (TimeoutException ex)
        {
            failure = new SlackApiException(method, "timeout", transient: true, maybeDone: true, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            // A failure to connect means nothing was sent; anything later leaves the outcome unknown.
            var beforeSending = SlackApiRetry.FailedBeforeSending(ex);
            failure = new SlackApiException(method, "network", transient: true, maybeDone: !beforeSending, inner: ex);
        }
        catch (JsonException ex)
        {
            failure = new SlackApiException(method, "invalid_response", transient: true, maybeDone: true, inner: ex);
        }

        if (failure.RetryAfter > options.Value.MaxRetryWait)
        {
            // Too long to hold a request or a job thread; the caller reschedules with RetryAfter.
            logger.LogWarning("Slack {Method} asked to wait {Wait}; handing the wait back to the caller.", method, failure.RetryAfter);
        }
        else
        {
            logger.LogWarning("Slack {Method} failed: {Error}.", method, failure.Error);
        }

        throw failure;
    }

    private async Task<(T? Result, SlackApiException? Failure)> ReadAsync<T>(string method, HttpResponseMessage response, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : SlackResponse
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return (null, new SlackApiException(method, "ratelimited", transient: true, RetryAfter.Read(response, time) ?? TimeSpan.FromSeconds(1)));
        }

        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return (null, new SlackApiException(method, "http_" + status.ToString(CultureInfo.InvariantCulture), transient: true, RetryAfter.Read(response, time), maybeDone: true));
        }

        if (!response.IsSuccessStatusCode)
        {
            return (null, new SlackApiException(method, "http_" + status.ToString(CultureInfo.InvariantCulture), transient: false));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var result = await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken)
            ?? throw new JsonException("empty response");
        if (result.Ok)
        {
            return (result, null);
        }

        var error = string.IsNullOrEmpty(result.Error) ? "unknown_error" : result.Error;
        return error switch
        {
            "ratelimited" or "rate_limited" => (null, new SlackApiException(method, error, transient: true, RetryAfter.Read(response, time) ?? TimeSpan.FromSeconds(1))),
            "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" =>
                (null, new SlackApiException(method, error, transient: true, RetryAfter.Read(response, time), maybeDone: true)),
            _ => (null, new SlackApiException(method, error, transient: false)),
        };
    }

    private static string UnixTs(DateTimeOffset instant)
    {
        var micros = (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static FormUrlEncodedContent Form(IEnumerable<KeyValuePair<string, string>> fields) => new(fields);
}
