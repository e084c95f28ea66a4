namespace CommitmentBot.Storage.Sql;

/// <summary>The clock's statements that every engine spells the same way.</summary>
/// <remarks>
/// The sweep and the delivery queries run across workspaces (the clock serves them all); each reads
/// through a partial index, so their cost grows with what is due, not with what is stored.
/// </remarks>
internal static partial class SharedSql
{
    internal const string DeliveryColumns =
        "id, workspace_id, recipient_kind, recipient_id, status, attempts, not_before, sending_since, sent_at, "
        + "platform_message_id, last_error, created_at, digest_week";

    public const string FindDelivery = "SELECT " + DeliveryColumns + " FROM deliveries WHERE id = @Id";

    /// <summary>Claims a delivery; the attempt count read with it doubles as a version, so two workers never both win.</summary>
    public const string ClaimDelivery =
        "UPDATE deliveries SET status = 'sending', sending_since = @Now, attempts = attempts + 1 "
        + "WHERE id = @Id AND status = @Status AND attempts = @Attempts";

    /// <summary>A delivery's notifications, each with the change of manager it tells when it is about one.</summary>
    public const string ListDeliveryNotifications =
        "SELECT n.id, n.commitment_id, n.due_version, n.step, n.created_at, n.deliver_at, n.manager_change_id, "
        + "m.workspace_id AS change_workspace_id, m.rep_id, m.old_manager_id, m.new_manager_id, m.changed_by_id, m.changed_at "
        + "FROM notifications n LEFT JOIN manager_changes m ON m.id = n.manager_change_id "
        + "WHERE n.workspace_id = @WorkspaceId AND n.delivery_id = @DeliveryId AND n.status = 'bundled' ORDER BY n.id";

    /// <summary>Sets a rep's manager only while it is still the one the change was decided on (NULL = none).</summary>
    public const string ChangeManagerIfUnchanged =
        "UPDATE people SET manager_id = @NewManagerId, updated_at = @Now "
        + "WHERE workspace_id = @WorkspaceId AND user_id = @RepId AND COALESCE(manager_id, '') = COALESCE(@OldManagerId, '')";

    /// <summary>One notice of a change of manager: about no promise, so no commitment, and unique by the change.</summary>
    public const string InsertManagerChangeNotification =
        "INSERT INTO notifications (workspace_id, commitment_id, manager_change_id, due_version, step, recipient_kind, recipient_id, "
        + "idempotency_key, created_at, delivery_id, status, deliver_at) "
        + "VALUES (@WorkspaceId, NULL, @ManagerChangeId, 0, @Step, 'user', @RecipientId, @IdempotencyKey, @CreatedAt, NULL, 'pending', @DeliverAt)";

    public const string MarkDeliverySent =
        "UPDATE deliveries SET status = 'sent', platform_message_id = @PlatformMessageId, sent_at = @Now, "
        + "sending_since = NULL, last_error = NULL WHERE id = @Id AND status = 'sending'";

    public const string MarkDeliveryNotificationsSent =
        "UPDATE notifications SET status = 'sent' WHERE delivery_id = @Id AND status = 'bundled'";

    public const string CancelDeliveryIfEmpty =
        "UPDATE deliveries SET status = 'cancelled', sending_since = NULL WHERE id = @Id AND status IN ('pending', 'sending') "
        + "AND NOT EXISTS (SELECT 1 FROM notifications WHERE delivery_id = @Id AND status = 'bundled')";

    public const string ReleaseDelivery =
        "UPDATE deliveries SET status = @Status, not_before = @NotBefore, sending_since = NULL, last_error = @Error "
        + "WHERE id = @Id AND status = 'sending'";

    /// <summary>The earliest scheduled instant: a ladder step, a notification waiting for working hours, a retry.</summary>
    /// <remarks>The deliveries term states the partial index's condition so SQLite uses it (see <c>SqlDialect.DueDeliveries</c>).</remarks>
    public const string NextEventAt =
        "SELECT MIN(t) FROM ("
        + "SELECT MIN(next_action_at) AS t FROM commitments WHERE next_action_at IS NOT NULL "
        + "UNION ALL SELECT MIN(deliver_at) AS t FROM notifications WHERE status = 'pending' "
        + "UNION ALL SELECT MIN(not_before) AS t FROM deliveries WHERE status IN ('pending', 'sending') AND status = 'pending'"
        + ") AS scheduled";
}
