-- Retry ladder of parked transient items (sync.dead-letter.retry): when the next automatic replay is due, which
-- step of the ladder the letter is on, and whether it went through all steps and now waits for a person.
ALTER TABLE dead_letter ADD COLUMN next_attempt timestamptz NULL;
ALTER TABLE dead_letter ADD COLUMN ladder_step int NOT NULL DEFAULT 0;
ALTER TABLE dead_letter ADD COLUMN exhausted boolean NOT NULL DEFAULT false;
CREATE INDEX dead_letter_due_idx ON dead_letter (scheme, next_attempt)
    WHERE resolved_at IS NULL AND next_attempt IS NOT NULL;
