-- Every order read lands in exactly one bucket (README, "The words"), so that a window's counts add up:
--   orders = filtered + dead_lettered + saved + existing + already_written + repeated
-- The bucket columns count ORDERS: filtered, dead_lettered (parked; would park in a dry run), saved (new: the
-- order that carried a customer created in Kingdee; would write in a dry run or reconciliation), existing,
-- already_written, repeated. customers_sent (rows sent to BatchSave, re-sends included) and failed (dead letters
-- written) are not buckets. Rows written before this migration keep 0 in the new columns (and counted customers);
-- order_buckets tells them apart (false for the rows already there, true for every row written from now on), so the
-- console does not show an upgraded database's history as orders in no bucket.
ALTER TABLE sync_run ADD COLUMN already_written int NOT NULL DEFAULT 0;
ALTER TABLE sync_run ADD COLUMN repeated int NOT NULL DEFAULT 0;
ALTER TABLE sync_run ADD COLUMN order_buckets boolean NOT NULL DEFAULT false;
ALTER TABLE sync_run ALTER COLUMN order_buckets SET DEFAULT true;
COMMENT ON COLUMN sync_run.already_written IS
    'orders whose customer the registry already held as written, the first order of that customer in the window (dry run,'
    ' reconciliation: a customer an earlier window of the run carried)';
COMMENT ON COLUMN sync_run.repeated IS
    'orders whose customer an earlier order of the same window already carried (batched or found written)';
