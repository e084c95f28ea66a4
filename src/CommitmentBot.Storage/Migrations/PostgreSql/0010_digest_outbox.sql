-- The weekly digest goes through the outbox: a digest's delivery is marked with its ISO week (2026-W50), and the
-- delivery path renders the digest when it sends it. NULL for ladder notifications' deliveries. The claim per person
-- and week (digest_claims) stays the idempotency key and commits in the same transaction as the delivery.
ALTER TABLE deliveries ADD COLUMN digest_week text NULL;
