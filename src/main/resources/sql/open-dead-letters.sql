SELECT id, scheme, stage, item_key, CAST(payload AS text) AS payload, reason, attempts
FROM dead_letter
WHERE scheme = :?scheme AND resolved_at IS NULL
  AND (CAST(:?id AS bigint) IS NULL OR id = CAST(:?id AS bigint))
  AND (CAST(:?reason AS text) IS NULL OR strpos(reason, CAST(:?reason AS text)) > 0)
ORDER BY id
