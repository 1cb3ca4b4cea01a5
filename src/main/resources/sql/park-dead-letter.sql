INSERT INTO dead_letter (scheme, stage, item_key, payload, reason, attempts, first_attempt, last_attempt,
                         next_attempt)
VALUES (:?scheme, :?stage, :?itemKey, CAST(:?payload AS jsonb), :?reason, :?attempts, now(), now(),
        CAST(:?nextAttempt AS timestamptz))
ON CONFLICT (scheme, stage, item_key) WHERE resolved_at IS NULL DO UPDATE SET
    attempts = dead_letter.attempts + EXCLUDED.attempts,
    reason = EXCLUDED.reason,
    payload = EXCLUDED.payload,
    last_attempt = EXCLUDED.last_attempt,
    next_attempt = CASE WHEN EXCLUDED.next_attempt IS NULL OR dead_letter.exhausted THEN NULL
                        ELSE COALESCE(dead_letter.next_attempt, EXCLUDED.next_attempt) END
