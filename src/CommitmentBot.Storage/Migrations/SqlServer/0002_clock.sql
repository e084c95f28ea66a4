-- The clock: a manager's snooze, and when each notification may be delivered (inside the recipient's
-- working hours). Pending notifications are found by that instant.
ALTER TABLE dbo.commitments ADD snoozed_until BIGINT NULL;
ALTER TABLE dbo.notifications ADD deliver_at BIGINT NOT NULL CONSTRAINT df_notifications_deliver_at DEFAULT 0;
DROP INDEX ix_notifications_pending ON dbo.notifications;
CREATE INDEX ix_notifications_pending ON dbo.notifications (deliver_at) WHERE status = 'pending';
