WITH done AS (
    UPDATE sync_run SET status = 'DONE', finished_at = now(), error = NULL,
        pages = :?pages, orders = :?orders, filtered = :?filtered, customers_sent = :?customersSent,
        saved = :?saved, existing = :?existing, failed = :?failed, dead_lettered = :?deadLettered,
        already_written = :?alreadyWritten, repeated = :?repeated
    WHERE id = :?runId AND kind = 'window' AND scheme = :?scheme AND status = 'RUNNING'
      AND window_end >= :?checkpoint
    RETURNING scheme, window_end
)
INSERT INTO sync_checkpoint (scheme, checkpoint, updated_at)
SELECT scheme, window_end, now() FROM done
ON CONFLICT (scheme) DO UPDATE SET
    checkpoint = GREATEST(sync_checkpoint.checkpoint, EXCLUDED.checkpoint),
    updated_at = now()
