-- The clock: a manager's snooze, and when each notification may be delivered (inside the recipient's
-- working hours). Pending notifications are found by that instant.
ALTER TABLE commitments ADD COLUMN snoozed_until bigint NULL;
ALTER TABLE notifications ADD COLUMN deliver_at bigint NOT NULL DEFAULT 0;
DROP INDEX ix_notifications_pending;
CREATE INDEX ix_notifications_pending ON notifications (deliver_at) WHERE status = 'pending';
