using CommitmentBot.Slack.Inbound;
using CommitmentBot.Slack.Install;
using CommitmentBot.Slack.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CommitmentBot.Slack;

/// <summary>Maps the Slack endpoints.</summary>
public static class SlackEndpoints
{
    /// <summary>
    /// <c>POST /slack/commands</c>, <c>/slack/interactivity</c>, <c>/slack/events</c> (each verified with the
    /// signing secret before anything else) and <c>GET /slack/install</c>, <c>/slack/oauth/callback</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/slack").WithTags("Slack");

        var signed = slack.MapGroup("").AddEndpointFilter<SlackSignatureFilter>();
        signed.MapPost("/commands", (HttpContext http, SlashCommandEndpoint endpoint) => endpoint.HandleAsync(http));
        signed.MapPost("/interactivity", (HttpContext http, InteractivityEndpoint endpoint) => endpoint.HandleAsync(http));
        signed.MapPost("/events", (HttpContext http, EventsEndpoint endpoint) => endpoint.HandleAsync(http));

        slack.MapGet("/install", (HttpContext http, OAuthEndpoints oauth) => oauth.InstallAsync(http));
        slack.MapGet("/oauth/callback", (HttpContext http, OAuthEndpoints oauth) => oauth.CallbackAsync(http));
        return endpoints;
    }
}
