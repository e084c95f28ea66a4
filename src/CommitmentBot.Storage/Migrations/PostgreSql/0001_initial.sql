-- CommitmentBot schema, PostgreSQL.
--
-- Every instant is a bigint holding Unix epoch milliseconds, UTC. The same representation is used on
-- all three engines: it is portable, sorts and indexes as a plain number, and no driver converts it
-- through a session or client time zone on the way in or out.

CREATE TABLE workspaces (
    workspace_id text NOT NULL,
    platform text NOT NULL,
    escalation_channel_id text NULL,
    date_order text NOT NULL,
    policy text NOT NULL,
    admin_told_no_manager_at bigint NULL,
    admin_told_no_channel_at bigint NULL,
    version integer NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_workspaces PRIMARY KEY (workspace_id)
);

CREATE TABLE workspace_counters (
    workspace_id text NOT NULL,
    next_number integer NOT NULL,
    CONSTRAINT pk_workspace_counters PRIMARY KEY (workspace_id)
);

CREATE TABLE people (
    workspace_id text NOT NULL,
    user_id text NOT NULL,
    display_name text NULL,
    time_zone text NULL,
    platform_time_zone text NULL,
    working_hours text NULL,
    manager_id text NULL,
    is_admin boolean NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_people PRIMARY KEY (workspace_id, user_id)
);

CREATE INDEX ix_people_manager ON people (workspace_id, manager_id);

CREATE TABLE commitments (
    id bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text NOT NULL,
    number integer NOT NULL,
    text text NOT NULL,
    customer text NULL,
    due_at bigint NOT NULL,
    created_at bigint NOT NULL,
    owner_id text NOT NULL,
    created_by_id text NOT NULL,
    status text NOT NULL,
    due_version integer NOT NULL,
    window_start bigint NOT NULL,
    policy text NOT NULL,
    next_step text NULL,
    next_action_at bigint NULL,
    last_step text NULL,
    manager_notified_at bigint NULL,
    rep_responded_at bigint NULL,
    manager_acknowledged_at bigint NULL,
    risk_flagged_at bigint NULL,
    risk_raised_before_due boolean NOT NULL,
    closed_at bigint NULL,
    client_request_id text NULL,
    version integer NOT NULL,
    CONSTRAINT pk_commitments PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ux_commitments_number ON commitments (workspace_id, number);
CREATE UNIQUE INDEX ux_commitments_client_request ON commitments (workspace_id, client_request_id)
    WHERE client_request_id IS NOT NULL;
-- The clock's sweep reads due rows across workspaces; only rows with a next action are indexed.
CREATE INDEX ix_commitments_next_action ON commitments (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX ix_commitments_owner ON commitments (workspace_id, owner_id, status, due_at);
CREATE INDEX ix_commitments_closed ON commitments (workspace_id, closed_at);

CREATE TABLE commitment_events (
    id bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text NOT NULL,
    commitment_id bigint NOT NULL,
    at bigint NOT NULL,
    actor_id text NOT NULL,
    kind text NOT NULL,
    note text NULL,
    CONSTRAINT pk_commitment_events PRIMARY KEY (id),
    CONSTRAINT fk_commitment_events_commitment FOREIGN KEY (commitment_id) REFERENCES commitments (id)
);

CREATE INDEX ix_commitment_events_commitment ON commitment_events (workspace_id, commitment_id, id);

CREATE TABLE deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text NOT NULL,
    recipient_kind text NOT NULL,
    recipient_id text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    not_before bigint NOT NULL,
    sending_since bigint NULL,
    sent_at bigint NULL,
    platform_message_id text NULL,
    last_error text NULL,
    created_at bigint NOT NULL,
    CONSTRAINT pk_deliveries PRIMARY KEY (id),
    CONSTRAINT ck_deliveries_recipient_kind CHECK (recipient_kind IN ('user', 'channel')),
    CONSTRAINT ck_deliveries_status CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled'))
);

CREATE INDEX ix_deliveries_open ON deliveries (status, not_before) WHERE status IN ('pending', 'sending');

CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text NOT NULL,
    commitment_id bigint NOT NULL,
    due_version integer NOT NULL,
    step text NOT NULL,
    recipient_kind text NOT NULL,
    recipient_id text NOT NULL,
    idempotency_key text NOT NULL,
    created_at bigint NOT NULL,
    delivery_id bigint NULL,
    status text NOT NULL,
    CONSTRAINT pk_notifications PRIMARY KEY (id),
    CONSTRAINT fk_notifications_commitment FOREIGN KEY (commitment_id) REFERENCES commitments (id),
    CONSTRAINT fk_notifications_delivery FOREIGN KEY (delivery_id) REFERENCES deliveries (id),
    CONSTRAINT ck_notifications_recipient_kind CHECK (recipient_kind IN ('user', 'channel')),
    CONSTRAINT ck_notifications_status CHECK (status IN ('pending', 'bundled', 'sent', 'cancelled'))
);

CREATE UNIQUE INDEX ux_notifications_key ON notifications (workspace_id, idempotency_key);
CREATE INDEX ix_notifications_delivery ON notifications (delivery_id);
CREATE INDEX ix_notifications_pending ON notifications (created_at) WHERE status = 'pending';

CREATE TABLE inbound_requests (
    workspace_id text NOT NULL,
    request_key text NOT NULL,
    received_at bigint NOT NULL,
    CONSTRAINT pk_inbound_requests PRIMARY KEY (workspace_id, request_key)
);

CREATE INDEX ix_inbound_requests_received ON inbound_requests (received_at);

CREATE TABLE installations (
    platform text NOT NULL,
    workspace_id text NOT NULL,
    enterprise_id text NULL,
    team_name text NULL,
    bot_user_id text NULL,
    app_id text NULL,
    bot_token_protected text NOT NULL,
    scopes text NULL,
    installed_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_installations PRIMARY KEY (platform, workspace_id)
);

CREATE TABLE conversation_references (
    workspace_id text NOT NULL,
    ref_kind text NOT NULL,
    ref_key text NOT NULL,
    service_url text NOT NULL,
    conversation_id text NOT NULL,
    tenant_id text NULL,
    bot_id text NULL,
    aad_object_id text NULL,
    updated_at bigint NOT NULL,
    CONSTRAINT pk_conversation_references PRIMARY KEY (workspace_id, ref_kind, ref_key),
    CONSTRAINT ck_conversation_references_kind CHECK (ref_kind IN ('user', 'channel', 'team'))
);

CREATE TABLE oauth_states (
    state text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT pk_oauth_states PRIMARY KEY (state)
);

CREATE INDEX ix_oauth_states_expires ON oauth_states (expires_at);
