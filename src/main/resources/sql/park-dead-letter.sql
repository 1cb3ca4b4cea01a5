INSERT INTO dead_letter (scheme, stage, item_key, payload, reason, attempts, first_attempt, last_attempt)
VALUES (:?scheme, :?stage, :?itemKey, CAST(:?payload AS jsonb), :?reason, :?attempts, now(), now())
ON CONFLICT (scheme, stage, item_key) WHERE resolved_at IS NULL DO UPDATE SET
    attempts = dead_letter.attempts + EXCLUDED.attempts,
    reason = EXCLUDED.reason,
    payload = EXCLUDED.payload,
    last_attempt = EXCLUDED.last_attempt
