-- The delivery record (SPEC "Delivery record"): what each promise needs so the figures are counted in SQL.
-- first_due_at: the due first promised (NULL on older rows: read as due_at). move_count, moved_late (0/1: some
-- move made at or after the due then in force), moves_told (moves the rep said the customer knows about),
-- told_version (the due version whose answer was last "yes"), surprised (0/1: a manager or channel step was sent),
-- customer_key (the customer in lower case, for case-insensitive grouping on an index).
ALTER TABLE dbo.commitments ADD
    first_due_at BIGINT NULL,
    move_count INT NOT NULL CONSTRAINT df_commitments_move_count DEFAULT 0,
    moved_late INT NOT NULL CONSTRAINT df_commitments_moved_late DEFAULT 0,
    moves_told INT NOT NULL CONSTRAINT df_commitments_moves_told DEFAULT 0,
    told_version INT NOT NULL CONSTRAINT df_commitments_told_version DEFAULT 0,
    surprised INT NOT NULL CONSTRAINT df_commitments_surprised DEFAULT 0,
    customer_key NVARCHAR(100) NULL;
GO

UPDATE dbo.commitments SET customer_key = LOWER(LTRIM(RTRIM(customer))) WHERE customer IS NOT NULL AND LTRIM(RTRIM(customer)) <> N'';
UPDATE dbo.commitments SET surprised = 1 WHERE manager_notified_at IS NOT NULL;

-- One index per view, each covering what the record reads: by rep (a person, a team), by customer, and the
-- whole workspace (an admin), each ordered by the final due the periods select on.
CREATE INDEX ix_commitments_record_owner ON dbo.commitments (workspace_id, owner_id, due_at)
    INCLUDE (status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);
CREATE INDEX ix_commitments_record_customer ON dbo.commitments (workspace_id, customer_key, due_at)
    INCLUDE (owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer);
CREATE INDEX ix_commitments_record_due ON dbo.commitments (workspace_id, due_at)
    INCLUDE (owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);

-- The weekly digest: a person's choice (settings digest off|on; no row = on) and one claim per person and ISO week,
-- taken before the digest is handed to delivery, so it goes out once even with several instances or a crash.
CREATE TABLE dbo.digest_prefs (
    workspace_id NVARCHAR(128) NOT NULL,
    user_id NVARCHAR(128) NOT NULL,
    enabled INT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_digest_prefs PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE dbo.digest_claims (
    workspace_id NVARCHAR(128) NOT NULL,
    user_id NVARCHAR(128) NOT NULL,
    week_key NVARCHAR(16) NOT NULL,
    claimed_at BIGINT NOT NULL,
    CONSTRAINT pk_digest_claims PRIMARY KEY (workspace_id, user_id, week_key)
);
