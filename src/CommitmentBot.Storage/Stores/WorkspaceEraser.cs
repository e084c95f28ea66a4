using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>Erases everything stored for one workspace, in one transaction (the sandbox's reset).</summary>
public sealed class WorkspaceEraser(DbConnectionFactory connections)
{
    /// <summary>Deletes the workspace's promises, history, deliveries, people and settings; all or nothing.</summary>
    public async Task EraseAsync(string workspaceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        var transaction = await connections.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.ExecuteAsync(SharedSql.EraseWorkspace, new { WorkspaceId = workspaceId }, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
        }
    }
}
