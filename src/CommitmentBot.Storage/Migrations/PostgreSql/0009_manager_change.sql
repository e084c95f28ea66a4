-- Issue 9.19: a change of a rep's manager is told to the old manager, the new one and the admins. The change is kept
-- (who, from whom to whom, by whom, when) and its notices go through the outbox like every other message, so they
-- are sent once and survive a crash; such a notice is about no promise, so notifications.commitment_id may be NULL
-- and manager_change_id says which change it tells.
CREATE TABLE manager_changes (
    id bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text NOT NULL,
    rep_id text NOT NULL,
    old_manager_id text NULL,
    new_manager_id text NULL,
    changed_by_id text NOT NULL,
    changed_at bigint NOT NULL,
    CONSTRAINT pk_manager_changes PRIMARY KEY (id)
);

CREATE INDEX ix_manager_changes_rep ON manager_changes (workspace_id, rep_id, changed_at);

ALTER TABLE notifications ALTER COLUMN commitment_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN manager_change_id bigint NULL;
ALTER TABLE notifications ADD CONSTRAINT fk_notifications_manager_change FOREIGN KEY (manager_change_id) REFERENCES manager_changes (id);
ALTER TABLE notifications ADD CONSTRAINT ck_notifications_about CHECK ((commitment_id IS NULL) <> (manager_change_id IS NULL));
