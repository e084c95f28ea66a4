using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace CommitmentBot.Storage.Sql;

/// <summary>
/// SQL Server: <c>OUTPUT</c> instead of <c>RETURNING</c>, <c>MERGE … WITH (HOLDLOCK)</c> for upserts,
/// <c>INSERT … WHERE NOT EXISTS</c> under <c>UPDLOCK, HOLDLOCK</c> for insert-if-absent, <c>TOP</c> for
/// limits, and <c>sp_getapplock</c> around migrations. The key-range locks HOLDLOCK takes make the
/// check and the write one step, so two sessions racing on the same key queue instead of both inserting.
/// </summary>
internal sealed class SqlServerDialect : SqlDialect
{
    private const int DuplicateKeyInUniqueIndex = 2601;
    private const int UniqueConstraintViolation = 2627;

    private static readonly string InsertedCommitmentColumns = string.Join(
        ", ",
        SharedSql.CommitmentColumns.Split(", ").Select(c => "INSERTED." + c));

    private static readonly string UpdateCommitmentSql =
        "UPDATE commitments SET " + UpdateCommitmentAssignments + " OUTPUT " + InsertedCommitmentColumns
        + " WHERE workspace_id = @WorkspaceId AND id = @Id AND version = @Version";

    public static SqlServerDialect Instance { get; } = new();

    public override StorageProvider Provider => StorageProvider.SqlServer;

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: DuplicateKeyInUniqueIndex or UniqueConstraintViolation };

    public override string TakeNextNumber =>
        "MERGE workspace_counters WITH (HOLDLOCK) AS target "
        + "USING (SELECT @WorkspaceId AS workspace_id) AS source ON target.workspace_id = source.workspace_id "
        + "WHEN MATCHED THEN UPDATE SET next_number = target.next_number + 1 "
        + "WHEN NOT MATCHED THEN INSERT (workspace_id, next_number) VALUES (source.workspace_id, 2) "
        + "OUTPUT INSERTED.next_number - 1;";

    public override string InsertCommitment =>
        "INSERT INTO commitments (" + InsertCommitmentColumns + ") OUTPUT INSERTED.id VALUES (" + InsertCommitmentValues + ")";

    public override string UpdateCommitment => UpdateCommitmentSql;

    public override string InsertManagerChange =>
        "INSERT INTO manager_changes (workspace_id, rep_id, old_manager_id, new_manager_id, changed_by_id, changed_at) OUTPUT INSERTED.id "
        + "VALUES (@WorkspaceId, @RepId, @OldManagerId, @NewManagerId, @ChangedById, @ChangedAt)";

    public override string InsertNotification =>
        "INSERT INTO notifications (" + NotificationColumns + ") SELECT " + NotificationValues
        + " WHERE NOT EXISTS (SELECT 1 FROM notifications WITH (UPDLOCK, HOLDLOCK) "
        + "WHERE workspace_id = @WorkspaceId AND idempotency_key = @IdempotencyKey)";

    public override string UpsertPerson =>
        "MERGE people WITH (HOLDLOCK) AS target "
        + "USING (SELECT @WorkspaceId AS workspace_id, @UserId AS user_id) AS source "
        + "ON target.workspace_id = source.workspace_id AND target.user_id = source.user_id "
        + "WHEN MATCHED THEN UPDATE SET display_name = @DisplayName, time_zone = @TimeZone, "
        + "platform_time_zone = @PlatformTimeZone, working_hours = @WorkingHours, manager_id = @ManagerId, "
        + "is_admin = @IsAdmin, away_from = @AwayFrom, away_until = @AwayUntil, away_cover_id = @AwayCoverId, updated_at = @UpdatedAt "
        + "WHEN NOT MATCHED THEN INSERT (" + PersonWriteColumns + ") VALUES (" + PersonWriteValues + ");";

    public override string InsertWorkspace =>
        "INSERT INTO workspaces (" + WorkspaceWriteColumns + ") SELECT " + WorkspaceWriteValues
        + " WHERE NOT EXISTS (SELECT 1 FROM workspaces WITH (UPDLOCK, HOLDLOCK) WHERE workspace_id = @WorkspaceId)";

    public override string InsertRequestKey =>
        "INSERT INTO inbound_requests (workspace_id, request_key, received_at) SELECT @WorkspaceId, @RequestKey, @ReceivedAt "
        + "WHERE NOT EXISTS (SELECT 1 FROM inbound_requests WITH (UPDLOCK, HOLDLOCK) "
        + "WHERE workspace_id = @WorkspaceId AND request_key = @RequestKey)";

    public override string ClaimDigest =>
        "INSERT INTO digest_claims (workspace_id, user_id, week_key, claimed_at) SELECT @WorkspaceId, @UserId, @WeekKey, @Now "
        + "WHERE NOT EXISTS (SELECT 1 FROM digest_claims WITH (UPDLOCK, HOLDLOCK) "
        + "WHERE workspace_id = @WorkspaceId AND user_id = @UserId AND week_key = @WeekKey)";

    public override string InsertDigestDelivery =>
        "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at, digest_week) "
        + "OUTPUT INSERTED.id VALUES (@WorkspaceId, 'user', @UserId, 'pending', 0, @NotBefore, @Now, @WeekKey)";

    public override string UpsertDigestPref =>
        "MERGE digest_prefs WITH (HOLDLOCK) AS target "
        + "USING (SELECT @WorkspaceId AS workspace_id, @UserId AS user_id) AS source "
        + "ON target.workspace_id = source.workspace_id AND target.user_id = source.user_id "
        + "WHEN MATCHED THEN UPDATE SET enabled = @Enabled, updated_at = @Now "
        + "WHEN NOT MATCHED THEN INSERT (workspace_id, user_id, enabled, updated_at) VALUES (@WorkspaceId, @UserId, @Enabled, @Now);";

    public override string UpsertNoticeMute =>
        "MERGE notice_mutes WITH (HOLDLOCK) AS target "
        + "USING (SELECT @WorkspaceId AS workspace_id, @ChannelId AS channel_id, @UserId AS user_id) AS source "
        + "ON target.workspace_id = source.workspace_id AND target.channel_id = source.channel_id AND target.user_id = source.user_id "
        + "WHEN MATCHED THEN UPDATE SET muted_until = @MutedUntil "
        + "WHEN NOT MATCHED THEN INSERT (workspace_id, channel_id, user_id, muted_until) VALUES (@WorkspaceId, @ChannelId, @UserId, @MutedUntil);";

    public override string UpsertInstallation =>
        "MERGE installations WITH (HOLDLOCK) AS target "
        + "USING (SELECT @Platform AS platform, @WorkspaceId AS workspace_id) AS source "
        + "ON target.platform = source.platform AND target.workspace_id = source.workspace_id "
        + "WHEN MATCHED THEN UPDATE SET enterprise_id = @EnterpriseId, team_name = @TeamName, bot_user_id = @BotUserId, "
        + "app_id = @AppId, bot_token_protected = @BotTokenProtected, scopes = @Scopes, updated_at = @UpdatedAt "
        + "WHEN NOT MATCHED THEN INSERT (" + SharedSql.InstallationColumns + ") VALUES (" + InstallationValues + ");";

    public override string UpsertConversationReference =>
        "MERGE conversation_references WITH (HOLDLOCK) AS target "
        + "USING (SELECT @WorkspaceId AS workspace_id, @RefKind AS ref_kind, @RefKey AS ref_key) AS source "
        + "ON target.workspace_id = source.workspace_id AND target.ref_kind = source.ref_kind AND target.ref_key = source.ref_key "
        + "WHEN MATCHED THEN UPDATE SET service_url = @ServiceUrl, conversation_id = @ConversationId, tenant_id = @TenantId, "
        + "bot_id = @BotId, aad_object_id = @AadObjectId, updated_at = @UpdatedAt "
        + "WHEN NOT MATCHED THEN INSERT (" + SharedSql.ConversationReferenceColumns + ") VALUES ("
        + ConversationReferenceValues + ");";

    /// <summary>Returns sp_getapplock's result: 0 or 1 when granted, negative on timeout, deadlock or error.</summary>
    public override string? AcquireMigrationLock =>
        "DECLARE @result INT; "
        + "EXEC @result = sp_getapplock @Resource = @LockName, @LockMode = 'Exclusive', @LockOwner = 'Session', "
        + "@LockTimeout = @TimeoutMs; "
        + "SELECT @result;";

    public override string? ReleaseMigrationLock =>
        "EXEC sp_releaseapplock @Resource = @LockName, @LockOwner = 'Session';";

    public override string ClaimDueCommitments =>
        "SELECT TOP (@Limit) " + SharedSql.CommitmentColumns + " FROM commitments WITH (UPDLOCK, READPAST, ROWLOCK) "
        + "WHERE next_action_at <= @Now ORDER BY next_action_at, id";

    public override string ClaimDueNotifications =>
        "SELECT TOP (@Limit) id, workspace_id, recipient_kind, recipient_id FROM notifications WITH (UPDLOCK, READPAST, ROWLOCK) "
        + "WHERE status = 'pending' AND deliver_at <= @Now ORDER BY id";

    public override string InsertDelivery =>
        "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at) "
        + "OUTPUT INSERTED.id VALUES (@WorkspaceId, @RecipientKind, @RecipientId, 'pending', 0, @Now, @Now)";

    protected override string TopPrefix(string parameter) => "TOP (@" + parameter + ") ";

    protected override string LimitSuffix(string parameter) => "";
}
