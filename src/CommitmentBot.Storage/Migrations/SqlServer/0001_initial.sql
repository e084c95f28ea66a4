-- CommitmentBot schema, SQL Server.
--
-- Every instant is a BIGINT holding Unix epoch milliseconds, UTC. The same representation is used on
-- all three engines: it is portable, sorts and indexes as a plain number, and no driver converts it
-- through a local time zone on the way in or out.
--
-- Identifiers (workspace, user, channel, request and idempotency keys) use a binary collation so they
-- compare exactly as they do on PostgreSQL and SQLite: 'U1abc' and 'U1ABC' are different users.
-- Lengths: commitment text 500, customer 100, platform ids 128; the stores check them before writing.

CREATE TABLE dbo.workspaces (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    platform NVARCHAR(16) NOT NULL,
    escalation_channel_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    date_order NVARCHAR(8) NOT NULL,
    policy NVARCHAR(MAX) NOT NULL,
    admin_told_no_manager_at BIGINT NULL,
    admin_told_no_channel_at BIGINT NULL,
    version INT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_workspaces PRIMARY KEY (workspace_id)
);

CREATE TABLE dbo.workspace_counters (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    next_number INT NOT NULL,
    CONSTRAINT pk_workspace_counters PRIMARY KEY (workspace_id)
);

CREATE TABLE dbo.people (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    user_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    display_name NVARCHAR(256) NULL,
    time_zone NVARCHAR(64) NULL,
    platform_time_zone NVARCHAR(64) NULL,
    working_hours NVARCHAR(64) NULL,
    manager_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    is_admin BIT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_people PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX ix_people_manager ON dbo.people (workspace_id, manager_id);

CREATE TABLE dbo.commitments (
    id BIGINT IDENTITY(1, 1) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    number INT NOT NULL,
    text NVARCHAR(500) NOT NULL,
    customer NVARCHAR(100) NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    owner_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_by_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status NVARCHAR(16) NOT NULL,
    due_version INT NOT NULL,
    window_start BIGINT NOT NULL,
    policy NVARCHAR(MAX) NOT NULL,
    next_step NVARCHAR(32) NULL,
    next_action_at BIGINT NULL,
    last_step NVARCHAR(32) NULL,
    manager_notified_at BIGINT NULL,
    rep_responded_at BIGINT NULL,
    manager_acknowledged_at BIGINT NULL,
    risk_flagged_at BIGINT NULL,
    risk_raised_before_due BIT NOT NULL,
    closed_at BIGINT NULL,
    client_request_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    version INT NOT NULL,
    CONSTRAINT pk_commitments PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ux_commitments_number ON dbo.commitments (workspace_id, number);
CREATE UNIQUE INDEX ux_commitments_client_request ON dbo.commitments (workspace_id, client_request_id)
    WHERE client_request_id IS NOT NULL;
-- The clock's sweep reads due rows across workspaces; only rows with a next action are indexed.
CREATE INDEX ix_commitments_next_action ON dbo.commitments (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX ix_commitments_owner ON dbo.commitments (workspace_id, owner_id, status, due_at);
CREATE INDEX ix_commitments_closed ON dbo.commitments (workspace_id, closed_at);

CREATE TABLE dbo.commitment_events (
    id BIGINT IDENTITY(1, 1) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    commitment_id BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind NVARCHAR(32) NOT NULL,
    note NVARCHAR(2000) NULL,
    CONSTRAINT pk_commitment_events PRIMARY KEY (id),
    CONSTRAINT fk_commitment_events_commitment FOREIGN KEY (commitment_id) REFERENCES dbo.commitments (id)
);

CREATE INDEX ix_commitment_events_commitment ON dbo.commitment_events (workspace_id, commitment_id, id);

CREATE TABLE dbo.deliveries (
    id BIGINT IDENTITY(1, 1) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    recipient_kind NVARCHAR(16) NOT NULL,
    recipient_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status NVARCHAR(16) NOT NULL,
    attempts INT NOT NULL,
    not_before BIGINT NOT NULL,
    sending_since BIGINT NULL,
    sent_at BIGINT NULL,
    platform_message_id NVARCHAR(256) NULL,
    last_error NVARCHAR(2000) NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT pk_deliveries PRIMARY KEY (id),
    CONSTRAINT ck_deliveries_recipient_kind CHECK (recipient_kind IN ('user', 'channel')),
    CONSTRAINT ck_deliveries_status CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled'))
);

CREATE INDEX ix_deliveries_open ON dbo.deliveries (status, not_before) WHERE status IN ('pending', 'sending');

CREATE TABLE dbo.notifications (
    id BIGINT IDENTITY(1, 1) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    commitment_id BIGINT NOT NULL,
    due_version INT NOT NULL,
    step NVARCHAR(32) NOT NULL,
    recipient_kind NVARCHAR(16) NOT NULL,
    recipient_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    idempotency_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at BIGINT NOT NULL,
    delivery_id BIGINT NULL,
    status NVARCHAR(16) NOT NULL,
    CONSTRAINT pk_notifications PRIMARY KEY (id),
    CONSTRAINT fk_notifications_commitment FOREIGN KEY (commitment_id) REFERENCES dbo.commitments (id),
    CONSTRAINT fk_notifications_delivery FOREIGN KEY (delivery_id) REFERENCES dbo.deliveries (id),
    CONSTRAINT ck_notifications_recipient_kind CHECK (recipient_kind IN ('user', 'channel')),
    CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'bundled', 'sent', 'cancelled'))
);

CREATE UNIQUE INDEX ux_notifications_key ON dbo.notifications (workspace_id, idempotency_key);
CREATE INDEX ix_notifications_delivery ON dbo.notifications (delivery_id);
CREATE INDEX ix_notifications_pending ON dbo.notifications (created_at) WHERE status = 'pending';

CREATE TABLE dbo.inbound_requests (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    request_key NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    received_at BIGINT NOT NULL,
    CONSTRAINT pk_inbound_requests PRIMARY KEY (workspace_id, request_key)
);

CREATE INDEX ix_inbound_requests_received ON dbo.inbound_requests (received_at);

CREATE TABLE dbo.installations (
    platform NVARCHAR(16) NOT NULL,
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    enterprise_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    team_name NVARCHAR(256) NULL,
    bot_user_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    app_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    bot_token_protected NVARCHAR(MAX) NOT NULL,
    scopes NVARCHAR(2000) NULL,
    installed_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_installations PRIMARY KEY (platform, workspace_id)
);

CREATE TABLE dbo.conversation_references (
    workspace_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    ref_kind NVARCHAR(16) NOT NULL,
    ref_key NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    service_url NVARCHAR(512) NOT NULL,
    conversation_id NVARCHAR(512) COLLATE Latin1_General_100_BIN2 NOT NULL,
    tenant_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    bot_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    aad_object_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_conversation_references PRIMARY KEY (workspace_id, ref_kind, ref_key),
    CONSTRAINT ck_conversation_references_kind CHECK (ref_kind IN ('user', 'channel', 'team'))
);

CREATE TABLE dbo.oauth_states (
    state NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT pk_oauth_states PRIMARY KEY (state)
);

CREATE INDEX ix_oauth_states_expires ON dbo.oauth_states (expires_at);
