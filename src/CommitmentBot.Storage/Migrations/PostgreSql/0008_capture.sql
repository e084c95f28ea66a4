-- Capture where the promise is made: the link back to the chat message a promise was tracked from (NULL when it
-- was typed as a command), and the "Not a promise" answers to noticed promises: one author in one channel stays
-- unnoticed until muted_until (epoch ms). Only ids are kept, never the message.
ALTER TABLE commitments ADD COLUMN source_link text NULL;

CREATE TABLE notice_mutes (
    workspace_id text NOT NULL,
    channel_id text NOT NULL,
    user_id text NOT NULL,
    muted_until bigint NOT NULL,
    CONSTRAINT pk_notice_mutes PRIMARY KEY (workspace_id, channel_id, user_id)
);
