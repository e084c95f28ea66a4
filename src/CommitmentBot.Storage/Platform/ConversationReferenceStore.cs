using CommitmentBot.Storage.Data;
using CommitmentBot.Storage.Rows;
using CommitmentBot.Storage.Sql;

namespace CommitmentBot.Storage.Platform;

/// <summary>Conversation references in the <c>conversation_references</c> table.</summary>
public sealed class ConversationReferenceStore(DbConnectionFactory connections) : IConversationReferenceStore
{
    /// <inheritdoc />
    public async Task<ConversationReference?> FindAsync(
        string workspaceId,
        ConversationRefKind kind,
        string key,
        CancellationToken cancellationToken)
    {
        var row = await connections.QuerySingleOrDefaultAsync<ConversationReferenceRow>(
            SharedSql.FindConversationReference,
            new { WorkspaceId = workspaceId, RefKind = KindName(kind), RefKey = key },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToReference(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationReference>> ListAsync(string workspaceId, ConversationRefKind kind, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var rows = await connections.QueryAsync<ConversationReferenceRow>(
            connections.Dialect.ListConversationReferences,
            new { WorkspaceId = workspaceId, RefKind = KindName(kind), Limit = limit },
            cancellationToken).ConfigureAwait(false);
        return rows.Select(ToReference).ToList();
    }

    private static ConversationReference ToReference(ConversationReferenceRow row) => new(
        row.WorkspaceId,
        ParseKind(row.RefKind),
        row.RefKey,
        row.ServiceUrl,
        row.ConversationId,
        row.TenantId,
        row.BotId,
        row.AadObjectId,
        EpochMilliseconds.ToInstant(row.UpdatedAt));

    /// <inheritdoc />
    public async Task UpsertAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ColumnLimits.CheckRequired(reference.WorkspaceId, ColumnLimits.Id, "Workspace id");
        ColumnLimits.CheckRequired(reference.Key, ColumnLimits.RefKey, "Reference key");
        ColumnLimits.CheckRequired(reference.ServiceUrl, ColumnLimits.ServiceUrl, "Service URL");
        ColumnLimits.CheckRequired(reference.ConversationId, ColumnLimits.ConversationId, "Conversation id");
        ColumnLimits.Check(reference.TenantId, ColumnLimits.Id, "Tenant id");
        ColumnLimits.Check(reference.BotId, ColumnLimits.Id, "Bot id");
        ColumnLimits.Check(reference.AadObjectId, ColumnLimits.Id, "AAD object id");

        var row = new ConversationReferenceRow
        {
            WorkspaceId = reference.WorkspaceId,
            RefKind = KindName(reference.Kind),
            RefKey = reference.Key,
            ServiceUrl = reference.ServiceUrl,
            ConversationId = reference.ConversationId,
            TenantId = reference.TenantId,
            BotId = reference.BotId,
            AadObjectId = reference.AadObjectId,
            UpdatedAt = EpochMilliseconds.From(reference.UpdatedAt),
        };
        await connections.ExecuteWriteAsync(connections.Dialect.UpsertConversationReference, row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string workspaceId, ConversationRefKind kind, string key, CancellationToken cancellationToken) =>
        await connections.ExecuteWriteAsync(
            SharedSql.DeleteConversationReference,
            new { WorkspaceId = workspaceId, RefKind = KindName(kind), RefKey = key },
            cancellationToken).ConfigureAwait(false) > 0;

    private static string KindName(ConversationRefKind kind) => kind switch
    {
        ConversationRefKind.User => "user",
        ConversationRefKind.Channel => "channel",
        ConversationRefKind.Team => "team",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown conversation reference kind."),
    };

    private static ConversationRefKind ParseKind(string name) => name switch
    {
        "user" => ConversationRefKind.User,
        "channel" => ConversationRefKind.Channel,
        "team" => ConversationRefKind.Team,
        _ => throw new InvalidOperationException($"Unknown stored conversation reference kind '{name}'."),
    };
}
