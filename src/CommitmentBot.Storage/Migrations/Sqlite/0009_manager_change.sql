-- Issue 9.19: a change of a rep's manager is told to the old manager, the new one and the admins. The change is kept
-- (who, from whom to whom, by whom, when) and its notices go through the outbox like every other message, so they
-- are sent once and survive a crash; such a notice is about no promise, so notifications.commitment_id may be NULL
-- and manager_change_id says which change it tells. SQLite cannot drop NOT NULL in place: the table is rebuilt.
CREATE TABLE manager_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    rep_id TEXT NOT NULL,
    old_manager_id TEXT NULL,
    new_manager_id TEXT NULL,
    changed_by_id TEXT NOT NULL,
    changed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_manager_changes_rep ON manager_changes (workspace_id, rep_id, changed_at);

DROP INDEX ux_notifications_key;
DROP INDEX ix_notifications_delivery;
DROP INDEX ix_notifications_pending;
ALTER TABLE notifications RENAME TO notifications_before_0009;

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    commitment_id INTEGER NULL REFERENCES commitments (id),
    due_version INTEGER NOT NULL,
    step TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('user', 'channel')),
    recipient_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivery_id INTEGER REFERENCES deliveries (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'bundled', 'sent', 'cancelled')),
    deliver_at INTEGER NOT NULL DEFAULT 0,
    manager_change_id INTEGER NULL REFERENCES manager_changes (id),
    CHECK ((commitment_id IS NULL) <> (manager_change_id IS NULL))
) STRICT;

INSERT INTO notifications (id, workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id,
    idempotency_key, created_at, delivery_id, status, deliver_at)
SELECT id, workspace_id, commitment_id, due_version, step, recipient_kind, recipient_id,
    idempotency_key, created_at, delivery_id, status, deliver_at
FROM notifications_before_0009;

DROP TABLE notifications_before_0009;

CREATE UNIQUE INDEX ux_notifications_key ON notifications (workspace_id, idempotency_key);
CREATE INDEX ix_notifications_delivery ON notifications (delivery_id);
CREATE INDEX ix_notifications_pending ON notifications (deliver_at) WHERE status = 'pending';
