-- Away, cover and snooze (SPEC "Away, delegates and snoozes"). Time away is data on the person, read with them in
-- the sweep's bulk reads (like working hours): no per-promise query. Instants are Unix milliseconds, as everywhere.
ALTER TABLE people ADD COLUMN away_from bigint NULL;
ALTER TABLE people ADD COLUMN away_until bigint NULL;
ALTER TABLE people ADD COLUMN away_cover_id text NULL;
-- A rep's snooze of a nudge, and the reason given with the last snooze (the rep's or the manager's).
ALTER TABLE commitments ADD COLUMN rep_snoozed_until bigint NULL;
ALTER TABLE commitments ADD COLUMN snooze_reason text NULL;
