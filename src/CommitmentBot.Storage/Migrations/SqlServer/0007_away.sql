-- Away, cover and snooze (SPEC "Away, delegates and snoozes"). Time away is data on the person, read with them in
-- the sweep's bulk reads (like working hours): no per-promise query. Instants are Unix milliseconds, as everywhere.
ALTER TABLE dbo.people ADD away_from BIGINT NULL, away_until BIGINT NULL, away_cover_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL;
-- A rep's snooze of a nudge, and the reason given with the last snooze (the rep's or the manager's).
ALTER TABLE dbo.commitments ADD rep_snoozed_until BIGINT NULL, snooze_reason NVARCHAR(200) NULL;
