using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Json;
using CommitmentBot.Slack.Api;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>Posts to a <c>response_url</c> (the way to answer a command or button after the 3-second window).</summary>
internal sealed class ResponseUrlClient(IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<ResponseUrlClient> logger)
{
    public const string HttpClientName = "CommitmentBot.Slack.ResponseUrl";
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public static bool IsUsable([NotNullWhen(true)] string? responseUrl) =>
        Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public async Task<bool> PostAsync(string responseUrl, CommandResponse body, CancellationToken cancellationToken)
    {
        if (!IsUsable(responseUrl))
        {
            logger.LogWarning("Cannot answer through a response_url that is not an absolute http(s) URL.");
            return false;
        }

        var http = httpClientFactory.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(responseUrl, body, SlackJsonContext.Default.CommandResponse, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                // Only a refusal before acting (rate limit) is safe to repeat: a response_url post is not idempotent.
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    logger.LogWarning("response_url answered {Status}; the reply was not shown.", (int)response.StatusCode);
                    return false;
                }

                var wait = RetryAfterHeader.Read(response, time) ?? TimeSpan.FromSeconds(1);
                if (wait > MaxWait)
                {
                    break;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Posting to response_url failed; the reply was not shown.");
                return false;
            }
        }

        logger.LogWarning("response_url kept rate-limiting; the reply was not shown.");
        return false;
    }
}
