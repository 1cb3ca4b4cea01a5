UPDATE sync_run SET status = 'DONE', finished_at = now(), error = NULL,
    pages = :?pages, orders = :?orders, filtered = :?filtered, customers_sent = :?customersSent,
    saved = :?saved, existing = :?existing, failed = :?failed, dead_lettered = :?deadLettered,
    already_written = :?alreadyWritten, repeated = :?repeated
WHERE id = :?runId AND kind = 'window' AND scheme = :?scheme AND status = 'RUNNING'
