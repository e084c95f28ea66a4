using System.Data.Common;
using System.Reflection;

namespace CommitmentBot.Storage.Sql;

/// <summary>
/// The statements that differ between engines, plus how to connect and how to recognise a unique-key
/// violation. The defaults are the SQLite/PostgreSQL forms (<c>ON CONFLICT</c>, <c>RETURNING</c>,
/// <c>LIMIT</c>); a dialect overrides only what its engine spells differently. Everything else is in
/// <see cref="SharedSql"/>.
/// </summary>
internal abstract partial class SqlDialect
{
    // The list statements are spelled the same everywhere apart from the list test and the row limit,
    // so they are composed once per dialect from the hooks below and kept.
    private string? listActiveByOwners;
    private string? listClosedByOwners;
    private string? findPeople;

    public abstract StorageProvider Provider { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>True when <paramref name="exception"/> is a unique index or primary key violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Hands out the workspace's next commitment number (1, 2, …), creating the counter on first use.</summary>
    public virtual string TakeNextNumber => TakeNextNumberSql;

    protected const string TakeNextNumberSql =
        "INSERT INTO workspace_counters (workspace_id, next_number) VALUES (@WorkspaceId, 2) "
        + "ON CONFLICT (workspace_id) DO UPDATE SET next_number = workspace_counters.next_number + 1 "
        + "RETURNING next_number - 1";

    /// <summary>
    /// Takes the next number, inserts the commitment and its creation event in one statement, returning
    /// <c>id</c> and <c>number</c>; null when the engine does it as separate statements in a transaction.
    /// The counter row is the one lock every create in a workspace waits for: in one statement it is held
    /// for the statement alone, not across the client round trips of a multi-statement transaction.
    /// </summary>
    public virtual string? CreateCommitmentInOneStatement => null;

    /// <summary>Inserts a commitment and returns its id.</summary>
    public virtual string InsertCommitment =>
        "INSERT INTO commitments (" + InsertCommitmentColumns + ") VALUES (" + InsertCommitmentValues + ") RETURNING id";

    /// <summary>Updates a commitment at the expected version and returns the stored row (no row on a conflict).</summary>
    public virtual string UpdateCommitment =>
        "UPDATE commitments SET " + UpdateCommitmentAssignments
        + " WHERE workspace_id = @WorkspaceId AND id = @Id AND version = @Version RETURNING " + SharedSql.CommitmentColumns;

    /// <summary>Writes a notification to the outbox unless one with the same idempotency key exists.</summary>
    /// <summary>Records a change of manager, returning its id.</summary>
    public virtual string InsertManagerChange =>
        "INSERT INTO manager_changes (workspace_id, rep_id, old_manager_id, new_manager_id, changed_by_id, changed_at) "
        + "VALUES (@WorkspaceId, @RepId, @OldManagerId, @NewManagerId, @ChangedById, @ChangedAt) RETURNING id";

    public virtual string InsertNotification =>
        "INSERT INTO notifications (" + NotificationColumns + ") VALUES (" + NotificationValues + ") "
        + "ON CONFLICT (workspace_id, idempotency_key) DO NOTHING";

    /// <summary>Active commitments of some owners, soonest due first, at most @Limit rows.</summary>
    public string ListActiveByOwners => listActiveByOwners ??=
        "SELECT " + TopPrefix("Limit") + SharedSql.CommitmentColumns + " FROM commitments WHERE workspace_id = @WorkspaceId AND "
        + InList("owner_id", "OwnerIds") + " AND status IN " + SharedSql.ActiveStatusList
        + " ORDER BY due_at, id" + LimitSuffix("Limit");

    /// <summary>Closed commitments of some owners in [@Since, @Until).</summary>
    public string ListClosedByOwners => listClosedByOwners ??=
        "SELECT " + SharedSql.CommitmentColumns + " FROM commitments WHERE workspace_id = @WorkspaceId AND "
        + InList("owner_id", "OwnerIds") + " AND closed_at >= @Since AND closed_at < @Until AND status IN "
        + SharedSql.ClosedStatusList + " ORDER BY closed_at, id";

    public string FindPeople => findPeople ??=
        "SELECT " + SharedSql.PersonColumns + " FROM people WHERE workspace_id = @WorkspaceId AND "
        + InList("user_id", "UserIds") + " ORDER BY user_id";

    public virtual string UpsertPerson =>
        "INSERT INTO people (" + PersonWriteColumns + ") VALUES (" + PersonWriteValues + ") "
        + "ON CONFLICT (workspace_id, user_id) DO UPDATE SET display_name = excluded.display_name, "
        + "time_zone = excluded.time_zone, platform_time_zone = excluded.platform_time_zone, "
        + "working_hours = excluded.working_hours, manager_id = excluded.manager_id, is_admin = excluded.is_admin, "
        + "away_from = excluded.away_from, away_until = excluded.away_until, away_cover_id = excluded.away_cover_id, "
        + "updated_at = excluded.updated_at";

    /// <summary>Inserts a workspace's first settings; affects no row when another caller inserted them first.</summary>
    public virtual string InsertWorkspace =>
        "INSERT INTO workspaces (" + WorkspaceWriteColumns + ") VALUES (" + WorkspaceWriteValues + ") "
        + "ON CONFLICT (workspace_id) DO NOTHING";

    /// <summary>Records an inbound request key; affects no row when it was recorded before.</summary>
    public virtual string InsertRequestKey =>
        "INSERT INTO inbound_requests (workspace_id, request_key, received_at) VALUES (@WorkspaceId, @RequestKey, @ReceivedAt) "
        + "ON CONFLICT (workspace_id, request_key) DO NOTHING";

    /// <summary>Inserts or replaces an installation, keeping the first <c>installed_at</c>.</summary>
    /// <summary>Mutes an author in a channel until an instant; a later mute replaces an earlier one.</summary>
    public virtual string UpsertNoticeMute =>
        "INSERT INTO notice_mutes (workspace_id, channel_id, user_id, muted_until) VALUES (@WorkspaceId, @ChannelId, @UserId, @MutedUntil) "
        + "ON CONFLICT (workspace_id, channel_id, user_id) DO UPDATE SET muted_until = excluded.muted_until";

    public virtual string UpsertInstallation =>
        "INSERT INTO installations (" + SharedSql.InstallationColumns + ") VALUES (" + InstallationValues + ") "
        + "ON CONFLICT (platform, workspace_id) DO UPDATE SET enterprise_id = excluded.enterprise_id, "
        + "team_name = excluded.team_name, bot_user_id = excluded.bot_user_id, app_id = excluded.app_id, "
        + "bot_token_protected = excluded.bot_token_protected, scopes = excluded.scopes, updated_at = excluded.updated_at";

    public virtual string UpsertConversationReference =>
        "INSERT INTO conversation_references (" + SharedSql.ConversationReferenceColumns + ") VALUES ("
        + ConversationReferenceValues + ") ON CONFLICT (workspace_id, ref_kind, ref_key) DO UPDATE SET "
        + "service_url = excluded.service_url, conversation_id = excluded.conversation_id, tenant_id = excluded.tenant_id, "
        + "bot_id = excluded.bot_id, aad_object_id = excluded.aad_object_id, updated_at = excluded.updated_at";

    /// <summary>
    /// The sweep's claim: commitments whose next action is due, oldest first, locked for this transaction
    /// and skipped by any other sweeper (SQLite's single writer needs no hint).
    /// </summary>
    public virtual string ClaimDueCommitments =>
        "SELECT " + SharedSql.CommitmentColumns + " FROM commitments WHERE next_action_at <= @Now "
        + "ORDER BY next_action_at, id LIMIT @Limit" + LockSkipLockedSuffix;

    /// <summary>Pending notifications whose deliver-at has come, locked and skipped like the sweep's claim.</summary>
    public virtual string ClaimDueNotifications =>
        "SELECT id, workspace_id, recipient_kind, recipient_id FROM notifications "
        + "WHERE status = 'pending' AND deliver_at <= @Now ORDER BY id LIMIT @Limit" + LockSkipLockedSuffix;

    /// <summary>Inserts a delivery and returns its id.</summary>
    public virtual string InsertDelivery =>
        "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at) "
        + "VALUES (@WorkspaceId, @RecipientKind, @RecipientId, 'pending', 0, @Now, @Now) RETURNING id";

    private string? listPeople;
    private string? listConversationReferences;

    /// <summary>A workspace's conversation references of one kind, newest first, at most @Limit rows.</summary>
    public string ListConversationReferences => listConversationReferences ??=
        "SELECT " + TopPrefix("Limit") + SharedSql.ConversationReferenceColumns + " FROM conversation_references "
        + "WHERE workspace_id = @WorkspaceId AND ref_kind = @RefKind ORDER BY updated_at DESC" + LimitSuffix("Limit");

    private string? bundleNotifications;

    /// <summary>Everyone in a workspace by user id, at most @Limit rows.</summary>
    public string ListPeople => listPeople ??=
        "SELECT " + TopPrefix("Limit") + SharedSql.PersonColumns + " FROM people WHERE workspace_id = @WorkspaceId ORDER BY user_id"
        + LimitSuffix("Limit");

    private string? cancelNotifications;
    private string? dueDeliveries;

    /// <summary>Bundles notifications into a delivery.</summary>
    public string BundleNotifications => bundleNotifications ??=
        "UPDATE notifications SET status = 'bundled', delivery_id = @DeliveryId WHERE " + InList("id", "Ids") + " AND status = 'pending'";

    /// <summary>Cancels some of a delivery's notifications.</summary>
    public string CancelNotifications => cancelNotifications ??=
        "UPDATE notifications SET status = 'cancelled' WHERE delivery_id = @Id AND " + InList("id", "Ids") + " AND status = 'bundled'";

    /// <summary>Deliveries to start now: pending and due, or sending past the lease (a crashed send).</summary>
    /// <remarks>
    /// The leading <c>status IN ('pending', 'sending')</c> repeats the partial index's own condition: SQLite uses a
    /// partial index only when the query states its condition, and without it scanned every delivery ever sent
    /// (180 ms at a million) on every sweep.
    /// </remarks>
    public string DueDeliveries => dueDeliveries ??=
        "SELECT " + TopPrefix("Limit") + "id FROM deliveries WHERE status IN ('pending', 'sending') AND "
        + "((status = 'pending' AND not_before <= @Now) OR (status = 'sending' AND sending_since <= @StaleBefore)) ORDER BY id"
        + LimitSuffix("Limit");

    // Set-based forms of the sweep's and the bundler's writes, one array parameter per column (see
    // Rows/ColumnArrays.cs). Null where the engine takes no array parameters: those writes then go row by row
    // inside the same transaction, which SQLite (in process) does quickly and SQL Server does correctly.

    /// <summary>Saves a batch of claimed commitments, each at its expected version; affects fewer rows than given on a conflict.</summary>
    public virtual string? UpdateCommitmentsFromArrays => null;

    /// <summary>Appends a batch of history events.</summary>
    public virtual string? InsertEventsFromArrays => null;

    /// <summary>Writes a batch of notifications, skipping any whose idempotency key exists (or repeats within the batch).</summary>
    public virtual string? InsertNotificationsFromArrays => null;

    /// <summary>Inserts one pending delivery per recipient and returns each with its recipient.</summary>
    public virtual string? InsertDeliveriesFromArrays => null;

    /// <summary>Puts each pending notification into its delivery.</summary>
    public virtual string? BundleNotificationsFromArrays => null;

    /// <summary>
    /// Records a send — the delivery (only while sending) and its notifications — in one statement, returning
    /// how many deliveries it marked (0 or 1); null where the engine cannot, and a transaction of two does it.
    /// </summary>
    public virtual string? MarkDeliverySentAtOnce => null;

    /// <summary>The row-lock hint that makes concurrent claimers skip each other's rows (PostgreSQL's by default).</summary>
    protected virtual string LockSkipLockedSuffix => "";

    /// <summary>Takes the cross-instance migration lock (null when the engine needs none).</summary>
    public virtual string? AcquireMigrationLock => null;

    /// <summary>Releases the migration lock.</summary>
    public virtual string? ReleaseMigrationLock => null;

    /// <summary>Every statement this dialect can issue, by property name (for parse tests).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Statements() =>
        GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => new KeyValuePair<string, string>(p.Name, (string?)p.GetValue(this) ?? ""))
            .Where(s => s.Value.Length > 0)
            .ToList();

    /// <summary>
    /// A membership test against a list parameter. Dapper expands <c>IN @list</c> into one parameter per
    /// item; for PostgreSQL it passes the list as one array instead, which needs <c>= ANY(@list)</c>.
    /// </summary>
    protected virtual string InList(string column, string parameter) => column + " IN @" + parameter;

    /// <summary>A row limit placed right after SELECT (SQL Server's <c>TOP</c>); empty by default.</summary>
    protected virtual string TopPrefix(string parameter) => "";

    /// <summary>A row limit placed at the end of the statement; <c>LIMIT</c> by default.</summary>
    protected virtual string LimitSuffix(string parameter) => " LIMIT @" + parameter;

    protected const string InsertCommitmentColumns =
        "workspace_id, number, text, customer, due_at, created_at, owner_id, created_by_id, status, due_version, "
        + "window_start, policy, next_step, next_action_at, last_step, manager_notified_at, rep_responded_at, "
        + "manager_acknowledged_at, risk_flagged_at, risk_raised_before_due, closed_at, client_request_id, version, snoozed_until, due_zone, "
        + "first_due_at, move_count, moved_late, moves_told, told_version, surprised, customer_key, source_link, rep_snoozed_until, snooze_reason, record_code";

    protected const string InsertCommitmentValues =
        "@WorkspaceId, @Number, @Text, @Customer, @DueAt, @CreatedAt, @OwnerId, @CreatedById, @Status, @DueVersion, "
        + "@WindowStart, @Policy, @NextStep, @NextActionAt, @LastStep, @ManagerNotifiedAt, @RepRespondedAt, "
        + "@ManagerAcknowledgedAt, @RiskFlaggedAt, @RiskRaisedBeforeDue, @ClosedAt, @ClientRequestId, @Version, @SnoozedUntil, @DueZone, "
        + "@FirstDueAt, @MoveCount, @MovedLate, @MovesTold, @ToldVersion, @Surprised, @CustomerKey, @SourceLink, @RepSnoozedUntil, @SnoozeReason, @RecordCode";

    // Number, created_at, created_by_id, client_request_id and source_link are fixed at creation.
    protected const string UpdateCommitmentAssignments =
        "text = @Text, customer = @Customer, due_at = @DueAt, owner_id = @OwnerId, status = @Status, "
        + "due_version = @DueVersion, window_start = @WindowStart, policy = @Policy, next_step = @NextStep, "
        + "next_action_at = @NextActionAt, last_step = @LastStep, manager_notified_at = @ManagerNotifiedAt, "
        + "rep_responded_at = @RepRespondedAt, manager_acknowledged_at = @ManagerAcknowledgedAt, "
        + "risk_flagged_at = @RiskFlaggedAt, risk_raised_before_due = @RiskRaisedBeforeDue, closed_at = @ClosedAt, "
        + "snoozed_until = @SnoozedUntil, due_zone = @DueZone, first_due_at = @FirstDueAt, move_count = @MoveCount, "
        + "moved_late = @MovedLate, moves_told = @MovesTold, told_version = @ToldVersion, surprised = @Surprised, "
        + "customer_key = @CustomerKey, rep_snoozed_until = @RepSnoozedUntil, snooze_reason = @SnoozeReason, record_code = @RecordCode, "
        + "version = version + 1";

    protected const string NotificationColumns =
        "workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id, idempotency_key, created_at, "
        + "delivery_id, status, deliver_at";

    protected const string NotificationValues =
        "@WorkspaceId, @CommitmentId, @DueVersion, @Step, @RecipientKind, @RecipientId, @IdempotencyKey, @CreatedAt, "
        + "NULL, 'pending', @DeliverAt";

    protected const string PersonWriteColumns = SharedSql.PersonColumns + ", updated_at";

    protected const string PersonWriteValues =
        "@WorkspaceId, @UserId, @DisplayName, @TimeZone, @PlatformTimeZone, @WorkingHours, @ManagerId, @IsAdmin, @AwayFrom, @AwayUntil, @AwayCoverId, @UpdatedAt";

    protected const string WorkspaceWriteColumns = SharedSql.WorkspaceColumns + ", created_at, updated_at";

    // A new workspace row starts at version 1.
    protected const string WorkspaceWriteValues =
        "@WorkspaceId, @Platform, @EscalationChannelId, @DateOrder, @Policy, @AdminToldNoManagerAt, "
        + "@AdminToldNoChannelAt, 1, @UpdatedAt, @UpdatedAt";

    protected const string InstallationValues =
        "@Platform, @WorkspaceId, @EnterpriseId, @TeamName, @BotUserId, @AppId, @BotTokenProtected, @Scopes, "
        + "@InstalledAt, @UpdatedAt";

    protected const string ConversationReferenceValues =
        "@WorkspaceId, @RefKind, @RefKey, @ServiceUrl, @ConversationId, @TenantId, @BotId, @AadObjectId, @UpdatedAt";
}
