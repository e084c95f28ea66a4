using CommitmentBot.Slack.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommitmentBot.Slack.Install;

/// <summary>Saves installs from OAuth (token encrypted first) and removes them on uninstall or revocation.</summary>
internal sealed class SlackInstallations(
    IServiceScopeFactory scopes,
    ISlackTokenSource tokens,
    SlackTokenProtector protector,
    TimeProvider time,
    ILogger<SlackInstallations> logger)
{
    public async Task<SlackInstallation> SaveAsync(string workspaceId, OAuthAccessResponse access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ISlackInstallationStore>();
        var now = time.GetUtcNow();
        var existing = await store.FindAsync(workspaceId, cancellationToken);
        var installation = new SlackInstallation(
            workspaceId,
            access.Team?.Id,
            access.Enterprise?.Id,
            access.Team?.Name ?? access.Enterprise?.Name,
            access.BotUserId,
            access.AppId,
            protector.Protect(access.AccessToken!),
            access.Scope ?? "",
            existing?.InstalledAt ?? now,
            now);
        await store.SaveAsync(installation, cancellationToken);
        tokens.Forget(workspaceId);
        logger.LogInformation("CommitmentBot installed in Slack workspace {WorkspaceId}.", workspaceId);
        return installation;
    }

    public async Task RemoveAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetService<ISlackInstallationStore>();
        var removed = store is not null && await store.DeleteAsync(workspaceId, cancellationToken);
        tokens.Forget(workspaceId);
        logger.LogInformation("CommitmentBot uninstalled from Slack workspace {WorkspaceId} (stored install removed: {Removed}).", workspaceId, removed);
    }
}
