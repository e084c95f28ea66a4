using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CommitmentBot.Teams.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Teams.Connector;

/// <summary>The Bot Connector REST calls the bot makes (the SDK's <c>IConnectorClient.Conversations</c>).</summary>
public interface IBotConnectorClient
{
    /// <summary><c>POST v3/conversations/{id}/activities</c>: a new message in a conversation.</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations/{id}/activities/{replyToId}</c>: a reply (threaded in channels).</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c>: replaces a sent message (e.g. a card after a button press).</summary>
    Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST v3/conversations</c>: opens (or finds) a 1:1 chat, or starts a channel thread.</summary>
    Task<ResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken);

    /// <summary><c>GET v3/conversations/{id}/members/{memberId}</c>: one member, with their Entra object id; null when not a member.</summary>
    Task<TeamsMember?> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken);
}

/// <summary>A connector call that failed; <see cref="Transient"/> says whether a later attempt may succeed.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(string message, int? statusCode, string? errorCode, bool transient, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Transient = transient;
        RetryAfter = retryAfter;
    }

    public ConnectorException()
        : this("The connector call failed.", null, null, transient: true)
    {
    }

    public ConnectorException(string message)
        : this(message, null, null, transient: true)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : this(message, null, null, transient: true, null, innerException)
    {
    }

    /// <summary>The HTTP status, when the connector answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The connector's error code (<c>ConversationBlockedByUser</c>, <c>ConversationNotFound</c>, …), if it gave one.</summary>
    public string? ErrorCode { get; }

    public bool Transient { get; }

    public TimeSpan? RetryAfter { get; }
}

/// <summary>
/// Bot Connector client on <see cref="HttpClient"/>. Every call carries an MSAL token and goes only
/// to a trusted service URL. 429 waits <c>Retry-After</c> (when short) and 412/502/503/504 back off
/// and retry — answers that say the message was not taken. Anything that may have been delivered
/// (a timeout, a dropped connection, a 500) is not retried here, so one call never posts twice;
/// it surfaces as a transient <see cref="ConnectorException"/> for the caller's own retry.
/// </summary>
public sealed class BotConnectorClient(
    IHttpClientFactory httpClientFactory,
    ITokenAcquirer tokens,
    ServiceUrlTrust trust,
    IOptions<TeamsOptions> options,
    TimeProvider timeProvider,
    ILogger<BotConnectorClient> logger) : IBotConnectorClient
{
    public const string HttpClientName = "CommitmentBot.Teams.Connector";

    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJsonContext.Default.Activity);
        var json = await CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", body, cancellationToken).ConfigureAwait(false);
        return ReadResource(json);
    }

    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJsonContext.Default.Activity);
        var json = await CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", body, cancellationToken).ConfigureAwait(false);
        return ReadResource(json);
    }

    public async Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        activity.Id ??= activityId;
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, TeamsJsonContext.Default.Activity);
        await CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", body, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(parameters, TeamsJsonContext.Default.ConversationParameters);
        var json = await CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", body, cancellationToken).ConfigureAwait(false);
        return ReadResource(json);
    }

    public async Task<TeamsMember?> GetMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        try
        {
            var json = await CallAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}", null, cancellationToken).ConfigureAwait(false);
            return json.Length == 0 ? null : JsonSerializer.Deserialize(json, TeamsJsonContext.Default.TeamsMember);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static ResourceResponse ReadResource(byte[] json)
    {
        if (json.Length == 0)
        {
            return new ResourceResponse();
        }

        try
        {
            return JsonSerializer.Deserialize(json, TeamsJsonContext.Default.ResourceResponse) ?? new ResourceResponse();
        }
        catch (JsonException)
        {
            return new ResourceResponse();
        }
    }

    private async Task<byte[]> CallAsync(HttpMethod method, string serviceUrl, string path, byte[]? body, CancellationToken cancellationToken)
    {
        // The token is a credential: never send it where a validated activity (or configuration) did not point us.
        if (!trust.IsTrusted(serviceUrl))
        {
            throw new ConnectorException($"The service URL {serviceUrl} is not trusted.", null, "UntrustedServiceUrl", transient: false);
        }

        var settings = options.Value;
        var target = new Uri(serviceUrl.TrimEnd('/') + "/" + path);
        var client = httpClientFactory.CreateClient(HttpClientName);
        var refreshedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            string token;
            try
            {
                token = await tokens.GetTokenAsync(refreshedToken, cancellationToken).ConfigureAwait(false);
            }
            catch (TokenAcquisitionException ex)
            {
                throw new ConnectorException(ex.Message, null, "TokenUnavailable", ex.Transient, null, ex);
            }

            using var request = new HttpRequestMessage(method, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.ConnectorTimeout);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ConnectorException($"{method} {path} timed out; it may or may not have been delivered.", null, "Timeout", transient: true, null, ex);
            }
            catch (HttpRequestException ex)
            {
                throw new ConnectorException($"{method} {path} failed: {ex.Message}", null, "NetworkError", transient: true, null, ex);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return content;
                }

                var errorCode = ReadErrorCode(content);
                var retryAfter = ReadRetryAfter(response);
                if (status == 401 && !refreshedToken)
                {
                    // A rejected token was not acted on; try once more with a fresh one.
                    refreshedToken = true;
                    attempt--;
                    continue;
                }

                var canRetry = attempt < settings.ConnectorMaxAttempts;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var wait = retryAfter ?? Backoff(attempt, settings.ConnectorRetryBaseDelay);
                    if (canRetry && wait <= settings.ConnectorMaxRetryAfter)
                    {
                        logger.LogWarning("Connector throttled {Method} {Path}; waiting {Wait}", method, path, wait);
                        await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new ConnectorException($"{method} {path} was throttled (429).", status, errorCode, transient: true, wait);
                }

                if (status is 412 or 502 or 503 or 504)
                {
                    if (canRetry)
                    {
                        var wait = retryAfter is { } ra && ra <= settings.ConnectorMaxRetryAfter ? ra : Backoff(attempt, settings.ConnectorRetryBaseDelay);
                        logger.LogWarning("Connector answered {Status} to {Method} {Path}; retrying in {Wait}", status, method, path, wait);
                        await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new ConnectorException($"{method} {path} failed with {status} after {attempt} attempts.", status, errorCode, transient: true, retryAfter);
                }

                // 500 may have been processed, so it is not retried here; 4xx will not get better by waiting.
                var transient = status >= 500 || status == 408;
                throw new ConnectorException($"{method} {path} failed with {status} {errorCode}.", status, errorCode, transient, retryAfter);
            }
        }
    }

    private static TimeSpan Backoff(int attempt, TimeSpan baseDelay)
    {
        var exponential = baseDelay * Math.Pow(2, attempt - 1);
        var jitter = RandomNumberGenerator.GetInt32(0, 1000) / 1000.0;
        return exponential + (baseDelay * jitter);
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // Some gateways send fractional seconds, which the typed header refuses.
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static string? ReadErrorCode(byte[] content)
    {
        if (content.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
            {
                return code.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status code alone has to do.
        }

        return null;
    }
}
