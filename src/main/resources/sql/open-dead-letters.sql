SELECT id, scheme, stage, item_key, CAST(payload AS text) AS payload, reason, attempts, ladder_step,
       next_attempt IS NOT NULL AS on_ladder
FROM dead_letter
WHERE scheme = :?scheme AND resolved_at IS NULL
  AND (CAST(:?id AS bigint) IS NULL OR id = CAST(:?id AS bigint))
  AND (CAST(:?reason AS text) IS NULL OR strpos(reason, CAST(:?reason AS text)) > 0)
  AND (CAST(:?dueBy AS timestamptz) IS NULL
       OR (next_attempt IS NOT NULL AND NOT exhausted AND next_attempt <= CAST(:?dueBy AS timestamptz)))
ORDER BY id
