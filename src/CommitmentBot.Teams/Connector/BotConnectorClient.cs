using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CommitmentBot.Http;
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
/// to a trusted service URL. The named client's retry pipeline (<see cref="ConnectorRetry"/>) repeats
/// 429 and 412/502/503/504 — answers that say the message was not taken — after <c>Retry-After</c>
/// (when short) or a back-off. Anything that may have been delivered (a timeout, a dropped connection,
/// a 500) is not retried, so one call never posts twice; it surfaces as a transient
/// <see cref="ConnectorException"/> for the caller's own retry, as does a wait too long to hold.
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

        var target = new Uri(serviceUrl.TrimEnd('/') + "/" + path);
        var client = httpClientFactory.CreateClient(HttpClientName);
        for (var refreshedToken = false; ; refreshedToken = true)
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

            // One send: the client's retry pipeline (ConnectorRetry) repeats it while the connector says it took nothing.
            using var request = new HttpRequestMessage(method, target);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
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

                if (status == 401 && !refreshedToken)
                {
                    // A rejected token was not acted on; try once more with a fresh one.
                    continue;
                }

                var errorCode = ReadErrorCode(content);
                var retryAfter = RetryAfter.Read(response, timeProvider);
                if (retryAfter > options.Value.ConnectorMaxRetryAfter)
                {
                    logger.LogWarning("Connector asked {Method} {Path} to wait {Wait}; handing the wait back to the outbox", method, path, retryAfter);
                }

                // 429/412/502/503/504 took nothing (the pipeline has retried them as far as it may); a 500 may have been
                // processed, so it was not retried; 4xx will not get better by waiting.
                var transient = ConnectorRetry.TookNothing(response.StatusCode) || status >= 500 || status == 408;
                throw new ConnectorException($"{method} {path} failed with {status} {errorCode}.", status, errorCode, transient, retryAfter);
            }
        }
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
