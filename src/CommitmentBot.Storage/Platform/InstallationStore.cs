using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Platform;

/// <summary>Installations in the <c>installations</c> table.</summary>
public sealed class InstallationStore(DbConnectionFactory connections) : IInstallationStore
{
    /// <inheritdoc />
    public async Task<Installation?> FindAsync(string platform, string workspaceId, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<InstallationRow>(
            SharedSql.FindInstallation,
            new { Platform = platform, WorkspaceId = workspaceId },
            cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new Installation(
                row.Platform,
                row.WorkspaceId,
                row.EnterpriseId,
                row.TeamName,
                row.BotUserId,
                row.AppId,
                row.BotTokenProtected,
                row.Scopes,
                EpochMilliseconds.ToInstant(row.InstalledAt),
                EpochMilliseconds.ToInstant(row.UpdatedAt));
    }

    /// <inheritdoc />
    public async Task UpsertAsync(Installation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        ColumnLimits.CheckRequired(installation.Platform, ColumnLimits.Platform, "Platform");
        ColumnLimits.CheckRequired(installation.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.Check(installation.EnterpriseId, ColumnLimits.Id, "Enterprise id");
        ColumnLimits.Check(installation.TeamName, ColumnLimits.TeamName, "Team name");
        ColumnLimits.Check(installation.BotUserId, ColumnLimits.Id, "Bot user id");
        ColumnLimits.Check(installation.AppId, ColumnLimits.Id, "App id");
        ColumnLimits.Check(installation.Scopes, ColumnLimits.Scopes, "Scopes");
        if (string.IsNullOrEmpty(installation.BotTokenProtected))
        {
            throw new ArgumentException("The protected bot token is required.", nameof(installation));
        }

        var row = new InstallationRow
        {
            Platform = installation.Platform,
            WorkspaceId = installation.WorkspaceId,
            EnterpriseId = installation.EnterpriseId,
            TeamName = installation.TeamName,
            BotUserId = installation.BotUserId,
            AppId = installation.AppId,
            BotTokenProtected = installation.BotTokenProtected,
            Scopes = installation.Scopes,
            InstalledAt = EpochMilliseconds.From(installation.InstalledAt),
            UpdatedAt = EpochMilliseconds.From(installation.UpdatedAt),
        };
        await connections.ExecuteWriteAsync(connections.Dialect.UpsertInstallation, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string platform, string workspaceId, CancellationToken cancellationToken) =>
        await connections.ExecuteWriteAsync(
            SharedSql.DeleteInstallation,
            new { Platform = platform, WorkspaceId = workspaceId },
            cancellationToken).ConfigureAwait(false) > 0;
}
