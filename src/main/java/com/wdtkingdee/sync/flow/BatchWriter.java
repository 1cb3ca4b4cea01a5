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
 * The decisions of the batch routes ({@code write-batch}, {@code write-batch-attempt} in
 * {@code routes/customers.camel.yaml}); the routes carry every Kingdee call. Idempotent, design section 3:
 * <ol>
 *   <li>{@link #plan}: registers every customer, which fixes its FNumber before the first send;</li>
 *   <li>rows whose earlier send had an unknown outcome (status SENDING) are looked up with ExecuteBillQuery
 *       ({@link #unknownLookups}, {@link #unknownFound}) and only the missing ones are sent again;</li>
 *   <li>{@link #saveRequest} marks the rows SENDING and builds the BatchSave; {@link #saved} reads the answer per
 *       DIndex: saved, duplicate number (looked up: {@link #duplicateLookups}, {@link #duplicatesFound}),
 *       transient (the batch is retried, saved rows stay recorded) or rejected (parked by the dead-letter
 *       route);</li>
 *   <li>{@link #allocations}, {@link #allocateRequest}, {@link #allocated}: Allocate of the saved and existing
 *       rows to the distribution organisation;</li>
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

    /** Route step before the first attempt: counts the batch as open in its window. */
    @SuppressWarnings("unchecked")
    public void open(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, STAGE);
        exchange.setProperty(CUSTOMERS_PROPERTY, exchange.getMessage().getBody(List.class));
        WindowState w = window(exchange);
        if (w != null) {
            w.batchOpened();
        }
    }

    /** Route step after a successful attempt: the batch's log line; the batch is resolved in its window. */
    public void close(Exchange exchange) {
        BatchPlan p = current(exchange);
        BatchOutcome o = p.outcome();
        LOG.info("Batch of {} customer(s){}: new={} existing={} already-written={} parked={} allocated={}"
                        + " (Kingdee calls: {})", p.size(), p.attempt > 1 ? " (attempt " + p.attempt + ")" : "",
                o.saved(), o.existing(), o.skipped(), o.parked(), o.allocated(),
                exchange.getProperty(CALLS_PROPERTY, 0, Integer.class));
        WindowState w = window(exchange);
        if (w != null) {
            w.batchResolved();
        }
    }

    static final String CALLS_PROPERTY = "kingdeeCalls";
    /**
     * The batch's customers, kept from {@link #open}: the calls of an attempt replace the message body, and a
     * redelivery or the dead-letter channel must see the batch again.
     */
    public static final String CUSTOMERS_PROPERTY = "customers";

    /** Route step: registers the customers of the body and sorts them (property {@value BatchPlan#PROPERTY}). */
    @SuppressWarnings("unchecked")
    public void plan(Exchange exchange) {
        List<CustomerDraft> batch = exchange.getProperty(CUSTOMERS_PROPERTY, List.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(List.class);   // replay and reconcile call the attempt directly
            exchange.setProperty(CUSTOMERS_PROPERTY, batch);
        }
        int attempt = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.setProperty(DeadLetterParker.ATTEMPTS_PROPERTY, attempt);
        BatchPlan p = new BatchPlan(batch, attempt, BatchBuckets.of(exchange));
        exchange.setProperty(BatchPlan.PROPERTY, p);
        List<CustomerCandidate> candidates = p.byNumber.values().stream()
                .map(d -> new CustomerCandidate(d.useOrg(), d.key().titleKey(), d.number(), d.name(), d.taxCode(),
                        d.stockoutNo(), d.stockoutId()))
                .toList();
        Map<String, CustomerRow> rows = registry.register(candidates);
        Map<String, CustomerRow> byNumber = new LinkedHashMap<>();
        rows.values().forEach(r -> byNumber.put(r.number(), r));
        p.rows = byNumber;
        // the registration's answer serves the allocation unless a key's row holds another number than its draft
        p.rowsCurrent = p.byNumber.values().stream().allMatch(d -> {
            CustomerRow r = rows.get(d.key().id());
            return r != null && r.number().equals(d.number());
        });
        for (CustomerDraft d : p.byNumber.values()) {
            CustomerRow row = rows.get(d.key().id());
            CustomerStatus st = row == null ? CustomerStatus.NEW : row.status();
            switch (st) {
                case SENDING -> p.unknown.add(d);
                case SAVED, EXISTING -> {
                    // written before this attempt (allocated now if it is not yet): already written, unless an
                    // earlier attempt of this batch wrote it
                    p.settle(d, null);
                    if (row.allocatedAt() != null) {
                        p.alreadyWritten++;
                    }
                }
                default -> p.toSend.add(d);
            }
        }
    }

    /** The ExecuteBillQuery requests (one per use organisation) for the rows of an earlier unknown outcome. */
    public List<ObjectNode> unknownLookups(Exchange exchange) {
        return lookups(current(exchange).unknown);
    }

    /** Route step per lookup answer: present rows are recorded as existing, absent ones are sent again. */
    @SuppressWarnings("unchecked")
    public void unknownFound(Exchange exchange) {
        BatchPlan p = current(exchange);
        collect(p, exchange.getMessage().getBody(List.class));
        calls(exchange);
    }

    /** Route step after the unknown-outcome lookups: records the present rows, queues the absent ones for sending. */
    public void unknownSettled(Exchange exchange) {
        BatchPlan p = current(exchange);
        if (p.unknown.isEmpty()) {
            return;
        }
        List<CustomerDraft> absent = recordExisting(p, p.unknown, tally(exchange));
        p.toSend.addAll(absent);
        LOG.info("Looked up {} customer(s) of an earlier unknown outcome: {} present, {} to send again",
                p.unknown.size(), p.unknown.size() - absent.size(), absent.size());
    }

    public boolean hasToSend(Exchange exchange) {
        return !current(exchange).toSend.isEmpty();
    }

    /** Route step: marks the rows SENDING (an answer that never comes leaves them so) and builds the BatchSave. */
    public ObjectNode saveRequest(Exchange exchange) {
        BatchPlan p = current(exchange);
        registry.markSending(p.toSend.stream().map(CustomerDraft::number).toList());
        p.sent += p.toSend.size();
        tally(exchange).add(p.toSend.size(), 0, 0, 0);
        return requests.batchSave(FORM, p.toSend.stream().map(models).toList(), autoSubmitAudit);
    }

    /** Route step after BatchSave: per DIndex saved, duplicate, transient or rejected. */
    public void saved(Exchange exchange) {
        BatchPlan p = current(exchange);
        calls(exchange);
        OperationResult result = exchange.getMessage().getBody(OperationResult.class);
        Map<String, String> savedIds = new LinkedHashMap<>();
        Map<Integer, List<RowError>> errors = result.errorsByIndex();
        for (int i = 0; i < p.toSend.size(); i++) {
            CustomerDraft d = p.toSend.get(i);
            var ok = result.savedAt(i);
            if (ok.isPresent()) {
                savedIds.put(d.number(), ok.get().id());
                continue;
            }
            List<RowError> errs = errors.getOrDefault(i, List.of());
            RowErrors.Kind kind = rowErrors.classify(result, errs);
            switch (kind) {
                case MISSING -> p.transientErrors.add(d.number() + ": no result for DIndex " + i);
                case DUPLICATE -> p.duplicates.add(d);
                case TRANSIENT -> p.transientErrors.add(d.number() + ": " + RowErrors.messages(errs));
                case PERMANENT -> reject(p, d, "Kingdee rejected customer " + d.number() + ": " + RowErrors.messages(errs));
            }
        }
        recordRejected(p);
        savedIds.keySet().forEach(n -> p.settle(p.byNumber.get(n), Bucket.NEW));
        // one statement: the saved rows recorded, the batch's rows read back for the allocation
        p.rows = registry.confirmAllAndRead(savedIds, CustomerStatus.SAVED, p.byNumber.keySet());
        p.rowsCurrent = true;
        p.saved += savedIds.size();
        tally(exchange).add(0, savedIds.size(), 0, 0);
    }

    /** ExecuteBillQuery requests for the rows Kingdee answered "number already used". */
    public List<ObjectNode> duplicateLookups(Exchange exchange) {
        return lookups(current(exchange).duplicates);
    }

    /** Route step per duplicate lookup answer. */
    @SuppressWarnings("unchecked")
    public void duplicatesFound(Exchange exchange) {
        collect(current(exchange), exchange.getMessage().getBody(List.class));
        calls(exchange);
    }

    /** Route step after the duplicate lookups: present rows are existing, absent ones are rejected. */
    public void duplicatesSettled(Exchange exchange) {
        BatchPlan p = current(exchange);
        if (p.duplicates.isEmpty()) {
            return;
        }
        for (CustomerDraft d : recordExisting(p, p.duplicates, tally(exchange))) {
            reject(p, d, "Kingdee reports number " + d.number() + " as used, but no customer with it exists in"
                    + " organisation " + d.useOrg());
        }
        recordRejected(p);
    }

    /** Route step per rejected row, before the dead-letter route: body = the customer, reason as a property. */
    public CustomerDraft rejectedLetter(Exchange exchange) {
        BatchPlan.Rejected r = exchange.getMessage().getBody(BatchPlan.Rejected.class);
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, STAGE);
        exchange.setProperty(DeadLetterParker.REASON_PROPERTY, r.reason());
        return r.draft();
    }

    /** Route step: the saved and existing rows not yet allocated. */
    public boolean hasAllocations(Exchange exchange) {
        BatchPlan p = current(exchange);
        var rows = p.rowsCurrent ? p.rows : registry.byNumbers(new ArrayList<>(p.byNumber.keySet()));
        p.allocations = rows.values().stream()
                .filter(r -> (r.status() == CustomerStatus.SAVED || r.status() == CustomerStatus.EXISTING)
                        && r.allocatedAt() == null && r.fcustid() != null)
                .toList();
        return !p.allocations.isEmpty();
    }

    public ObjectNode allocateRequest(Exchange exchange) {
        return requests.allocate(FORM, current(exchange).allocations.stream().map(CustomerRow::fcustid).toList(),
                List.of(distributionOrg), autoSubmitAudit);
    }

    /** Route step after Allocate: records the allocated rows; a failed allocation fails the attempt. */
    public void allocated(Exchange exchange) {
        BatchPlan p = current(exchange);
        calls(exchange);
        OperationResult r = exchange.getMessage().getBody(OperationResult.class);
        List<CustomerRow> pending = p.allocations;
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
        p.allocated += done.size();
        if (done.size() < pending.size()) {
            throw new KingdeeRetry("Allocate failed for " + (pending.size() - done.size()) + " customer(s): "
                    + RowErrors.messages(r.errors()));
        }
    }

    /** Last step of an attempt: rows that failed transiently fail it, so the whole batch runs again. */
    public void finish(Exchange exchange) {
        BatchPlan p = current(exchange);
        if (!p.transientErrors.isEmpty()) {
            throw new KingdeeRetry(p.transientErrors.size() + " customer(s) failed transiently, retrying the batch: "
                    + String.join("; ", p.transientErrors.subList(0, Math.min(5, p.transientErrors.size())))
                    + (p.transientErrors.size() > 5 ? "; …" : ""));
        }
    }

    private static void reject(BatchPlan p, CustomerDraft d, String reason) {
        p.settle(d, Bucket.PARKED);
        p.failedUnrecorded.put(d.number(), reason);
        p.rejected.add(new BatchPlan.Rejected(d, reason));
    }

    /** Marks the rows rejected in this step FAILED, in one statement, before they are parked. */
    private void recordRejected(BatchPlan p) {
        registry.markAllFailed(p.failedUnrecorded);
        p.failedUnrecorded.clear();
    }

    /** Records the present drafts as existing (the plan's lookup answers) and returns the absent ones. */
    private List<CustomerDraft> recordExisting(BatchPlan p, List<CustomerDraft> drafts, Tally tally) {
        List<CustomerDraft> absent = new ArrayList<>();
        Map<String, String> existing = new LinkedHashMap<>();
        for (CustomerDraft d : drafts) {
            String id = p.found.get(d.number());
            if (id == null) {
                absent.add(d);
            } else {
                existing.put(d.number(), id);
                p.settle(d, Bucket.EXISTING);
            }
        }
        registry.confirmAll(existing, CustomerStatus.EXISTING);
        if (!existing.isEmpty()) {
            p.rowsCurrent = false;   // the allocation reads the registry again
        }
        p.existing += existing.size();
        tally.add(0, 0, existing.size(), 0);
        return absent;
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

    private static void collect(BatchPlan p, List<List<JsonNode>> rows) {
        for (List<JsonNode> row : rows) {
            if (row.size() >= 2) {
                p.found.put(row.get(1).asText(), row.get(0).asText());
            }
        }
    }

    private static void calls(Exchange exchange) {
        exchange.setProperty(CALLS_PROPERTY, exchange.getProperty(CALLS_PROPERTY, 0, Integer.class) + 1);
    }

    private static BatchPlan current(Exchange exchange) {
        BatchPlan p = exchange.getProperty(BatchPlan.PROPERTY, BatchPlan.class);
        if (p == null) {
            throw new IllegalStateException("no batch plan on the exchange (write-batch-attempt must start with plan)");
        }
        return p;
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
