-- CommitmentBot schema, SQLite (the embedded default).
--
-- Every instant is an INTEGER holding Unix epoch milliseconds, UTC. The same representation is used on
-- all three engines: it is portable, sorts and indexes as a plain number, and no driver converts it
-- through a local time zone on the way in or out.
--
-- Tables are STRICT so a value of the wrong type is refused here just as PostgreSQL and SQL Server
-- refuse it. Booleans are INTEGER 0/1. Identity columns use AUTOINCREMENT so an id is never reused
-- after a delete (background jobs refer to rows by id).

CREATE TABLE workspaces (
    workspace_id TEXT NOT NULL PRIMARY KEY,
    platform TEXT NOT NULL,
    escalation_channel_id TEXT,
    date_order TEXT NOT NULL,
    policy TEXT NOT NULL,
    admin_told_no_manager_at INTEGER,
    admin_told_no_channel_at INTEGER,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE workspace_counters (
    workspace_id TEXT NOT NULL PRIMARY KEY,
    next_number INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE people (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    display_name TEXT,
    time_zone TEXT,
    platform_time_zone TEXT,
    working_hours TEXT,
    manager_id TEXT,
    is_admin INTEGER NOT NULL CHECK (is_admin IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_people_manager ON people (workspace_id, manager_id);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    customer TEXT,
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    owner_id TEXT NOT NULL,
    created_by_id TEXT NOT NULL,
    status TEXT NOT NULL,
    due_version INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    policy TEXT NOT NULL,
    next_step TEXT,
    next_action_at INTEGER,
    last_step TEXT,
    manager_notified_at INTEGER,
    rep_responded_at INTEGER,
    manager_acknowledged_at INTEGER,
    risk_flagged_at INTEGER,
    risk_raised_before_due INTEGER NOT NULL CHECK (risk_raised_before_due IN (0, 1)),
    closed_at INTEGER,
    client_request_id TEXT,
    version INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX ux_commitments_number ON commitments (workspace_id, number);
CREATE UNIQUE INDEX ux_commitments_client_request ON commitments (workspace_id, client_request_id)
    WHERE client_request_id IS NOT NULL;
-- The clock's sweep reads due rows across workspaces; only rows with a next action are indexed.
CREATE INDEX ix_commitments_next_action ON commitments (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX ix_commitments_owner ON commitments (workspace_id, owner_id, status, due_at);
CREATE INDEX ix_commitments_closed ON commitments (workspace_id, closed_at);

CREATE TABLE commitment_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    at INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT
) STRICT;

CREATE INDEX ix_commitment_events_commitment ON commitment_events (workspace_id, commitment_id, id);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('user', 'channel')),
    recipient_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL,
    not_before INTEGER NOT NULL,
    sending_since INTEGER,
    sent_at INTEGER,
    platform_message_id TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_deliveries_open ON deliveries (status, not_before) WHERE status IN ('pending', 'sending');

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id TEXT NOT NULL,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    due_version INTEGER NOT NULL,
    step TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('user', 'channel')),
    recipient_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    delivery_id INTEGER REFERENCES deliveries (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'bundled', 'sent', 'cancelled'))
) STRICT;

CREATE UNIQUE INDEX ux_notifications_key ON notifications (workspace_id, idempotency_key);
CREATE INDEX ix_notifications_delivery ON notifications (delivery_id);
CREATE INDEX ix_notifications_pending ON notifications (created_at) WHERE status = 'pending';

CREATE TABLE inbound_requests (
    workspace_id TEXT NOT NULL,
    request_key TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, request_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_inbound_requests_received ON inbound_requests (received_at);

CREATE TABLE installations (
    platform TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    enterprise_id TEXT,
    team_name TEXT,
    bot_user_id TEXT,
    app_id TEXT,
    bot_token_protected TEXT NOT NULL,
    scopes TEXT,
    installed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE conversation_references (
    workspace_id TEXT NOT NULL,
    ref_kind TEXT NOT NULL CHECK (ref_kind IN ('user', 'channel', 'team')),
    ref_key TEXT NOT NULL,
    service_url TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    tenant_id TEXT,
    bot_id TEXT,
    aad_object_id TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, ref_kind, ref_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE oauth_states (
    state TEXT NOT NULL PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_oauth_states_expires ON oauth_states (expires_at);
