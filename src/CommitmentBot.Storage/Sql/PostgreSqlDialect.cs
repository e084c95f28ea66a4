using System.Data.Common;
using Npgsql;

namespace CommitmentBot.Storage.Sql;

/// <summary>PostgreSQL: the default dialect, with list parameters as arrays and an advisory lock for migrations.</summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>The advisory lock key migrations take ("CMTBOT" in ASCII), the same on every instance.</summary>
    public const long MigrationLockKey = 0x434D54424F54;

    public static PostgreSqlDialect Instance { get; } = new();

    public override StorageProvider Provider => StorageProvider.PostgreSql;

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override string? AcquireMigrationLock => "SELECT pg_advisory_lock(@LockKey)";

    public override string? ReleaseMigrationLock => "SELECT pg_advisory_unlock(@LockKey)";

    // Data-modifying CTEs run as one atomic statement: a unique violation (a repeated client request id)
    // undoes the counter increment too.
    public override string? CreateCommitmentInOneStatement { get; } =
        "WITH n AS (" + TakeNextNumberSql + " AS number), "
        + "c AS (INSERT INTO commitments (" + InsertCommitmentColumns + ") SELECT "
        + InsertCommitmentValues.Replace("@Number", "n.number", StringComparison.Ordinal) + " FROM n RETURNING id, number), "
        + "e AS (INSERT INTO commitment_events (workspace_id, commitment_id, at, actor_id, kind, note) "
        + "SELECT @WorkspaceId, c.id, @EventAt, @EventActorId, @EventKind, @EventNote FROM c) "
        + "SELECT id, number FROM c";

    public override string? UpdateCommitmentsFromArrays =>
        "UPDATE commitments AS c SET text = u.text, customer = u.customer, due_at = u.due_at, owner_id = u.owner_id, "
        + "status = u.status, due_version = u.due_version, window_start = u.window_start, policy = u.policy, "
        + "next_step = u.next_step, next_action_at = u.next_action_at, last_step = u.last_step, "
        + "manager_notified_at = u.manager_notified_at, rep_responded_at = u.rep_responded_at, "
        + "manager_acknowledged_at = u.manager_acknowledged_at, risk_flagged_at = u.risk_flagged_at, "
        + "risk_raised_before_due = u.risk_raised_before_due, closed_at = u.closed_at, snoozed_until = u.snoozed_until, "
        + "due_zone = u.due_zone, rep_snoozed_until = u.rep_snoozed_until, snooze_reason = u.snooze_reason, surprised = u.surprised, record_code = u.record_code, "
        + "version = c.version + 1 "
        + "FROM unnest(@Ids, @WorkspaceIds, @Versions, @Texts, @Customers, @DueAts, @OwnerIds, @Statuses, @DueVersions, "
        + "@WindowStarts, @Policies, @NextSteps, @NextActionAts, @LastSteps, @ManagerNotifiedAts, @RepRespondedAts, "
        + "@ManagerAcknowledgedAts, @RiskFlaggedAts, @RiskRaisedBeforeDues, @ClosedAts, @SnoozedUntils, @DueZones, @RepSnoozedUntils, @SnoozeReasons, @Surpriseds, @RecordCodes) "
        + "AS u(id, workspace_id, version, text, customer, due_at, owner_id, status, due_version, window_start, policy, "
        + "next_step, next_action_at, last_step, manager_notified_at, rep_responded_at, manager_acknowledged_at, "
        + "risk_flagged_at, risk_raised_before_due, closed_at, snoozed_until, due_zone, rep_snoozed_until, snooze_reason, surprised, record_code) "
        + "WHERE c.id = u.id AND c.workspace_id = u.workspace_id AND c.version = u.version";

    // The claims that insert (a person already claimed this week conflicts and is left out) feed the deliveries' insert.
    public override string? ClaimDigestsFromArrays =>
        "WITH c AS (INSERT INTO digest_claims (workspace_id, user_id, week_key, claimed_at) "
        + "SELECT @WorkspaceId, u, @WeekKey, @Now FROM unnest(@UserIds) AS u ORDER BY u "
        + "ON CONFLICT (workspace_id, user_id, week_key) DO NOTHING RETURNING user_id) "
        + "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at, digest_week) "
        + "SELECT @WorkspaceId, 'user', user_id, 'pending', 0, @NotBefore, @Now, @WeekKey FROM c "
        + "RETURNING recipient_id AS user_id, id AS delivery_id";

    public override string? InsertEventsFromArrays =>
        "INSERT INTO commitment_events (workspace_id, commitment_id, at, actor_id, kind, note) "
        + "SELECT workspace_id, commitment_id, at, actor_id, kind, note "
        + "FROM unnest(@WorkspaceIds, @CommitmentIds, @Ats, @ActorIds, @Kinds, @Notes) WITH ORDINALITY "
        + "AS e(workspace_id, commitment_id, at, actor_id, kind, note, n) ORDER BY n";

    public override string? InsertNotificationsFromArrays =>
        "INSERT INTO notifications (" + NotificationColumns + ") "
        + "SELECT workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id, idempotency_key, created_at, "
        + "NULL, 'pending', deliver_at "
        + "FROM unnest(@WorkspaceIds, @CommitmentIds, @DueVersions, @Steps, @RecipientKinds, @RecipientIds, @IdempotencyKeys, "
        + "@CreatedAts, @DeliverAts) WITH ORDINALITY AS t(workspace_id, commitment_id, due_version, step, recipient_kind, "
        + "recipient_id, idempotency_key, created_at, deliver_at, n) ORDER BY n "
        + "ON CONFLICT (workspace_id, idempotency_key) DO NOTHING";

    public override string? InsertDeliveriesFromArrays =>
        "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at) "
        + "SELECT workspace_id, recipient_kind, recipient_id, 'pending', 0, @Now, @Now "
        + "FROM unnest(@WorkspaceIds, @RecipientKinds, @RecipientIds) AS t(workspace_id, recipient_kind, recipient_id) "
        + "RETURNING id, workspace_id, recipient_kind, recipient_id";

    public override string? BundleNotificationsFromArrays =>
        "UPDATE notifications AS n SET status = 'bundled', delivery_id = t.delivery_id "
        + "FROM unnest(@Ids, @DeliveryIds) AS t(id, delivery_id) WHERE n.id = t.id AND n.status = 'pending'";

    // Data-modifying CTEs: one statement, so one round trip and atomic without a transaction. The window in
    // which a crash leaves a sent message unrecorded is then this statement alone.
    public override string? MarkDeliverySentAtOnce =>
        "WITH sent AS (UPDATE deliveries SET status = 'sent', platform_message_id = @PlatformMessageId, sent_at = @Now, "
        + "sending_since = NULL, last_error = NULL WHERE id = @Id AND status = 'sending' RETURNING id), "
        + "notes AS (UPDATE notifications SET status = 'sent' WHERE delivery_id IN (SELECT id FROM sent) AND status = 'bundled') "
        + "SELECT COUNT(*) FROM sent";

    protected override string InList(string column, string parameter) => column + " = ANY(@" + parameter + ")";

    protected override string LockSkipLockedSuffix => " FOR UPDATE SKIP LOCKED";
}
