using System.Net;
using CommitmentBot.Slack.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Install;

/// <summary>
/// OAuth v2 install for many workspaces: <c>GET /slack/install</c> sends the admin to Slack with a
/// single-use <c>state</c>; <c>GET /slack/oauth/callback</c> checks that state, exchanges the code with
/// oauth.v2.access and stores the bot token encrypted.
/// </summary>
internal sealed class OAuthEndpoints(
    ISlackOAuthStateStore states,
    ISlackApiClient api,
    SlackInstallations installations,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<OAuthEndpoints> logger)
{
    public const string CallbackPath = "/slack/oauth/callback";
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public async Task<IResult> InstallAsync(HttpContext http)
    {
        var settings = options.Value;
        if (!settings.HasOAuth)
        {
            return NotConfigured();
        }

        var state = await states.CreateAsync(time.GetUtcNow() + StateLifetime, http.RequestAborted);
        var url = QueryHelpers.AddQueryString(settings.AuthorizeUrl, new Dictionary<string, string?>
        {
            ["client_id"] = settings.ClientId,
            ["scope"] = string.Join(',', settings.BotScopeList),
            ["redirect_uri"] = RedirectUri(http),
            ["state"] = state,
        });
        return TypedResults.Redirect(url);
    }

    public async Task<IResult> CallbackAsync(HttpContext http)
    {
        var settings = options.Value;
        if (!settings.HasOAuth)
        {
            return NotConfigured();
        }

        var query = http.Request.Query;
        string? error = query["error"];
        if (!string.IsNullOrEmpty(error))
        {
            return BadRequest($"Slack did not install CommitmentBot ({error}). Start again at /slack/install.");
        }

        string? code = query["code"];
        string? state = query["state"];
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state))
        {
            return BadRequest("The install callback needs both code and state. Start again at /slack/install.");
        }

        // The state is checked (and used up) before the code is touched.
        if (!await states.TryConsumeAsync(state, time.GetUtcNow(), http.RequestAborted))
        {
            return BadRequest("This install link has expired or was already used. Start again at /slack/install.");
        }

        OAuthAccessResponse access;
        try
        {
            access = await api.ExchangeCodeAsync(settings.ClientId!, settings.ClientSecret!, code, RedirectUri(http), http.RequestAborted);
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("oauth.v2.access failed: {Error}.", ex.Error);
            return ex.Transient
                ? TypedResults.Problem("Slack could not be reached to finish the install. Start again at /slack/install.", statusCode: StatusCodes.Status502BadGateway)
                : BadRequest($"Slack refused the install code ({ex.Error}). Start again at /slack/install.");
        }

        var workspaceId = SlackWorkspaces.IdFor(access.Team?.Id, access.Enterprise?.Id, access.IsEnterpriseInstall);
        if (workspaceId is null || access.TokenType != "bot" || access.AccessToken?.StartsWith("xoxb-", StringComparison.Ordinal) != true)
        {
            return BadRequest("Slack's answer held no bot token for a workspace. Check the app's bot scopes and start again at /slack/install.");
        }

        var installation = await installations.SaveAsync(workspaceId, access, http.RequestAborted);
        var name = WebUtility.HtmlEncode(installation.TeamName ?? workspaceId);
        return TypedResults.Content(
            $"<!doctype html><meta charset=\"utf-8\"><title>CommitmentBot installed</title><p>CommitmentBot is installed in <b>{name}</b>. Open Slack and type <code>/promise help</code>.</p>",
            "text/html; charset=utf-8");
    }

    private string RedirectUri(HttpContext http) =>
        !string.IsNullOrWhiteSpace(options.Value.RedirectUri)
            ? options.Value.RedirectUri!
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{CallbackPath}";

    private static ProblemHttpResult NotConfigured() => TypedResults.Problem(
        "Installing from Slack is not configured: set Slack:ClientId and Slack:ClientSecret.",
        statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
