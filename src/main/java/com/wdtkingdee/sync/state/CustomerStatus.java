package com.wdtkingdee.sync.state;

/**
 * Life cycle of a customer registry row.
 * <ul>
 *   <li>{@link #NEW}: registered with its number, never sent;</li>
 *   <li>{@link #SENDING}: a write to the target is (or was) in flight; its outcome is unknown
 *       until recorded, so a row left in this state must be queried before it is re-sent;</li>
 *   <li>{@link #SAVED}: the target saved it (FCUSTID known);</li>
 *   <li>{@link #EXISTING}: the target already had it (confirmed by a query);</li>
 *   <li>{@link #FAILED}: the target refused it; {@code reason} says why; it may be sent again.</li>
 * </ul>
 */
public enum CustomerStatus {
    NEW, SENDING, SAVED, EXISTING, FAILED;

    /** True for the states that record the target's final answer (SAVED, EXISTING). */
    public boolean confirmed() {
        return this == SAVED || this == EXISTING;
    }
}
