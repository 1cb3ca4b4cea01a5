package com.wdtkingdee.sync.state;

/**
 * Counters of one sync window, as stored on its {@code sync_run} row.
 *
 * @param pages         pages fetched from the source
 * @param orders        orders read
 * @param filtered      orders dropped because their invoice title was empty
 * @param customersSent customers sent to the target
 * @param saved         customers newly saved by the target
 * @param existing      customers the target already had
 * @param failed        customers the target refused
 * @param deadLettered  items parked in the dead-letter table
 */
public record WindowCounts(int pages, int orders, int filtered, int customersSent, int saved,
                           int existing, int failed, int deadLettered) {

    /** All counters zero. */
    public static final WindowCounts ZERO = new WindowCounts(0, 0, 0, 0, 0, 0, 0, 0);

    public WindowCounts {
        if (pages < 0 || orders < 0 || filtered < 0 || customersSent < 0 || saved < 0
                || existing < 0 || failed < 0 || deadLettered < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + describe(pages, orders,
                    filtered, customersSent, saved, existing, failed, deadLettered));
        }
    }

    /** Component-wise sum of this and {@code other}. */
    public WindowCounts plus(WindowCounts other) {
        return new WindowCounts(pages + other.pages, orders + other.orders, filtered + other.filtered,
                customersSent + other.customersSent, saved + other.saved, existing + other.existing,
                failed + other.failed, deadLettered + other.deadLettered);
    }

    private static String describe(int... values) {
        return java.util.Arrays.toString(values);
    }
}
