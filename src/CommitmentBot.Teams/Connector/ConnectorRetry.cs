using System.Net;
using CommitmentBot.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CommitmentBot.Teams.Connector;

/// <summary>
/// The Bot Connector's reading of an attempt for the shared retry pipeline (<see cref="ChatApiRetry"/>): 429 and
/// 412/502/503/504 say the activity was not taken, so any call is sent again; a timeout, a dropped connection or a
/// 500 may have delivered it, so none is (the outbox decides). Limits: <c>Teams:ConnectorMaxAttempts</c>,
/// <c>Teams:ConnectorMaxRetryAfter</c> (the cap), <c>Teams:ConnectorRetryBaseDelay</c>, <c>Teams:ConnectorTimeout</c>.
/// </summary>
internal static class ConnectorRetry
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    public static IHttpClientBuilder AddConnectorRetry(this IHttpClientBuilder builder) =>
        builder.AddChatApiRetry<TeamsOptions>(
            "teams-connector",
            teams => new(teams.ConnectorMaxAttempts, teams.ConnectorMaxRetryAfter, teams.ConnectorRetryBaseDelay, MaxBackoff, teams.ConnectorTimeout),
            Classify);

    /// <summary>An answer that says the connector did not take the activity.</summary>
    public static bool TookNothing(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    internal static ValueTask<RetryAdvice> Classify(HttpRequestMessage request, HttpResponseMessage? response, Exception? exception) =>
        ValueTask.FromResult(response is not null && TookNothing(response.StatusCode) ? RetryAdvice.Again : RetryAdvice.Final);
}
