-- All the letters of one parked item (an order, a customer, or every customer of a failed batch) in one statement.
-- Each named parameter but scheme is an array with one element per letter (DeadLetterParker.columns).
-- A key listed twice keeps its last letter: ON CONFLICT DO UPDATE may touch a row only once per statement.
INSERT INTO dead_letter (scheme, stage, item_key, payload, reason, attempts, first_attempt, last_attempt,
                         next_attempt)
SELECT CAST(:?scheme AS text), l.stage, l.item_key, CAST(l.payload AS jsonb), l.reason, l.attempts, now(), now(),
       l.next_attempt
FROM (SELECT DISTINCT ON (u.stage, u.item_key) u.*
      FROM unnest(CAST(:?stage AS text[]), CAST(:?itemKey AS text[]), CAST(:?payload AS text[]),
                  CAST(:?reason AS text[]), CAST(:?attempts AS int[]), CAST(:?nextAttempt AS timestamptz[]))
           WITH ORDINALITY AS u(stage, item_key, payload, reason, attempts, next_attempt, ord)
      ORDER BY u.stage, u.item_key, u.ord DESC) l
ORDER BY l.ord
ON CONFLICT (scheme, stage, item_key) WHERE resolved_at IS NULL DO UPDATE SET
    attempts = dead_letter.attempts + EXCLUDED.attempts,
    reason = EXCLUDED.reason,
    payload = EXCLUDED.payload,
    last_attempt = EXCLUDED.last_attempt,
    next_attempt = CASE WHEN EXCLUDED.next_attempt IS NULL OR dead_letter.exhausted THEN NULL
                        ELSE COALESCE(dead_letter.next_attempt, EXCLUDED.next_attempt) END
