package com.wdtkingdee.sync.state;

import java.time.Instant;

/**
 * A dead-letter row: an item that could not be processed, with the reason.
 *
 * @param id           id (used to resolve it)
 * @param scheme       scheme name
 * @param stage        where it failed (e.g. {@code org-rule}, {@code batch-save})
 * @param itemKey      identity of the item within its stage (e.g. the stockout number)
 * @param payload      the item as JSON text (PostgreSQL jsonb rendering), may be null
 * @param reason       last failure reason
 * @param attempts     attempts accumulated while open
 * @param firstAttempt first time it was parked
 * @param lastAttempt  last time it was parked
 * @param resolvedAt   when it was resolved (null while open)
 * @param resolution   how it was resolved (null while open)
 */
public record DeadLetter(long id, String scheme, String stage, String itemKey, String payload,
                         String reason, int attempts, Instant firstAttempt, Instant lastAttempt,
                         Instant resolvedAt, String resolution) {

    /** True while not resolved. */
    public boolean open() {
        return resolvedAt == null;
    }
}
