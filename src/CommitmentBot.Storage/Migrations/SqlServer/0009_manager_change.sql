-- Issue 9.19: a change of a rep's manager is told to the old manager, the new one and the admins. The change is kept
-- (who, from whom to whom, by whom, when) and its notices go through the outbox like every other message, so they
-- are sent once and survive a crash; such a notice is about no promise, so notifications.commitment_id may be NULL
-- and manager_change_id says which change it tells. A column in a foreign key cannot change: the key is re-made.
CREATE TABLE dbo.manager_changes (
    id BIGINT IDENTITY(1, 1) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    rep_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    old_manager_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    new_manager_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    changed_by_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    changed_at BIGINT NOT NULL,
    CONSTRAINT pk_manager_changes PRIMARY KEY (id)
);

CREATE INDEX ix_manager_changes_rep ON dbo.manager_changes (workspace_id, rep_id, changed_at);

ALTER TABLE dbo.notifications DROP CONSTRAINT fk_notifications_commitment;
ALTER TABLE dbo.notifications ALTER COLUMN commitment_id BIGINT NULL;
ALTER TABLE dbo.notifications ADD CONSTRAINT fk_notifications_commitment FOREIGN KEY (commitment_id) REFERENCES dbo.commitments (id);
ALTER TABLE dbo.notifications ADD manager_change_id BIGINT NULL;
GO

ALTER TABLE dbo.notifications ADD CONSTRAINT fk_notifications_manager_change FOREIGN KEY (manager_change_id) REFERENCES dbo.manager_changes (id);
ALTER TABLE dbo.notifications ADD CONSTRAINT ck_notifications_about CHECK ((commitment_id IS NULL AND manager_change_id IS NOT NULL) OR (commitment_id IS NOT NULL AND manager_change_id IS NULL));
