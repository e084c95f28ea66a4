using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommitmentBot.Slack.Install;

/// <summary>Finds the bot token to act in a workspace with.</summary>
internal interface ISlackTokenSource
{
    /// <summary>The bot token for the workspace, or null when the app is not installed there.</summary>
    ValueTask<string?> FindBotTokenAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Drops a cached token (after an install, uninstall or revocation).</summary>
    void Forget(string workspaceId);
}

/// <summary>
/// Single-workspace mode answers with <c>Slack:BotToken</c>; with OAuth installs the token comes from
/// <see cref="ISlackInstallationStore"/>, decrypted and cached briefly so that the request path does not
/// read the database and decrypt on every call. The configured token remains the fallback.
/// </summary>
internal sealed class SlackTokenSource(
    IOptions<SlackOptions> options,
    IServiceScopeFactory scopes,
    SlackTokenProtector protector,
    TimeProvider time,
    ILogger<SlackTokenSource> logger) : ISlackTokenSource
{
    private static readonly TimeSpan Found = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Missing = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Token, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<string?> FindBotTokenAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.HasOAuth)
        {
            return settings.HasBotToken ? settings.BotToken : null;
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(workspaceId, out var cached) && cached.Until > now)
        {
            return cached.Token ?? settings.BotToken;
        }

        string? token = null;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetService<ISlackInstallationStore>();
            if (store is null)
            {
                logger.LogError("Slack OAuth is configured but no ISlackInstallationStore is registered; installs cannot be read.");
            }
            else if (await store.FindAsync(workspaceId, cancellationToken) is { } installation)
            {
                token = protector.TryUnprotect(installation.BotTokenProtected);
                if (token is null)
                {
                    logger.LogError("The stored Slack token of workspace {WorkspaceId} cannot be decrypted; reinstall the app there.", workspaceId);
                }
            }
        }

        if (_cache.Count > 50_000)
        {
            _cache.Clear();
        }

        _cache[workspaceId] = (token, now + (token is null ? Missing : Found));
        return token ?? settings.BotToken;
    }

    public void Forget(string workspaceId) => _cache.TryRemove(workspaceId, out _);
}
