namespace CommitmentBot.Storage.Sql;

/// <summary>
/// Statements written once in the subset SQLite, PostgreSQL and SQL Server all accept. Statements
/// that differ live on <see cref="SqlDialect"/>. Every public constant here is a complete statement:
/// the SQL Server parse test finds them by reflection, so a new one is checked without being listed.
/// </summary>
/// <remarks>
/// Parameters are named after the row classes' properties (Dapper binds them by name); instants are
/// epoch milliseconds. Every statement but the clean-up deletes filters on workspace_id.
/// </remarks>
internal static partial class SharedSql
{
    /// <summary>The commitment columns in <c>CommitmentRow</c> order, for SELECT lists.</summary>
    internal const string CommitmentColumns =
        "id, workspace_id, number, text, customer, due_at, created_at, owner_id, created_by_id, status, "
        + "due_version, window_start, policy, next_step, next_action_at, last_step, manager_notified_at, "
        + "rep_responded_at, manager_acknowledged_at, risk_flagged_at, risk_raised_before_due, closed_at, "
        + "client_request_id, version, snoozed_until, due_zone, first_due_at, move_count, moved_late, moves_told, told_version, surprised, source_link, rep_snoozed_until, snooze_reason";

    /// <summary>Whether an author asked not to be noticed in a channel, and it has not run out.</summary>
    public const string IsNoticeMuted =
        "SELECT COUNT(*) FROM notice_mutes WHERE workspace_id = @WorkspaceId AND channel_id = @ChannelId "
        + "AND user_id = @UserId AND muted_until > @Now";

    /// <summary>Mutes of one workspace that have run out.</summary>
    public const string DeleteExpiredNoticeMutes =
        "DELETE FROM notice_mutes WHERE workspace_id = @WorkspaceId AND muted_until <= @Now";

    /// <summary>Status names of active commitments (see <c>CommitmentStatusNames.IsActive</c>; a test keeps them in step).</summary>
    internal const string ActiveStatusList = "('open', 'at_risk', 'renegotiated')";

    /// <summary>Status names of closed commitments.</summary>
    internal const string ClosedStatusList = "('kept', 'kept_late', 'missed', 'cancelled')";

    internal const string PersonColumns =
        "workspace_id, user_id, display_name, time_zone, platform_time_zone, working_hours, manager_id, is_admin, away_from, away_until, away_cover_id";

    internal const string WorkspaceColumns =
        "workspace_id, platform, escalation_channel_id, date_order, policy, admin_told_no_manager_at, "
        + "admin_told_no_channel_at, version";

    internal const string InstallationColumns =
        "platform, workspace_id, enterprise_id, team_name, bot_user_id, app_id, bot_token_protected, scopes, "
        + "installed_at, updated_at";

    internal const string ConversationReferenceColumns =
        "workspace_id, ref_kind, ref_key, service_url, conversation_id, tenant_id, bot_id, aad_object_id, updated_at";

    public const string FindCommitmentById =
        "SELECT " + CommitmentColumns + " FROM commitments WHERE workspace_id = @WorkspaceId AND id = @Id";

    public const string FindCommitmentByNumber =
        "SELECT " + CommitmentColumns + " FROM commitments WHERE workspace_id = @WorkspaceId AND number = @Number";

    public const string FindCommitmentByClientRequestId =
        "SELECT " + CommitmentColumns
        + " FROM commitments WHERE workspace_id = @WorkspaceId AND client_request_id = @ClientRequestId";

    public const string InsertCommitmentEvent =
        "INSERT INTO commitment_events (workspace_id, commitment_id, at, actor_id, kind, note) "
        + "VALUES (@WorkspaceId, @CommitmentId, @At, @ActorId, @Kind, @Note)";

    public const string ListCommitmentHistory =
        "SELECT id, workspace_id, commitment_id, at, actor_id, kind, note FROM commitment_events "
        + "WHERE workspace_id = @WorkspaceId AND commitment_id = @CommitmentId ORDER BY id";

    public const string ListClosedCommitments =
        "SELECT " + CommitmentColumns + " FROM commitments "
        + "WHERE workspace_id = @WorkspaceId AND closed_at >= @Since AND closed_at < @Until "
        + "AND status IN " + ClosedStatusList + " ORDER BY closed_at, id";

    public const string FindDigestPref =
        "SELECT enabled FROM digest_prefs WHERE workspace_id = @WorkspaceId AND user_id = @UserId";

    public const string FindPerson =
        "SELECT " + PersonColumns + " FROM people WHERE workspace_id = @WorkspaceId AND user_id = @UserId";

    /// <summary>A person with their digest switch (on unless switched off) and whether anyone reports to them.</summary>
    public static readonly string FindDigestRecipient =
        "SELECT " + string.Join(", ", PersonColumns.Split(", ").Select(c => "p." + c))
        + ", COALESCE((SELECT d.enabled FROM digest_prefs d WHERE d.workspace_id = p.workspace_id AND d.user_id = p.user_id), 1) AS digest_enabled, "
        + "CASE WHEN EXISTS (SELECT 1 FROM people r WHERE r.workspace_id = p.workspace_id AND r.manager_id = p.user_id) THEN 1 ELSE 0 END AS has_reports "
        + "FROM people p WHERE p.workspace_id = @WorkspaceId AND p.user_id = @UserId";

    public const string ListReports =
        "SELECT " + PersonColumns + " FROM people WHERE workspace_id = @WorkspaceId AND manager_id = @ManagerId "
        + "ORDER BY user_id";

    public const string ListAdmins =
        "SELECT " + PersonColumns + " FROM people WHERE workspace_id = @WorkspaceId AND is_admin = @IsAdmin "
        + "ORDER BY user_id";

    public const string FindWorkspace =
        "SELECT " + WorkspaceColumns + " FROM workspaces WHERE workspace_id = @WorkspaceId";

    public const string UpdateWorkspace =
        "UPDATE workspaces SET platform = @Platform, escalation_channel_id = @EscalationChannelId, "
        + "date_order = @DateOrder, policy = @Policy, admin_told_no_manager_at = @AdminToldNoManagerAt, "
        + "admin_told_no_channel_at = @AdminToldNoChannelAt, version = version + 1, updated_at = @UpdatedAt "
        + "WHERE workspace_id = @WorkspaceId AND version = @Version";

    /// <summary>
    /// Erases one workspace's data (the sandbox's "start over"): notifications, history and deliveries before the
    /// promises they point at, then people, counters, request keys and the settings. Installations and
    /// conversation references stay: they belong to the platform, not to the data.
    /// </summary>
    public const string EraseWorkspace =
        "DELETE FROM notifications WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM manager_changes WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM commitment_events WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM deliveries WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM commitments WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM people WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM workspace_counters WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM inbound_requests WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM digest_claims WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM digest_prefs WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM notice_mutes WHERE workspace_id = @WorkspaceId;\n"
        + "DELETE FROM workspaces WHERE workspace_id = @WorkspaceId;";

    /// <summary>A stored request key's receipt time, or no row when the key is not stored.</summary>
    public const string FindRequestKey = "SELECT received_at FROM inbound_requests WHERE workspace_id = @WorkspaceId AND request_key = @RequestKey";

    /// <summary>Clean-up across workspaces: forgets request keys received before the cutoff.</summary>
    public const string DeleteRequestKeysBefore = "DELETE FROM inbound_requests WHERE received_at < @Cutoff";

    public const string FindInstallation =
        "SELECT " + InstallationColumns + " FROM installations WHERE platform = @Platform AND workspace_id = @WorkspaceId";

    public const string DeleteInstallation =
        "DELETE FROM installations WHERE platform = @Platform AND workspace_id = @WorkspaceId";

    public const string FindConversationReference =
        "SELECT " + ConversationReferenceColumns + " FROM conversation_references "
        + "WHERE workspace_id = @WorkspaceId AND ref_kind = @RefKind AND ref_key = @RefKey";

    public const string DeleteConversationReference =
        "DELETE FROM conversation_references WHERE workspace_id = @WorkspaceId AND ref_kind = @RefKind AND ref_key = @RefKey";

    public const string InsertOAuthState =
        "INSERT INTO oauth_states (state, created_at, expires_at) VALUES (@State, @CreatedAt, @ExpiresAt)";

    /// <summary>Consuming deletes the row, so a second use of the same state finds nothing.</summary>
    public const string ConsumeOAuthState = "DELETE FROM oauth_states WHERE state = @State AND expires_at > @Now";

    public const string DeleteExpiredOAuthStates = "DELETE FROM oauth_states WHERE expires_at <= @Now";
}
