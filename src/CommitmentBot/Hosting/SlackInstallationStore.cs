using CommitmentBot.Slack.Install;
using CommitmentBot.Storage.Platform;

namespace CommitmentBot.Hosting;

/// <summary>The Slack adapter's install port over the <c>installations</c> table (<c>platform = 'slack'</c>).</summary>
public sealed class SlackInstallationStore(IInstallationStore installations) : ISlackInstallationStore
{
    private const string Platform = "slack";

    public async Task<SlackInstallation?> FindAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var found = await installations.FindAsync(Platform, workspaceId, cancellationToken);
        return found is null
            ? null
            : new SlackInstallation(
                found.WorkspaceId,
                found.EnterpriseId is null ? found.WorkspaceId : null, // an org-wide install is keyed by its enterprise
                found.EnterpriseId,
                found.TeamName,
                found.BotUserId,
                found.AppId,
                found.BotTokenProtected,
                found.Scopes ?? "",
                found.InstalledAt,
                found.UpdatedAt);
    }

    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        return installations.UpsertAsync(
            new Installation(
                Platform,
                installation.WorkspaceId,
                installation.EnterpriseId,
                installation.TeamName,
                installation.BotUserId,
                installation.AppId,
                installation.BotTokenProtected,
                installation.Scopes,
                installation.InstalledAt,
                installation.UpdatedAt),
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string workspaceId, CancellationToken cancellationToken) =>
        installations.DeleteAsync(Platform, workspaceId, cancellationToken);
}
