using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Json;
using CommitmentBot.Slack.Api;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Inbound;

/// <summary>Posts to a <c>response_url</c> (the way to answer a command or button after the 3-second window).</summary>
internal sealed class ResponseUrlClient(IHttpClientFactory httpClientFactory, ILogger<ResponseUrlClient> logger)
{
    public const string HttpClientName = "CommitmentBot.Slack.ResponseUrl";

    public static bool IsUsable([NotNullWhen(true)] string? responseUrl) =>
        Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public async Task<bool> PostAsync(string responseUrl, CommandResponse body, CancellationToken cancellationToken)
    {
        if (!IsUsable(responseUrl))
        {
            logger.LogWarning("Cannot answer through a response_url that is not an absolute http(s) URL.");
            return false;
        }

        // One post: the client's pipeline (SlackApiRetry.AddResponseUrlRetry) repeats it after short rate limits only.
        var http = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.PostAsJsonAsync(responseUrl, body, SlackJsonContext.Default.CommandResponse, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                logger.LogWarning("response_url kept rate-limiting; the reply was not shown.");
            }
            else
            {
                logger.LogWarning("response_url answered {Status}; the reply was not shown.", (int)response.StatusCode);
            }

            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            logger.LogWarning(ex, "Posting to response_url failed; the reply was not shown.");
            return false;
        }
    }
}
