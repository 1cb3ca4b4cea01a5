package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import org.apache.camel.Exchange;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final bucket of each customer of one batch, and so of the one order of the window that carried it (each
 * customer is batched once per window, by its first order). Carried as the exchange property {@value #PROPERTY} of
 * the batch's exchange from the aggregator's completion to the end of its routing; every attempt of the batch and
 * its dead-letter channel record into it, and the window counts it once, when the batch's exchange is done
 * ({@link WindowState#batchSettled}). A later attempt's answer replaces an earlier one, except that a customer
 * found written by an attempt keeps the outcome the earlier attempt that wrote it recorded.
 */
public final class BatchBuckets {

    public static final String PROPERTY = "batchBuckets";

    private final java.util.Set<String> numbers = new java.util.LinkedHashSet<>();
    private final Map<String, Bucket> outcome = new HashMap<>();

    public BatchBuckets(List<CustomerDraft> batch) {
        for (CustomerDraft d : batch) {
            numbers.add(d.number());
        }
    }

    /** The buckets of the exchange's batch; null outside a batch of a window. */
    public static BatchBuckets of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, BatchBuckets.class);
    }

    /** The customer's outcome in this attempt: new, existing or parked (replaces an earlier attempt's). */
    public synchronized void settle(String number, Bucket bucket) {
        outcome.put(number, bucket);
    }

    /** The customer was found written (saved or existing) when the attempt began: already written, unless an
     * earlier attempt of this batch wrote it. */
    public synchronized void foundWritten(String number) {
        outcome.putIfAbsent(number, Bucket.ALREADY_WRITTEN);
    }

    public synchronized int size() {
        return numbers.size();
    }

    /** Orders per bucket; customers without an outcome (a batch that failed its window) are in no bucket. */
    public synchronized Map<Bucket, Integer> tally() {
        Map<Bucket, Integer> t = new EnumMap<>(Bucket.class);
        for (String n : numbers) {
            Bucket b = outcome.get(n);
            if (b != null) {
                t.merge(b, 1, Integer::sum);
            }
        }
        return t;
    }

    /** Customers of the batch without an outcome yet. */
    public synchronized int unsettled() {
        return (int) numbers.stream().filter(n -> !outcome.containsKey(n)).count();
    }
}
