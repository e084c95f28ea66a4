-- The delivery record (SPEC "Delivery record"): what each promise needs so the figures are counted in SQL.
-- first_due_at: the due first promised (NULL on older rows: read as due_at). move_count, moved_late (0/1: some
-- move made at or after the due then in force), moves_told (moves the rep said the customer knows about),
-- told_version (the due version whose answer was last "yes"), surprised (0/1: a manager or channel step was sent),
-- customer_key (the customer in lower case, for case-insensitive grouping on an index).
ALTER TABLE commitments ADD COLUMN first_due_at bigint NULL;
ALTER TABLE commitments ADD COLUMN move_count integer NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN moved_late integer NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN moves_told integer NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN told_version integer NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN surprised integer NOT NULL DEFAULT 0;
ALTER TABLE commitments ADD COLUMN customer_key text NULL;
UPDATE commitments SET customer_key = lower(btrim(customer)) WHERE customer IS NOT NULL AND btrim(customer) <> '';
UPDATE commitments SET surprised = 1 WHERE manager_notified_at IS NOT NULL;

-- One index per view, each covering what the record reads: by rep (a person, a team), by customer, and the
-- whole workspace (an admin), each ordered by the final due the periods select on.
CREATE INDEX ix_commitments_record_owner ON commitments (workspace_id, owner_id, due_at)
    INCLUDE (status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);
CREATE INDEX ix_commitments_record_customer ON commitments (workspace_id, customer_key, due_at)
    INCLUDE (owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer);
CREATE INDEX ix_commitments_record_due ON commitments (workspace_id, due_at)
    INCLUDE (owner_id, status, closed_at, first_due_at, move_count, moved_late, moves_told, surprised, customer_key, customer);

-- The weekly digest: a person's choice (settings digest off|on; no row = on) and one claim per person and ISO week,
-- taken before the digest is handed to delivery, so it goes out once even with several instances or a crash.
CREATE TABLE digest_prefs (
    workspace_id text NOT NULL,
    user_id text NOT NULL,
    enabled integer NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_digest_prefs PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE digest_claims (
    workspace_id text NOT NULL,
    user_id text NOT NULL,
    week_key text NOT NULL,
    claimed_at bigint NOT NULL,
    CONSTRAINT pk_digest_claims PRIMARY KEY (workspace_id, user_id, week_key)
);
