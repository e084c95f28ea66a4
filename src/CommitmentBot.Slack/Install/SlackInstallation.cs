namespace CommitmentBot.Slack.Install;

/// <summary>
/// One Slack install: the bot token of a workspace (or of an Enterprise Grid organisation for an
/// org-wide install). <see cref="BotTokenProtected"/> is encrypted with ASP.NET Data Protection before
/// it reaches the store, so the store never sees a usable token.
/// </summary>
/// <param name="WorkspaceId">The app's workspace id: the team id, or the enterprise id for an org-wide install.</param>
/// <param name="TeamId">The team id, if the install is for one team.</param>
/// <param name="EnterpriseId">The Enterprise Grid id, if any.</param>
/// <param name="TeamName">The team (or organisation) name.</param>
/// <param name="BotUserId">The bot's user id in the workspace.</param>
/// <param name="AppId">The Slack app id.</param>
/// <param name="BotTokenProtected">The <c>xoxb-</c> token, protected.</param>
/// <param name="Scopes">The granted bot scopes, comma separated.</param>
/// <param name="InstalledAt">First install.</param>
/// <param name="UpdatedAt">Last (re)install.</param>
public sealed record SlackInstallation(
    string WorkspaceId,
    string? TeamId,
    string? EnterpriseId,
    string? TeamName,
    string? BotUserId,
    string? AppId,
    string BotTokenProtected,
    string Scopes,
    DateTimeOffset InstalledAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// Where installs are kept (the host implements it over the <c>installations</c> table with
/// <c>platform = 'slack'</c>). Every call is scoped to one workspace id.
/// </summary>
public interface ISlackInstallationStore
{
    /// <summary>The install for the workspace, or null.</summary>
    Task<SlackInstallation?> FindAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the install of <see cref="SlackInstallation.WorkspaceId"/> (keep the first <c>InstalledAt</c>).</summary>
    Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken);

    /// <summary>Removes the install (uninstall, revoked tokens); true when there was one.</summary>
    Task<bool> DeleteAsync(string workspaceId, CancellationToken cancellationToken);
}

/// <summary>
/// OAuth <c>state</c> values: created when an install starts, accepted once at the callback.
/// The default implementation needs no table of its own (see <see cref="ProtectedOAuthStateStore"/>).
/// </summary>
public interface ISlackOAuthStateStore
{
    /// <summary>Creates a new state value that expires at <paramref name="expiresAt"/>.</summary>
    Task<string> CreateAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>True the first time a state this store created is presented before it expires; false otherwise.</summary>
    Task<bool> TryConsumeAsync(string state, DateTimeOffset now, CancellationToken cancellationToken);
}
