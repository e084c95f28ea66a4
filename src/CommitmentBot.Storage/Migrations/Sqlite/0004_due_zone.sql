-- The zone a promise's due was given in ("Friday 3pm CET": the customer's zone), so every later message
-- shows the due in it too. An IANA id or a fixed offset such as UTC+05:30; NULL when the due named none.
ALTER TABLE commitments ADD COLUMN due_zone TEXT NULL;
