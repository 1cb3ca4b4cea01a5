package com.wdtkingdee.sync.flow;

/**
 * Where an order read ends up: every order read lands in exactly one bucket, so that
 * {@code read = filtered + parked + new + existing + already written + repeated} in every window (README, "The words").
 * A customer that goes to a batch is carried by exactly one order, the first of the window that names it; that order
 * takes the customer's final outcome (new, existing, already written, or parked when its row is rejected).
 */
public enum Bucket {
    /** the invoice title is empty: no customer */
    FILTERED("filtered", "filtered"),
    /** the order, or the customer it carried, was parked in the dead-letter table */
    PARKED("parked", "would-park"),
    /** the order carried a customer that Kingdee created */
    NEW("new", "would-write"),
    /** the order carried a customer that Kingdee already had, found by lookup */
    EXISTING("existing", "existing"),
    /**
     * the first order of a customer in the window, which the registry already holds as written (by an earlier run or
     * an earlier window): not sent. A dry run or reconciliation looks nothing up: there it is a customer an earlier
     * window of the same run carried (the real run would find it written by that window)
     */
    ALREADY_WRITTEN("already-written", "already-written"),
    /**
     * an earlier order of the same window already carried the order's customer (to a batch, or to already written);
     * a row read again in the window (a re-read pass, a row on two pages) whose customer is carried lands here too
     */
    REPEATED("repeated", "repeated");

    private final String word;
    private final String dryRunWord;

    Bucket(String word, String dryRunWord) {
        this.word = word;
        this.dryRunWord = dryRunWord;
    }

    /** The word of logs and summaries ({@code already-written}); in the modes that only read, {@code would-…}. */
    public String word(boolean writes) {
        return writes ? word : dryRunWord;
    }
}
