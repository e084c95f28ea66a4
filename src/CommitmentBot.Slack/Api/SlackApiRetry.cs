using System.Net;
using System.Text.Json;
using CommitmentBot.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Slack.Api;

/// <summary>
/// Slack's reading of an attempt for the shared retry pipeline (<see cref="ChatApiRetry"/>): what Slack refused before
/// acting on it (429, <c>ok:false</c> <c>ratelimited</c>, a connection never made) is sent again whatever the method;
/// what may have been acted on (5xx, <c>internal_error</c> and kin, a timeout, a dropped connection, an unreadable
/// answer) only when the call is marked <see cref="SafeToRepeat"/>. A <c>response_url</c> is repeated after a 429 only.
/// </summary>
internal static class SlackApiRetry
{
    /// <summary>Set on a Web API request that may be sent again after an answer that leaves its effect unknown.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRepeat = new("CommitmentBot.Slack.SafeToRepeat");

    /// <summary>The wait after a rate limit that names none.</summary>
    public static readonly TimeSpan RateLimitWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait a response_url answer is held for (Slack gives the user 30 minutes, the user gives us less).</summary>
    public static readonly TimeSpan ResponseUrlMaxWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    /// <summary>The Web API client with its pipeline (<c>Slack:MaxAttempts</c>, <c>Slack:MaxRetryWait</c>, <c>Slack:RequestTimeout</c>).</summary>
    public static IHttpClientBuilder AddSlackApiRetry(this IHttpClientBuilder builder) =>
        builder.AddChatApiRetry<SlackOptions>(
            "slack-api",
            slack => new(slack.MaxAttempts, slack.MaxRetryWait, BaseDelay, MaxBackoff, slack.RequestTimeout),
            ClassifyApiAsync);

    /// <summary>The response_url client with its pipeline: three attempts, rate limits only, waits up to ten seconds.</summary>
    public static IHttpClientBuilder AddResponseUrlRetry(this IHttpClientBuilder builder) =>
        builder.AddChatApiRetry(
            "slack-response-url",
            _ => new ChatApiRetrySettings(3, ResponseUrlMaxWait, RateLimitWait, RateLimitWait, TimeSpan.FromSeconds(10)),
            ClassifyResponseUrl);

    /// <summary>Whether a send failed before anything reached Slack (so repeating it cannot double anything).</summary>
    public static bool FailedBeforeSending(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    internal static async ValueTask<RetryAdvice> ClassifyApiAsync(HttpRequestMessage request, HttpResponseMessage? response, Exception? exception)
    {
        var safe = request.Options.TryGetValue(SafeToRepeat, out var marked) && marked;
        if (response is null)
        {
            return exception switch
            {
                HttpRequestException http when FailedBeforeSending(http) => RetryAdvice.Again,
                HttpRequestException or TimeoutException when safe => RetryAdvice.Again,
                _ => RetryAdvice.Final,
            };
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return RetryAdvice.AgainAfter(RateLimitWait);
        }

        if ((int)response.StatusCode >= 500)
        {
            return safe ? RetryAdvice.Again : RetryAdvice.Final;
        }

        if (!response.IsSuccessStatusCode)
        {
            return RetryAdvice.Final;
        }

        // Slack answers most refusals with 200 and ok:false; the error code says whether it acted.
        SlackResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false), SlackJsonContext.Default.SlackResponse);
        }
        catch (JsonException)
        {
            answer = null;
        }

        return answer switch
        {
            null => safe ? RetryAdvice.Again : RetryAdvice.Final,
            { Ok: true } => RetryAdvice.Final,
            { Error: "ratelimited" or "rate_limited" } => RetryAdvice.AgainAfter(RateLimitWait),
            { Error: "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" } => safe ? RetryAdvice.Again : RetryAdvice.Final,
            _ => RetryAdvice.Final,
        };
    }

    // A response_url post is not idempotent: only a refusal before acting (a rate limit) is safe to repeat.
    internal static ValueTask<RetryAdvice> ClassifyResponseUrl(HttpRequestMessage request, HttpResponseMessage? response, Exception? exception) =>
        ValueTask.FromResult(response?.StatusCode == HttpStatusCode.TooManyRequests ? RetryAdvice.AgainAfter(RateLimitWait) : RetryAdvice.Final);
}
