package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.kingdee.KingdeeFilters;
import com.wdtkingdee.sync.kingdee.KingdeeRequests;
import com.wdtkingdee.sync.kingdee.OperationResult;
import com.wdtkingdee.sync.kingdee.RowError;
import com.wdtkingdee.sync.state.CustomerCandidate;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.CustomerRow;
import com.wdtkingdee.sync.state.CustomerStatus;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The steps of the batch routes ({@code write-batch}, {@code write-batch-attempt} in
 * {@code routes/customers.camel.yaml}); the routes carry every Kingdee call. Each step takes the body the previous
 * one returned and returns the next ({@link BatchSteps}); a step whose name says {@code register}, {@code mark} or
 * {@code record} writes to the registry, the others only read. Idempotent, design section 3:
 * <ol>
 *   <li>{@link #register}: registers every customer, which fixes its FNumber before the first send;</li>
 *   <li>rows whose earlier send had an unknown outcome (status SENDING) are looked up with ExecuteBillQuery
 *       ({@link #unknownLookups}, route {@code lookup-customers}) and only the missing ones are sent again
 *       ({@link #recordUnknownOutcome});</li>
 *   <li>{@link #markSending} marks the rows SENDING and builds the BatchSave; {@link #recordSaved} reads the answer
 *       per DIndex: saved, duplicate number (looked up: {@link #duplicateLookups}, {@link #recordDuplicates}),
 *       transient (the batch is retried, saved rows stay recorded) or rejected (parked by the dead-letter
 *       route);</li>
 *   <li>{@link #allocationsDue}, {@link #recordAllocated}: Allocate of the saved and existing rows to the
 *       distribution organisation;</li>
 *   <li>{@link #finish}: rows that failed transiently make the attempt fail, so the error handler runs the whole
 *       batch again.</li>
 * </ol>
 */
public final class BatchWriter {

    public static final String FORM = "BD_Customer";
    public static final String STAGE = "batch-save";
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final CustomerRegistry registry;
    private final String distributionOrg;
    private final boolean autoSubmitAudit;
    private final KingdeeRequests requests;
    private final java.util.function.Function<CustomerDraft, Map<String, Object>> models;
    private final RowErrors rowErrors;

    public BatchWriter(CustomerRegistry registry, java.util.function.Function<CustomerDraft, Map<String, Object>> models,
                       String distributionOrg, boolean autoSubmitAudit, ObjectMapper json) {
        this.registry = registry;
        this.models = models;
        this.distributionOrg = distributionOrg;
        this.autoSubmitAudit = autoSubmitAudit;
        this.requests = new KingdeeRequests(json);
        this.rowErrors = new RowErrors();
    }

    /**
     * The batch's customers, kept by the route {@code write-batch} (property {@value}): the calls of an attempt
     * replace the message body, and a redelivery or the dead-letter channel must see the batch again.
     */
    public static final String CUSTOMERS_PROPERTY = "customers";

    /** Route step before the first attempt: counts the batch as open in its window (in memory). */
    public void opened(Exchange exchange) {
        WindowState w = window(exchange);
        if (w != null) {
            w.batchOpened();
        }
    }

    /** Route step after a successful attempt (body: {@link BatchSteps.Written}): the batch's log line; the batch is
     * resolved in its window (in memory). */
    public void close(Exchange exchange) {
        BatchSteps.Written written = exchange.getMessage().getBody(BatchSteps.Written.class);
        BatchOutcome o = written.outcome();
        int attempt = written.batch().attempt();
        LOG.info("Batch of {} customer(s){}: new={} existing={} already-written={} parked={} allocated={}"
                        + " (Kingdee calls: {})", written.batch().size(), attempt > 1 ? " (attempt " + attempt + ")" : "",
                o.saved(), o.existing(), o.skipped(), o.parked(), o.allocated(), written.done().calls());
        WindowState w = window(exchange);
        if (w != null) {
            w.batchResolved();
        }
    }

    /**
     * Route step, writes the registry: registers the customers of the body (property {@value #CUSTOMERS_PROPERTY}),
     * which fixes their FNumber, and sorts them: already written, of an earlier unknown outcome, to send.
     */
    public BatchSteps.Registered register(List<CustomerDraft> customers, Exchange exchange) {
        int attempt = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.setProperty(DeadLetterParker.ATTEMPTS_PROPERTY, attempt);
        BatchSteps.Batch batch = BatchSteps.Batch.of(customers, attempt, BatchBuckets.of(exchange));
        List<CustomerCandidate> candidates = batch.byNumber().values().stream()
                .map(d -> new CustomerCandidate(d.useOrg(), d.key().titleKey(), d.number(), d.name(), d.taxCode(),
                        d.stockoutNo(), d.stockoutId()))
                .toList();
        Map<String, CustomerRow> rows = registry.register(candidates);
        Map<String, CustomerRow> byNumber = new LinkedHashMap<>();
        rows.values().forEach(r -> byNumber.put(r.number(), r));
        // the registration's answer serves the allocation unless a key's row holds another number than its draft
        boolean current = batch.byNumber().values().stream().allMatch(d -> {
            CustomerRow r = rows.get(d.key().id());
            return r != null && r.number().equals(d.number());
        });
        List<CustomerDraft> unknown = new ArrayList<>();
        List<CustomerDraft> toSend = new ArrayList<>();
        int alreadyWritten = 0;
        for (CustomerDraft d : batch.byNumber().values()) {
            CustomerRow row = rows.get(d.key().id());
            CustomerStatus st = row == null ? CustomerStatus.NEW : row.status();
            switch (st) {
                case SENDING -> unknown.add(d);
                case SAVED, EXISTING -> {
                    // written before this attempt (allocated now if it is not yet): already written, unless an
                    // earlier attempt of this batch wrote it
                    batch.settle(d, null);
                    if (row.allocatedAt() != null) {
                        alreadyWritten++;
                    }
                }
                default -> toSend.add(d);
            }
        }
        return new BatchSteps.Registered(batch, new BatchSteps.Rows(byNumber, current), List.copyOf(unknown),
                List.copyOf(toSend), BatchSteps.Done.NONE.plus(alreadyWritten, 0, 0, 0, 0, 0, 0));
    }

    /** The ExecuteBillQuery requests (one per use organisation) for the rows of an earlier unknown outcome. */
    public List<ObjectNode> unknownLookups(BatchSteps.Registered registered) {
        return lookups(registered.unknown());
    }

    /**
     * Route step at the end of {@code lookup-customers}: the split's answers (one list of rows per request) read
     * into FCUSTID by FNumber.
     */
    public BatchSteps.Found found(List<?> answers) {
        Map<String, String> found = new LinkedHashMap<>();
        int calls = 0;
        for (Object answer : answers) {
            if (!(answer instanceof List<?> rows)) {
                continue;   // no request was sent: the body is the (empty) list of requests
            }
            calls++;
            for (Object r : rows) {
                if (r instanceof List<?> row && row.size() >= 2) {
                    found.put(((JsonNode) row.get(1)).asText(), ((JsonNode) row.get(0)).asText());
                }
            }
        }
        return new BatchSteps.Found(found, calls);
    }

    /**
     * Route step after the unknown-outcome lookups, writes the registry: the present rows are recorded EXISTING,
     * the absent ones are sent again.
     */
    public BatchSteps.ToSend recordUnknownOutcome(BatchSteps.Registered registered, BatchSteps.Found found) {
        BatchSteps.Done done = registered.done().plus(0, 0, 0, 0, 0, 0, found.calls());
        if (registered.unknown().isEmpty()) {
            return new BatchSteps.ToSend(registered.batch(), registered.rows(), registered.toSend(), done);
        }
        Existing e = recordExisting(registered.batch(), registered.unknown(), found);
        LOG.info("Looked up {} customer(s) of an earlier unknown outcome: {} present, {} to send again",
                registered.unknown().size(), registered.unknown().size() - e.absent().size(), e.absent().size());
        return new BatchSteps.ToSend(registered.batch(), e.rows(registered.rows()),
                BatchSteps.concat(registered.toSend(), e.absent()), done.plus(0, 0, 0, e.count(), 0, 0, 0));
    }

    /**
     * Route step, writes the registry: marks the rows to send SENDING (an answer that never comes leaves them so)
     * and builds the BatchSave.
     */
    public BatchSteps.SaveRequest markSending(BatchSteps.ToSend toSend, Exchange exchange) {
        List<CustomerDraft> drafts = toSend.drafts();
        registry.markSending(drafts.stream().map(CustomerDraft::number).toList());
        tally(exchange).add(drafts.size(), 0, 0, 0);
        BatchSteps.ToSend sending = new BatchSteps.ToSend(toSend.batch(), toSend.rows(), drafts,
                toSend.done().plus(0, drafts.size(), 0, 0, 0, 0, 0));
        return new BatchSteps.SaveRequest(sending,
                requests.batchSave(FORM, drafts.stream().map(models).toList(), autoSubmitAudit));
    }

    /** Route step when nothing is to be sent: the same rows, no answer. */
    public BatchSteps.SaveResult notSent(BatchSteps.ToSend toSend) {
        return new BatchSteps.SaveResult(toSend.batch(), toSend.rows(), List.of(), List.of(), List.of(), toSend.done());
    }

    /**
     * Route step after BatchSave, writes the registry: per DIndex saved (recorded SAVED, the batch's rows read back
     * in the same statement), duplicate (looked up next), transient (the attempt fails at its end) or rejected
     * (recorded FAILED, parked by the route).
     */
    public BatchSteps.SaveResult recordSaved(BatchSteps.SaveRequest request, OperationResult result) {
        BatchSteps.ToSend sent = request.toSend();
        BatchSteps.Batch batch = sent.batch();
        Map<String, String> savedIds = new LinkedHashMap<>();
        Map<Integer, List<RowError>> errors = result.errorsByIndex();
        List<CustomerDraft> duplicates = new ArrayList<>();
        List<String> transientErrors = new ArrayList<>();
        List<BatchSteps.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < sent.drafts().size(); i++) {
            CustomerDraft d = sent.drafts().get(i);
            var ok = result.savedAt(i);
            if (ok.isPresent()) {
                savedIds.put(d.number(), ok.get().id());
                continue;
            }
            List<RowError> errs = errors.getOrDefault(i, List.of());
            RowErrors.Kind kind = rowErrors.classify(result, errs);
            switch (kind) {
                case MISSING -> transientErrors.add(d.number() + ": no result for DIndex " + i);
                case DUPLICATE -> duplicates.add(d);
                case TRANSIENT -> transientErrors.add(d.number() + ": " + RowErrors.messages(errs));
                case PERMANENT -> rejected.add(reject(batch, d,
                        "Kingdee rejected customer " + d.number() + ": " + RowErrors.messages(errs)));
            }
        }
        recordRejected(rejected);
        savedIds.keySet().forEach(n -> batch.settle(batch.byNumber().get(n), Bucket.NEW));
        // one statement: the saved rows recorded, the batch's rows read back for the allocation
        BatchSteps.Rows rows = new BatchSteps.Rows(
                registry.confirmAllAndRead(savedIds, CustomerStatus.SAVED, batch.byNumber().keySet()), true);
        return new BatchSteps.SaveResult(batch, rows, List.copyOf(duplicates), List.copyOf(rejected),
                List.copyOf(transientErrors), sent.done().plus(0, 0, savedIds.size(), 0, rejected.size(), 0, 1));
    }

    /** ExecuteBillQuery requests for the rows Kingdee answered "number already used". */
    public List<ObjectNode> duplicateLookups(BatchSteps.SaveResult result) {
        return lookups(result.duplicates());
    }

    /**
     * Route step after the duplicate lookups, writes the registry: present rows are recorded EXISTING, absent ones
     * FAILED (rejected: parked by the route).
     */
    public BatchSteps.SaveResult recordDuplicates(BatchSteps.SaveResult result, BatchSteps.Found found) {
        BatchSteps.Done done = result.done().plus(0, 0, 0, 0, 0, 0, found.calls());
        if (result.duplicates().isEmpty()) {
            return new BatchSteps.SaveResult(result.batch(), result.rows(), result.duplicates(), result.rejected(),
                    result.transientErrors(), done);
        }
        Existing e = recordExisting(result.batch(), result.duplicates(), found);
        List<BatchSteps.Rejected> rejected = new ArrayList<>();
        for (CustomerDraft d : e.absent()) {
            rejected.add(reject(result.batch(), d, "Kingdee reports number " + d.number() + " as used, but no customer"
                    + " with it exists in organisation " + d.useOrg()));
        }
        recordRejected(rejected);
        return new BatchSteps.SaveResult(result.batch(), e.rows(result.rows()), result.duplicates(),
                BatchSteps.concat(result.rejected(), rejected), result.transientErrors(),
                done.plus(0, 0, 0, e.count(), rejected.size(), 0, 0));
    }

    /** Route step per rejected row, before the dead-letter route: body = the customer, reason as a property. */
    public CustomerDraft rejectedLetter(BatchSteps.Rejected r, Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, STAGE);
        exchange.setProperty(DeadLetterParker.REASON_PROPERTY, r.reason());
        return r.draft();
    }

    /**
     * Route step: the saved and existing rows not yet allocated (read again from the registry when a statement
     * after the last read changed them), and their Allocate request.
     */
    public BatchSteps.AllocateRequest allocationsDue(BatchSteps.SaveResult result) {
        BatchSteps.Rows rows = result.rows();
        Map<String, CustomerRow> byNumber = rows.current() ? rows.byNumber()
                : registry.byNumbers(new ArrayList<>(result.batch().byNumber().keySet()));
        List<CustomerRow> due = byNumber.values().stream()
                .filter(r -> (r.status() == CustomerStatus.SAVED || r.status() == CustomerStatus.EXISTING)
                        && r.allocatedAt() == null && r.fcustid() != null)
                .toList();
        ObjectNode request = due.isEmpty() ? null : requests.allocate(FORM, due.stream().map(CustomerRow::fcustid).toList(),
                List.of(distributionOrg), autoSubmitAudit);
        return new BatchSteps.AllocateRequest(result, due, request);
    }

    /** Route step when nothing is to be allocated. */
    public BatchSteps.Written notAllocated(BatchSteps.AllocateRequest request) {
        BatchSteps.SaveResult r = request.saved();
        return new BatchSteps.Written(r.batch(), r.transientErrors(), r.done());
    }

    /** Route step after Allocate, writes the registry: records the allocated rows; a failed allocation fails the attempt. */
    public BatchSteps.Written recordAllocated(BatchSteps.AllocateRequest request, OperationResult r) {
        List<CustomerRow> pending = request.rows();
        BatchSteps.SaveResult saved = request.saved();
        if (!r.success() && r.saved().isEmpty()) {
            String reason = "Allocate of " + pending.size() + " customer(s) to organisation " + distributionOrg
                    + " failed: MsgCode " + r.msgCode() + " " + RowErrors.messages(r.errors());
            if (rowErrors.classify(r, r.errors()) == RowErrors.Kind.PERMANENT) {
                throw new PermanentFailure(reason);
            }
            throw new KingdeeRetry(reason);
        }
        List<String> done = new ArrayList<>();
        Map<Integer, List<RowError>> errors = r.errorsByIndex();
        for (int i = 0; i < pending.size(); i++) {
            if (!errors.containsKey(i)) {
                done.add(pending.get(i).number());
            }
        }
        registry.markAllocated(done);
        if (done.size() < pending.size()) {
            throw new KingdeeRetry("Allocate failed for " + (pending.size() - done.size()) + " customer(s): "
                    + RowErrors.messages(r.errors()));
        }
        return new BatchSteps.Written(saved.batch(), saved.transientErrors(),
                saved.done().plus(0, 0, 0, 0, 0, done.size(), 1));
    }

    /** Last step of an attempt: rows that failed transiently fail it, so the whole batch runs again. */
    public BatchSteps.Written finish(BatchSteps.Written written) {
        List<String> errors = written.transientErrors();
        if (!errors.isEmpty()) {
            throw new KingdeeRetry(errors.size() + " customer(s) failed transiently, retrying the batch: "
                    + String.join("; ", errors.subList(0, Math.min(5, errors.size())))
                    + (errors.size() > 5 ? "; …" : ""));
        }
        return written;
    }

    private static BatchSteps.Rejected reject(BatchSteps.Batch batch, CustomerDraft d, String reason) {
        batch.settle(d, Bucket.PARKED);
        return new BatchSteps.Rejected(d, reason);
    }

    /** Marks the rows rejected in this step FAILED, in one statement, before they are parked. */
    private void recordRejected(List<BatchSteps.Rejected> rejected) {
        Map<String, String> reasons = new LinkedHashMap<>();
        rejected.forEach(r -> reasons.put(r.draft().number(), r.reason()));
        registry.markAllFailed(reasons);
    }

    /** The drafts a lookup found (recorded EXISTING) and those it did not. */
    private record Existing(int count, List<CustomerDraft> absent) {
        /** The allocation reads the registry again when rows were recorded existing. */
        BatchSteps.Rows rows(BatchSteps.Rows before) {
            return count == 0 ? before : new BatchSteps.Rows(before.byNumber(), false);
        }
    }

    /** Records the present drafts as existing (the lookup's answers) and returns the absent ones. */
    private Existing recordExisting(BatchSteps.Batch batch, List<CustomerDraft> drafts, BatchSteps.Found found) {
        List<CustomerDraft> absent = new ArrayList<>();
        Map<String, String> existing = new LinkedHashMap<>();
        for (CustomerDraft d : drafts) {
            String id = found.idByNumber().get(d.number());
            if (id == null) {
                absent.add(d);
            } else {
                existing.put(d.number(), id);
                batch.settle(d, Bucket.EXISTING);
            }
        }
        registry.confirmAll(existing, CustomerStatus.EXISTING);
        return new Existing(existing.size(), List.copyOf(absent));
    }

    /** One ExecuteBillQuery per use organisation: FCUSTID and FNumber of the given numbers. */
    private List<ObjectNode> lookups(List<CustomerDraft> drafts) {
        Map<String, List<String>> byOrg = drafts.stream().collect(
                Collectors.groupingBy(CustomerDraft::useOrg, LinkedHashMap::new,
                        Collectors.mapping(CustomerDraft::number, Collectors.toList())));
        List<ObjectNode> out = new ArrayList<>();
        byOrg.forEach((org, numbers) -> out.add(requests.executeBillQuery(FORM,
                List.of("FCUSTID", "FNumber", "FUseOrgId.FNumber"), KingdeeFilters.numbersInOrg(numbers, org), 0,
                Math.max(numbers.size(), 1))));
        return out;
    }

    private static WindowState window(Exchange exchange) {
        return exchange.getProperty(WindowState.PROPERTY, WindowState.class);
    }

    private static Tally tally(Exchange exchange) {
        WindowState w = window(exchange);
        return w == null ? Tally.NONE : w;
    }

    /** Receives the counts as they happen, so a pass that fails half-way (and is retried) still counts what it did. */
    public interface Tally {
        Tally NONE = (sent, saved, existing, parked) -> { };

        void add(int sent, int saved, int existing, int parked);
    }

    /** A transient Kingdee failure: the error handler redelivers the whole batch (which is idempotent). */
    public static final class KingdeeRetry extends RuntimeException {
        public KingdeeRetry(String message) {
            super(message);
        }

        public KingdeeRetry(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
