using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>Workspace settings with optimistic concurrency.</summary>
public sealed class WorkspaceStore(DbConnectionFactory connections, TimeProvider time) : IWorkspaceStore
{
    /// <inheritdoc />
    public async Task<WorkspaceSettings?> FindAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<WorkspaceRow>(
            SharedSql.FindWorkspace,
            new { WorkspaceId = workspaceId },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToSettings(row);
    }

    /// <inheritdoc />
    public async Task<WorkspaceSettings?> SaveAsync(WorkspaceSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Version);
        ColumnLimits.CheckRequired(settings.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(settings.Platform, ColumnLimits.Platform, "Platform");
        ColumnLimits.Check(settings.EscalationChannelId, ColumnLimits.Id, "Escalation channel id");

        var row = new WorkspaceRow
        {
            WorkspaceId = settings.WorkspaceId,
            Platform = settings.Platform,
            EscalationChannelId = settings.EscalationChannelId,
            DateOrder = StorageNames.ToName(settings.DateOrder),
            Policy = PolicyJson.Serialize(settings.Policy),
            AdminToldNoManagerAt = EpochMilliseconds.From(settings.AdminToldNoManagerAt),
            AdminToldNoChannelAt = EpochMilliseconds.From(settings.AdminToldNoChannelAt),
            Version = settings.Version,
            UpdatedAt = EpochMilliseconds.From(time.GetUtcNow()),
        };

        // Insert-if-absent and compare-and-set both report zero rows when someone else got there first.
        var sql = settings.Version == 0 ? connections.Dialect.InsertWorkspace : SharedSql.UpdateWorkspace;
        var affected = await connections.ExecuteWriteAsync(sql, row, cancellationToken).ConfigureAwait(false);
        if (affected == 0)
        {
            return null;
        }

        row.Version = settings.Version + 1;
        return ToSettings(row);
    }

    private static WorkspaceSettings ToSettings(WorkspaceRow row) => new()
    {
        WorkspaceId = row.WorkspaceId,
        Platform = row.Platform,
        EscalationChannelId = row.EscalationChannelId,
        DateOrder = StorageNames.ParseDateOrder(row.DateOrder),
        Policy = PolicyJson.Deserialize(row.Policy),
        AdminToldNoManagerAt = EpochMilliseconds.ToInstant(row.AdminToldNoManagerAt),
        AdminToldNoChannelAt = EpochMilliseconds.ToInstant(row.AdminToldNoChannelAt),
        Version = row.Version,
    };
}
