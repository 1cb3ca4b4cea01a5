package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.state.CustomerRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the route {@code write-batch-attempt}, one immutable record per step: each step of
 * {@link BatchWriter} takes the previous record and returns the next one.
 * <pre>
 *   customers ─register→ {@link Registered} ─(lookups)→ {@link Found} ─recordUnknownOutcome→ {@link ToSend}
 *     ─markSending→ {@link SaveRequest} ─(BatchSave)→ OperationResult ─recordSaved→ {@link SaveResult}
 *     ─(lookups)→ {@link Found} ─recordDuplicates→ {@link SaveResult}            (nothing to send: notSent)
 *     ─allocationsDue→ {@link AllocateRequest} ─(Allocate)→ OperationResult ─recordAllocated→ {@link Written}
 *     ─finish→ {@link Written}                                             (nothing to allocate: notAllocated)
 * </pre>
 */
public final class BatchSteps {

    private BatchSteps() {
    }

    /**
     * The batch of an attempt: its customers by number, the attempt number, and the batch's buckets (shared by the
     * attempts of one batch and counted by its window once; null for a replay or a reconciliation).
     */
    public record Batch(int attempt, Map<String, CustomerDraft> byNumber, BatchBuckets buckets) {

        static Batch of(Collection<CustomerDraft> drafts, int attempt, BatchBuckets buckets) {
            Map<String, CustomerDraft> byNumber = new LinkedHashMap<>();
            for (CustomerDraft d : drafts) {
                byNumber.putIfAbsent(d.number(), d);
            }
            return new Batch(attempt, java.util.Collections.unmodifiableMap(byNumber), buckets);
        }

        public int size() {
            return byNumber.size();
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
    }

    /** What the attempt did so far: customers already written, sent, saved, found existing, parked, allocated. */
    public record Done(int alreadyWritten, int sent, int saved, int existing, int parked, int allocated, int calls) {

        static final Done NONE = new Done(0, 0, 0, 0, 0, 0, 0);

        Done plus(int alreadyWritten, int sent, int saved, int existing, int parked, int allocated, int calls) {
            return new Done(this.alreadyWritten + alreadyWritten, this.sent + sent, this.saved + saved,
                    this.existing + existing, this.parked + parked, this.allocated + allocated, this.calls + calls);
        }
    }

    /**
     * The registry rows of the batch by number as the last statement that read them left them; {@code current}
     * false when a later statement changed rows the allocation depends on (it then reads the registry again).
     */
    public record Rows(Map<String, CustomerRow> byNumber, boolean current) {
    }

    /** After {@code register}: customers of an earlier unknown outcome (looked up first) and those to send. */
    public record Registered(Batch batch, Rows rows, List<CustomerDraft> unknown, List<CustomerDraft> toSend,
                             Done done) {
    }

    /** The answer of {@code direct:lookup-customers}: FCUSTID by FNumber of the customers Kingdee holds. */
    public record Found(Map<String, String> idByNumber, int calls) {
    }

    /** The customers to send to BatchSave (possibly none). */
    public record ToSend(Batch batch, Rows rows, List<CustomerDraft> drafts, Done done) {
    }

    /** The BatchSave request of {@link #toSend()}, whose rows are marked SENDING. */
    public record SaveRequest(ToSend toSend, ObjectNode request) {
    }

    /** A row Kingdee rejected for good: parked through the dead-letter route. */
    public record Rejected(CustomerDraft draft, String reason) {
    }

    /**
     * After BatchSave: duplicates (numbers Kingdee reports as used: looked up next), rows rejected for good (parked
     * by the route), rows that failed transiently (the attempt fails at its end, the batch is retried).
     */
    public record SaveResult(Batch batch, Rows rows, List<CustomerDraft> duplicates, List<Rejected> rejected,
                             List<String> transientErrors, Done done) {
    }

    /** The saved and existing rows not yet allocated, and the Allocate request for them (null when there are none). */
    public record AllocateRequest(SaveResult saved, List<CustomerRow> rows, ObjectNode request) {
    }

    /** The end of an attempt: what it wrote. */
    public record Written(Batch batch, List<String> transientErrors, Done done) {

        public BatchOutcome outcome() {
            return new BatchOutcome(done.sent(), done.saved(), done.existing(), done.parked(), done.allocated(),
                    done.alreadyWritten());
        }
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
