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
    /** the first order of a customer in the window, which the registry already holds as written: not sent */
    ALREADY_WRITTEN("already-written", "already-written"),
    /**
     * an earlier order of the same window (in a dry run or reconciliation: of the same run) already carried the
     * order's customer, or it is a row read again (a re-read pass, a row on two pages) whose customer is carried
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
