package com.wdtkingdee.sync.state;

import java.time.Instant;

/**
 * A {@code sync_run} row: one cycle, or one window of a cycle. A cycle's counts are the sums of
 * its windows' counts once the cycle is finished.
 *
 * @param id          row id
 * @param scheme      scheme name
 * @param kind        {@link RunLog#KIND_CYCLE} or {@link RunLog#KIND_WINDOW}
 * @param parentId    the cycle of a window; null for a cycle
 * @param mode        how the cycle was started (e.g. {@code service}, {@code once}); a window has its cycle's
 * @param windowStart start of a window (null for a cycle)
 * @param windowEnd   end of a window (null for a cycle)
 * @param startedAt   when it started
 * @param finishedAt  when it finished (null while running)
 * @param status      {@code RUNNING}, {@code DONE} or {@code FAILED}
 * @param error       why it failed (null otherwise)
 * @see WindowCounts the counters and their buckets
 */
public record RunRow(long id, String scheme, String kind, Long parentId, String mode, Instant windowStart,
                     Instant windowEnd, Instant startedAt, Instant finishedAt, String status, int pages,
                     int orders, int filtered, int customersSent, int saved, int existing, int failed,
                     int deadLettered, int alreadyWritten, int repeated, String error) {

    /** A row without the already-written and repeated buckets (both 0). */
    public RunRow(long id, String scheme, String kind, Long parentId, String mode, Instant windowStart,
                  Instant windowEnd, Instant startedAt, Instant finishedAt, String status, int pages,
                  int orders, int filtered, int customersSent, int saved, int existing, int failed,
                  int deadLettered, String error) {
        this(id, scheme, kind, parentId, mode, windowStart, windowEnd, startedAt, finishedAt, status, pages, orders,
                filtered, customersSent, saved, existing, failed, deadLettered, 0, 0, error);
    }

    /** The counters of this row. */
    public WindowCounts counts() {
        return new WindowCounts(pages, orders, filtered, customersSent, saved, existing, failed, deadLettered,
                alreadyWritten, repeated);
    }
}
