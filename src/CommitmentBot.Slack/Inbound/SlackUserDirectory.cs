using System.Collections.Concurrent;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.Install;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// Each person's IANA time zone from users.info, remembered for a while so that only a person's first
/// request (per instance and cache period) pays for the look-up. The command runner stores it with the person.
/// </summary>
internal sealed class SlackUserDirectory(
    ISlackApiClient api,
    ISlackTokenSource tokens,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackUserDirectory> logger)
{
    /// <summary>A look-up may not hold a command up for longer than this.</summary>
    private static readonly TimeSpan LookupLimit = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string Workspace, string User), (string? Zone, DateTimeOffset Until)> _zones = new();

    public async ValueTask<string?> FindTimeZoneAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_zones.TryGetValue((workspaceId, userId), out var cached) && cached.Until > now)
        {
            return cached.Zone;
        }

        string? zone = null;
        var lifetime = RetryFailedAfter;
        try
        {
            var token = await tokens.FindBotTokenAsync(workspaceId, cancellationToken);
            if (token is not null)
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(LookupLimit);
                var user = await api.GetUserAsync(token, userId, limit.Token);
                zone = string.IsNullOrWhiteSpace(user.Tz) ? null : user.Tz;
                lifetime = options.Value.UserZoneCacheDuration;
            }
        }
        catch (SlackApiException ex)
        {
            logger.LogInformation("users.info for {UserId} failed ({Error}); going on without the Slack time zone.", userId, ex.Error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("users.info for {UserId} was too slow; going on without the Slack time zone.", userId);
        }

        if (_zones.Count > 100_000)
        {
            _zones.Clear();
        }

        _zones[(workspaceId, userId)] = (zone, now + lifetime);
        return zone;
    }
}
