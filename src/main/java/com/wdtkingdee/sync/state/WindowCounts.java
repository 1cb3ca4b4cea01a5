package com.wdtkingdee.sync.state;

/**
 * Counters of one sync window, as stored on its {@code sync_run} row. Every order read lands in exactly one bucket,
 * so {@code orders == filtered + deadLettered + saved + existing + alreadyWritten + repeated} ({@link #bucketsAddUp}).
 *
 * @param pages          pages fetched from the source
 * @param orders         orders read (a row read again, by a re-read pass or on two pages, counts again)
 * @param filtered       bucket: orders dropped because their invoice title was empty
 * @param customersSent  customers sent to BatchSave (re-sends included; in a dry run, the customers it would write):
 *                       not a bucket
 * @param saved          bucket "new": orders whose customer Kingdee created (in a dry run or reconciliation: would
 *                       write)
 * @param existing       bucket: orders whose customer Kingdee already had, found by lookup
 * @param failed         dead letters written (orders or customers; not a bucket)
 * @param deadLettered   bucket "parked": orders parked, or whose customer was parked (dry run: would park)
 * @param alreadyWritten bucket: orders whose customer the registry held as written (first order of it in the window; in
 *                       a dry run or reconciliation: a customer an earlier window of the run carried)
 * @param repeated       bucket: orders whose customer an earlier order of the same window carried
 */
public record WindowCounts(int pages, int orders, int filtered, int customersSent, int saved,
                           int existing, int failed, int deadLettered, int alreadyWritten, int repeated) {

    /** All counters zero. */
    public static final WindowCounts ZERO = new WindowCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public WindowCounts {
        if (pages < 0 || orders < 0 || filtered < 0 || customersSent < 0 || saved < 0
                || existing < 0 || failed < 0 || deadLettered < 0 || alreadyWritten < 0 || repeated < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + describe(pages, orders,
                    filtered, customersSent, saved, existing, failed, deadLettered, alreadyWritten, repeated));
        }
    }

    /** Counts without the already-written and repeated buckets (both 0). */
    public WindowCounts(int pages, int orders, int filtered, int customersSent, int saved, int existing, int failed,
                        int deadLettered) {
        this(pages, orders, filtered, customersSent, saved, existing, failed, deadLettered, 0, 0);
    }

    /** The orders in some bucket: filtered + parked + new + existing + already written + repeated. */
    public int bucketed() {
        return filtered + deadLettered + saved + existing + alreadyWritten + repeated;
    }

    /** True when every order read is in a bucket: {@code orders == bucketed()}. */
    public boolean bucketsAddUp() {
        return orders == bucketed();
    }

    /** Component-wise sum of this and {@code other}. */
    public WindowCounts plus(WindowCounts other) {
        return new WindowCounts(pages + other.pages, orders + other.orders, filtered + other.filtered,
                customersSent + other.customersSent, saved + other.saved, existing + other.existing,
                failed + other.failed, deadLettered + other.deadLettered, alreadyWritten + other.alreadyWritten,
                repeated + other.repeated);
    }

    private static String describe(int... values) {
        return java.util.Arrays.toString(values);
    }
}
