-- The delivery record (SPEC "Delivery record"): what each promise needs so the figures are counted in SQL.
-- first_due_at: the due first promised (NULL on older rows: read as due_at). move_count, moved_late (0/1: some
-- move made at or after the due then in force), moves_told (moves the rep said the customer knows about),
-- told_version (the due version whose answer was last "yes"), surprised (0/1: a manager or channel step was sent),
-- customer_key (the customer in lower case, for case-insensitive grouping on an index).
ALTER TABLE commitments ADD COLUMN first_due_at INTEGER NULL;
ALTER TABLE commitments ADD COLUMN move_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN moved_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN moves_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN told_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN surprised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN customer_key TEXT NULL;
UPDATE commitments SET customer_key = lower(trim(customer)) WHERE customer IS NOT NULL AND trim(customer) <> '';
UPDATE commitments SET surprised = 1 WHERE manager_notified_at IS NOT NULL;

-- One index per view, each covering what the record reads (SQLite has no INCLUDE: the columns follow the key):
-- by rep (a person, a team), by customer, and the whole workspace (an admin), each ordered by the final due.
CREATE INDEX ix_commitments_record_owner ON commitments
    (workspace_id, owner_id, due_at, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);
CREATE INDEX ix_commitments_record_customer ON commitments
    (workspace_id, customer_key, due_at, owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer);
CREATE INDEX ix_commitments_record_due ON commitments
    (workspace_id, due_at, owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);

-- The weekly digest: a person's choice (settings digest off|on; no row = on) and one claim per person and ISO week,
-- taken before the digest is handed to delivery, so it goes out once even with several instances or a crash.
CREATE TABLE digest_prefs (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE digest_claims (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    week_key TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id, week_key)
) STRICT, WITHOUT ROWID;
