-- The ASP.NET Core Data Protection key ring (Slack bot tokens are encrypted with it), kept in the database so
-- every replica shares it without a shared volume. One row per key: the XML element the key manager writes,
-- under the name it gives it. The ring belongs to the deployment, not to a workspace.
CREATE TABLE data_protection_keys (
    friendly_name text NOT NULL,
    xml text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT pk_data_protection_keys PRIMARY KEY (friendly_name)
);
