-- The ASP.NET Core Data Protection key ring, like the server engines. (With SQLite the app keeps its ring in the
-- data folder unless configured otherwise; the table keeps the schema the same everywhere.)
CREATE TABLE data_protection_keys (
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT pk_data_protection_keys PRIMARY KEY (friendly_name)
);
