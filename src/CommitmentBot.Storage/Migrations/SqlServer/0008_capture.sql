-- Capture where the promise is made: the link back to the chat message a promise was tracked from (NULL when it
-- was typed as a command), and the "Not a promise" answers to noticed promises: one author in one channel stays
-- unnoticed until muted_until (epoch ms). Only ids are kept, never the message.
ALTER TABLE dbo.commitments ADD source_link NVARCHAR(1000) NULL;

CREATE TABLE dbo.notice_mutes (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    channel_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    user_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    muted_until BIGINT NOT NULL,
    CONSTRAINT pk_notice_mutes PRIMARY KEY (workspace_id, channel_id, user_id)
);
