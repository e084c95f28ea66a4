using CommitmentBot.Slack.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Single-workspace mode (<c>Slack:BotToken</c> without OAuth installation) serves the one workspace the token belongs
/// to: a signed request from any other team would be handled there and answered with the wrong token, so it is refused.
/// The workspace is <c>Slack:TeamId</c> when set, else what <c>auth.test</c> says about the token (asked once).
/// With OAuth installation configured every installed workspace is served.
/// </summary>
internal sealed class SlackWorkspaceGate(IOptions<SlackOptions> options, ISlackApiClient api, ILogger<SlackWorkspaceGate> logger)
{
    // Written once learnt; two first requests at once may both ask auth.test, which is harmless.
    private volatile IReadOnlySet<string>? owners;

    /// <summary>Why <paramref name="workspaceId"/> is not served here, or null when it is.</summary>
    public async ValueTask<SlackRefusal?> CheckAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.HasOAuth || settings.BotToken is not { } token || string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var served = owners ?? await LearnAsync(settings, token, cancellationToken);
        if (served is null)
        {
            return new SlackRefusal(
                503,
                "Slack did not say which workspace Slack:BotToken belongs to, so the request was not handled; try again shortly (or set Slack:TeamId).");
        }

        if (served.Contains(workspaceId))
        {
            return null;
        }

        logger.LogWarning("Refused a signed Slack request from workspace {WorkspaceId}: this deployment serves only {Served}.", workspaceId, string.Join(", ", served));
        return new SlackRefusal(
            403,
            $"This CommitmentBot serves one Slack workspace (Slack:BotToken), and {workspaceId} is not it. To serve several workspaces, configure OAuth installation (Slack:ClientId and Slack:ClientSecret) and install the app in each.");
    }

    private async Task<IReadOnlySet<string>?> LearnAsync(SlackOptions settings, string token, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.TeamId))
        {
            return owners = new HashSet<string>([settings.TeamId.Trim()], StringComparer.Ordinal);
        }

        try
        {
            var identity = await api.AuthTestAsync(token, cancellationToken);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in new[] { identity.TeamId, identity.EnterpriseId })
            {
                if (!string.IsNullOrEmpty(id))
                {
                    ids.Add(id);
                }
            }

            if (ids.Count == 0)
            {
                logger.LogWarning("auth.test named no team for Slack:BotToken; set Slack:TeamId.");
                return null;
            }

            return owners = ids;
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("auth.test failed ({Error}); the workspace Slack:BotToken serves is not known yet.", ex.Error);
            return null;
        }
    }
}

/// <summary>A request refused before it is handled: the HTTP status and the reason.</summary>
internal sealed record SlackRefusal(int Status, string Reason);
