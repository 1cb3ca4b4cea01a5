package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.state.CustomerRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt at writing a batch, as the steps of the route {@code write-batch-attempt} fill it in: which customers
 * are already written, which had an unknown outcome and are looked up, which are sent, what Kingdee answered per
 * row, which are parked and which are allocated. Carried as the exchange property {@value #PROPERTY}.
 */
public final class BatchPlan {

    public static final String PROPERTY = "batch";

    /** A row Kingdee rejected for good: parked through the dead-letter route. */
    public record Rejected(CustomerDraft draft, String reason) {
    }

    final int attempt;
    final Map<String, CustomerDraft> byNumber = new LinkedHashMap<>();
    final List<CustomerDraft> unknown = new ArrayList<>();
    final List<CustomerDraft> toSend = new ArrayList<>();
    final List<CustomerDraft> duplicates = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    final Map<String, String> found = new LinkedHashMap<>();
    final List<String> transientErrors = new ArrayList<>();
    List<CustomerRow> allocations = List.of();
    /**
     * The registry rows of the batch by number, as the last registry statement of this attempt that read them left
     * them ({@code register}, then the confirmation after BatchSave); {@link #rowsCurrent} false when a later
     * statement changed rows the allocation depends on, so that the allocation reads the registry again.
     */
    Map<String, CustomerRow> rows = Map.of();
    boolean rowsCurrent;
    /** Rows rejected in the current step and not yet marked FAILED in the registry (one statement per step). */
    final Map<String, String> failedUnrecorded = new LinkedHashMap<>();
    int alreadyWritten;
    int sent;
    int saved;
    int existing;
    int allocated;

    /** The final buckets of the batch's customers, across its attempts; null for a replay or a repair. */
    private final BatchBuckets buckets;

    BatchPlan(Collection<CustomerDraft> drafts, int attempt) {
        this(drafts, attempt, null);
    }

    BatchPlan(Collection<CustomerDraft> drafts, int attempt, BatchBuckets buckets) {
        this.attempt = attempt;
        this.buckets = buckets;
        for (CustomerDraft d : drafts) {
            byNumber.putIfAbsent(d.number(), d);
        }
    }

    /** Records a customer's outcome in this attempt; {@code null}: found written when the attempt began. */
    void settle(CustomerDraft d, Bucket bucket) {
        if (buckets == null || d == null) {
            return;
        }
        if (bucket == null) {
            buckets.foundWritten(d.number());
        } else {
            buckets.settle(d.number(), bucket);
        }
    }

    public int size() {
        return byNumber.size();
    }

    public int attempt() {
        return attempt;
    }

    /** Rows rejected by Kingdee in this attempt (read by the route's split to the dead-letter route). */
    public List<Rejected> getRejected() {
        return rejected;
    }

    public BatchOutcome outcome() {
        return new BatchOutcome(sent, saved, existing, rejected.size(), allocated, alreadyWritten);
    }
}
