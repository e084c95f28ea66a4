namespace CommitmentBot.Storage.Platform;

/// <summary>
/// A bot installation in one workspace (a Slack team, or an enterprise for an org-wide install).
/// </summary>
/// <param name="Platform">The platform, e.g. <c>slack</c>.</param>
/// <param name="WorkspaceId">The workspace (Slack team id, or enterprise id for an org-wide install).</param>
/// <param name="EnterpriseId">The Slack Enterprise Grid id, if any.</param>
/// <param name="TeamName">The workspace's name as the platform reported it.</param>
/// <param name="BotUserId">The bot's user id in the workspace.</param>
/// <param name="AppId">The app id.</param>
/// <param name="BotTokenProtected">
/// The bot token, already encrypted by the app (Data Protection). The store keeps it as an opaque
/// string and never sees the plain token.
/// </param>
/// <param name="Scopes">The granted scopes, comma separated.</param>
/// <param name="InstalledAt">When it was first installed; a later upsert keeps the stored value.</param>
/// <param name="UpdatedAt">When it was last written.</param>
public sealed record Installation(
    string Platform,
    string WorkspaceId,
    string? EnterpriseId,
    string? TeamName,
    string? BotUserId,
    string? AppId,
    string BotTokenProtected,
    string? Scopes,
    DateTimeOffset InstalledAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Keeps the protected token out of logs and exception messages.</summary>
    public override string ToString() => $"Installation {{ Platform = {Platform}, WorkspaceId = {WorkspaceId}, TeamName = {TeamName} }}";
}

/// <summary>Installations by platform and workspace.</summary>
public interface IInstallationStore
{
    /// <summary>The installation, or null when the app is not installed there.</summary>
    Task<Installation?> FindAsync(string platform, string workspaceId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the installation (keeping the first <see cref="Installation.InstalledAt"/>).</summary>
    Task UpsertAsync(Installation installation, CancellationToken cancellationToken);

    /// <summary>Removes the installation (uninstall, tokens revoked); false when there was none.</summary>
    Task<bool> DeleteAsync(string platform, string workspaceId, CancellationToken cancellationToken);
}
