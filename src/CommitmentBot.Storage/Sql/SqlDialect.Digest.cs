namespace CommitmentBot.Storage.Sql;

// The weekly digest's statements: the on/off switch, the claim per person and week, and the managers to serve.
internal abstract partial class SqlDialect
{
    /// <summary>Claims a person's digest for a week; affects no row when it was claimed before.</summary>
    public virtual string ClaimDigest =>
        "INSERT INTO digest_claims (workspace_id, user_id, week_key, claimed_at) VALUES (@WorkspaceId, @UserId, @WeekKey, @Now) "
        + "ON CONFLICT (workspace_id, user_id, week_key) DO NOTHING";

    /// <summary>The digest's outbox delivery, marked with its week, pending until @NotBefore; returns its id.</summary>
    public virtual string InsertDigestDelivery =>
        "INSERT INTO deliveries (workspace_id, recipient_kind, recipient_id, status, attempts, not_before, created_at, digest_week) "
        + "VALUES (@WorkspaceId, 'user', @UserId, 'pending', 0, @NotBefore, @Now, @WeekKey) RETURNING id";

    /// <summary>
    /// Claims the week's digest for each of @UserIds not claimed before and inserts each claim's delivery, in one
    /// statement, returning (user_id, id); null when the engine takes the claims one by one (<see cref="ClaimDigest"/>).
    /// </summary>
    public virtual string? ClaimDigestsFromArrays => null;

    /// <summary>Sets a person's digest switch.</summary>
    public virtual string UpsertDigestPref =>
        "INSERT INTO digest_prefs (workspace_id, user_id, enabled, updated_at) VALUES (@WorkspaceId, @UserId, @Enabled, @Now) "
        + "ON CONFLICT (workspace_id, user_id) DO UPDATE SET enabled = @Enabled, updated_at = @Now";

    /// <summary>Managers (people someone reports to) after a (workspace, user) cursor, in that order.</summary>
    public string ListDigestManagers => listDigestManagers ??=
        "SELECT " + TopPrefix("Limit") + "workspace_id, manager_id AS user_id FROM people WHERE manager_id IS NOT NULL "
        + "AND (workspace_id > @AfterWorkspace OR (workspace_id = @AfterWorkspace AND manager_id > @AfterUser)) "
        + "GROUP BY workspace_id, manager_id ORDER BY workspace_id, manager_id" + LimitSuffix("Limit");

    /// <summary>Which of @UserIds switched their digest off.</summary>
    public string FindDigestOff => findDigestOff ??=
        "SELECT user_id FROM digest_prefs WHERE workspace_id = @WorkspaceId AND enabled = 0 AND " + InList("user_id", "UserIds");

    private string? listDigestManagers;
    private string? findDigestOff;
}
