using CommitmentBot.Core.Ports;
using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Stores;

/// <summary>"Not a promise" answers: one row per workspace, channel and author, with the instant the mute runs out.</summary>
public sealed class NoticeMuteStore(DbConnectionFactory connections) : INoticeMuteStore
{
    /// <inheritdoc />
    public async Task<bool> IsMutedAsync(string workspaceId, string channelId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = await connections.QuerySingleOrDefaultAsync<long>(
            SharedSql.IsNoticeMuted,
            new { WorkspaceId = workspaceId, ChannelId = channelId, UserId = userId, Now = EpochMilliseconds.From(now) },
            cancellationToken).ConfigureAwait(false);
        return count > 0;
    }

    /// <inheritdoc />
    public async Task MuteAsync(string workspaceId, string channelId, string userId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ColumnLimits.CheckRequired(workspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(channelId, ColumnLimits.Id, "Channel id");
        ColumnLimits.CheckRequired(userId, ColumnLimits.Id, "User id");
        await connections.ExecuteWriteAsync(
            connections.Dialect.UpsertNoticeMute,
            new { WorkspaceId = workspaceId, ChannelId = channelId, UserId = userId, MutedUntil = EpochMilliseconds.From(until) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> DeleteExpiredAsync(string workspaceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connections.ExecuteWriteAsync(
            SharedSql.DeleteExpiredNoticeMutes,
            new { WorkspaceId = workspaceId, Now = EpochMilliseconds.From(now) },
            cancellationToken);
}
