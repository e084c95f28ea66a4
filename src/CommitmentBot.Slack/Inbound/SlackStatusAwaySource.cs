using System.Collections.Concurrent;
using CommitmentBot.Core.Escalation;
using CommitmentBot.Core.Ports;
using CommitmentBot.Slack.Api;
using CommitmentBot.Slack.Install;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Inbound;

/// <summary>
/// A person's Slack status (users.profile.get) read as away by the rules of <see cref="StatusAway"/>, when a ladder step is
/// about to go to them in a workspace with <c>admin policy status-away on</c>. What is read is remembered for
/// <see cref="SlackOptions.StatusCacheDuration"/>; a failed or slow read counts as "not away" (the nudge goes as before).
/// </summary>
internal sealed class SlackStatusAwaySource(
    ISlackApiClient api,
    ISlackTokenSource tokens,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackStatusAwaySource> logger) : IStatusAwaySource
{
    private static readonly TimeSpan LookupLimit = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(string Workspace, string User), (SlackProfile? Profile, DateTimeOffset Until)> cache = new();

    public string Platform => "slack";

    public async Task<Absence?> ReadAsync(string workspaceId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await ProfileAsync(workspaceId, userId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        DateTimeOffset? expires = profile.StatusExpiration > 0 ? DateTimeOffset.FromUnixTimeSeconds(profile.StatusExpiration) : null;
        return StatusAway.Read(profile.StatusEmoji, profile.StatusText, expires, now);
    }

    private async Task<SlackProfile?> ProfileAsync(string workspaceId, string userId, CancellationToken cancellationToken)
    {
        var wall = time.GetUtcNow();
        if (cache.TryGetValue((workspaceId, userId), out var cached) && cached.Until > wall)
        {
            return cached.Profile;
        }

        SlackProfile? profile = null;
        try
        {
            if (await tokens.FindBotTokenAsync(workspaceId, cancellationToken) is { } token)
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(LookupLimit);
                profile = await api.GetProfileAsync(token, userId, limit.Token);
            }
        }
        catch (SlackApiException ex)
        {
            logger.LogInformation("users.profile.get for {UserId} failed ({Error}); treating them as present.", userId, ex.Error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("users.profile.get for {UserId} was too slow; treating them as present.", userId);
        }

        if (cache.Count > 100_000)
        {
            cache.Clear();
        }

        cache[(workspaceId, userId)] = (profile, wall + options.Value.StatusCacheDuration);
        return profile;
    }
}
