package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.wdtkingdee.sync.kingdee.KingdeeClient;
import com.wdtkingdee.sync.kingdee.KingdeeFilters;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes one batch of customers to Kingdee, idempotently (design section 3):
 * <ol>
 *   <li>registers every customer in the registry, which fixes its FNumber before the first send;</li>
 *   <li>rows whose earlier send had an unknown outcome (status SENDING) are looked up with ExecuteBillQuery
 *       first, and only the missing ones are sent again;</li>
 *   <li>BatchSave; per DIndex: saved, duplicate number (looked up and recorded as existing), transient (the
 *       batch is retried, successful rows stay recorded) or rejected (parked as a dead letter);</li>
 *   <li>Allocate of the saved and existing rows to the distribution organisation.</li>
 * </ol>
 * Running it again for the same batch (redelivery, crash recovery, replay) never creates a second customer.
 */
public final class BatchWriter {

    public static final String FORM = "BD_Customer";
    public static final String STAGE = "batch-save";
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final CustomerRegistry registry;
    private final KingdeeClient kingdee;
    private final CustomerMapper mapper;
    private final DeadLetterParker parker;
    private final String distributionOrg;
    private final boolean autoSubmitAudit;
    private final Payloads payloads;

    public BatchWriter(CustomerRegistry registry, KingdeeClient kingdee, CustomerMapper mapper, DeadLetterParker parker,
                       String distributionOrg, boolean autoSubmitAudit, ObjectMapper json) {
        this.registry = registry;
        this.kingdee = kingdee;
        this.mapper = mapper;
        this.parker = parker;
        this.distributionOrg = distributionOrg;
        this.autoSubmitAudit = autoSubmitAudit;
        this.payloads = new Payloads(json);
    }

    /** Route step before the first attempt: counts the batch as open in its window. */
    public void open(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, STAGE);
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w != null) {
            w.batchOpened();
        }
    }

    /** Route step: writes the batch in the body; retried as a whole by the error handler. */
    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) {
        List<CustomerDraft> batch = exchange.getMessage().getBody(List.class);
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        int attempt = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.setProperty(DeadLetterParker.ATTEMPTS_PROPERTY, attempt);
        BatchOutcome o = write(batch, attempt, w == null ? Tally.NONE : w);
        LOG.info("Batch of {} customer(s){}: sent={} saved={} existing={} parked={} allocated={} already-done={}",
                batch.size(), attempt > 1 ? " (attempt " + attempt + ")" : "", o.sent(), o.saved(), o.existing(),
                o.parked(), o.allocated(), o.skipped());
        if (w != null) {
            w.batchResolved();
        }
    }

    /**
     * Receives the counts as they happen, so a pass that fails half-way (and is retried) still counts what it did.
     */
    public interface Tally {
        Tally NONE = (sent, saved, existing, parked) -> { };

        void add(int sent, int saved, int existing, int parked);
    }

    public BatchOutcome write(List<CustomerDraft> batch, int attempt) {
        return write(batch, attempt, Tally.NONE);
    }

    public BatchOutcome write(List<CustomerDraft> batch, int attempt, Tally tally) {
        Map<String, CustomerDraft> byNumber = new LinkedHashMap<>();
        for (CustomerDraft d : batch) {
            byNumber.putIfAbsent(d.number(), d);
        }
        List<CustomerCandidate> candidates = byNumber.values().stream()
                .map(d -> new CustomerCandidate(d.useOrg(), d.key().titleKey(), d.number(), d.name(), d.taxCode(),
                        d.stockoutNo(), d.stockoutId()))
                .toList();
        Map<String, CustomerRow> rows = registry.register(candidates);

        List<CustomerDraft> toSend = new ArrayList<>();
        List<CustomerDraft> unknown = new ArrayList<>();
        int skipped = 0;
        for (CustomerDraft d : byNumber.values()) {
            CustomerRow row = rows.get(d.key().id());
            CustomerStatus st = row == null ? CustomerStatus.NEW : row.status();
            switch (st) {
                case SENDING -> unknown.add(d);
                case SAVED, EXISTING -> {
                    if (row.allocatedAt() != null) {
                        skipped++;
                    }
                }
                default -> toSend.add(d);
            }
        }
        int existing = 0;
        if (!unknown.isEmpty()) {
            List<CustomerDraft> absent = recordExisting(unknown, tally);
            existing += unknown.size() - absent.size();
            toSend.addAll(absent);
            LOG.info("Looked up {} customer(s) of an earlier unknown outcome: {} present, {} to send again",
                    unknown.size(), existing, unknown.size() - existing);
        }

        int saved = 0;
        int parked = 0;
        List<String> transientErrors = new ArrayList<>();
        if (!toSend.isEmpty()) {
            registry.markSending(toSend.stream().map(CustomerDraft::number).toList());
            tally.add(toSend.size(), 0, 0, 0);
            List<Map<String, Object>> models = toSend.stream().map(mapper::toModel).toList();
            OperationResult result;
            try {
                result = kingdee.batchSave(FORM, models, autoSubmitAudit);
            } catch (KingdeeApiException e) {
                throw classify(e, "BatchSave of " + toSend.size() + " customer(s)");
            }
            List<CustomerDraft> duplicates = new ArrayList<>();
            Map<String, String> savedIds = new LinkedHashMap<>();
            Map<Integer, List<RowError>> errors = result.errorsByIndex();
            for (int i = 0; i < toSend.size(); i++) {
                CustomerDraft d = toSend.get(i);
                int index = i;
                var ok = result.savedAt(index);
                if (ok.isPresent()) {
                    savedIds.put(d.number(), ok.get().id());
                    continue;
                }
                List<RowError> rowErrors = errors.getOrDefault(index, List.of());
                if (rowErrors.isEmpty()) {
                    transientErrors.add(d.number() + (result.sessionLost() ? ": Kingdee session lost during BatchSave"
                            : ": no result for DIndex " + index));
                } else if (rowErrors.stream().anyMatch(RowError::duplicateNumber)) {
                    duplicates.add(d);
                } else if (isTransient(result, rowErrors)) {
                    transientErrors.add(d.number() + ": " + messages(rowErrors));
                } else {
                    park(d, "Kingdee rejected customer " + d.number() + ": " + messages(rowErrors), attempt, tally);
                    parked++;
                }
            }
            registry.confirmAll(savedIds, CustomerStatus.SAVED);
            saved += savedIds.size();
            tally.add(0, savedIds.size(), 0, 0);
            if (!duplicates.isEmpty()) {
                List<CustomerDraft> absent = recordExisting(duplicates, tally);
                existing += duplicates.size() - absent.size();
                for (CustomerDraft d : absent) {
                    park(d, "Kingdee reports number " + d.number() + " as used, but no customer with it exists in"
                            + " organisation " + d.useOrg(), attempt, tally);
                    parked++;
                }
            }
        }
        int allocated = allocate(byNumber.values());
        if (!transientErrors.isEmpty()) {
            throw new KingdeeRetry(transientErrors.size() + " customer(s) failed transiently, retrying them: "
                    + String.join("; ", transientErrors));
        }
        return new BatchOutcome(toSend.size(), saved, existing, parked, allocated, skipped);
    }

    /** Looks the customers up; records the present ones as existing and returns the absent ones. */
    private List<CustomerDraft> recordExisting(List<CustomerDraft> drafts, Tally tally) {
        Map<String, String> found = lookup(drafts);
        List<CustomerDraft> absent = new ArrayList<>();
        Map<String, String> existing = new LinkedHashMap<>();
        for (CustomerDraft d : drafts) {
            String id = found.get(d.number());
            if (id == null) {
                absent.add(d);
            } else {
                existing.put(d.number(), id);
            }
        }
        registry.confirmAll(existing, CustomerStatus.EXISTING);
        tally.add(0, 0, existing.size(), 0);
        return absent;
    }

    /** A permanent rejection: the customer is marked failed and parked as a dead letter. */
    private void park(CustomerDraft d, String reason, int attempt, Tally tally) {
        registry.markFailed(d.number(), reason);
        parker.park(STAGE, d.number(), toJson(d), reason, attempt);
        LOG.warn("Parked customer {} (stockout {}): {}", d.number(), d.stockoutNo(), reason);
        tally.add(0, 0, 0, 1);
    }

    private int allocate(java.util.Collection<CustomerDraft> drafts) {
        List<CustomerRow> pending = registry.byNumbers(drafts.stream().map(CustomerDraft::number).toList())
                .values().stream()
                .filter(r -> (r.status() == CustomerStatus.SAVED || r.status() == CustomerStatus.EXISTING)
                        && r.allocatedAt() == null && r.fcustid() != null)
                .toList();
        if (pending.isEmpty()) {
            return 0;
        }
        OperationResult r;
        try {
            r = kingdee.allocate(FORM, pending.stream().map(CustomerRow::fcustid).toList(), List.of(distributionOrg),
                    autoSubmitAudit);
        } catch (KingdeeApiException e) {
            throw classify(e, "Allocate of " + pending.size() + " customer(s)");
        }
        if (!r.success() && r.saved().isEmpty()) {
            String reason = "Allocate to organisation " + distributionOrg + " failed: MsgCode " + r.msgCode() + " "
                    + messages(r.errors());
            if (r.sessionLost() || r.msgCode() == 13 || r.msgCode() == 14) {
                throw new KingdeeRetry(reason);
            }
            throw new PermanentFailure(reason);
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
                    + messages(r.errors()));
        }
        return done.size();
    }

    /** FNumber → FCUSTID of the customers that exist in Kingdee, looked up per use organisation. */
    private Map<String, String> lookup(List<CustomerDraft> drafts) {
        Map<String, List<String>> byOrg = drafts.stream().collect(
                Collectors.groupingBy(CustomerDraft::useOrg, LinkedHashMap::new,
                        Collectors.mapping(CustomerDraft::number, Collectors.toList())));
        Map<String, String> found = new LinkedHashMap<>();
        byOrg.forEach((org, numbers) -> {
            List<List<JsonNode>> rows;
            try {
                rows = kingdee.executeBillQuery(FORM, List.of("FCUSTID", "FNumber", "FUseOrgId.FNumber"),
                        KingdeeFilters.numbersInOrg(numbers, org), 0, Math.max(numbers.size(), 1));
            } catch (KingdeeApiException e) {
                throw classify(e, "ExecuteBillQuery of " + numbers.size() + " customer number(s)");
            }
            for (List<JsonNode> row : rows) {
                if (row.size() >= 2) {
                    found.put(row.get(1).asText(), row.get(0).asText());
                }
            }
        });
        return found;
    }

    /** Words of row errors that a retry cures: edit locks (网控冲突), call limits, database deadlocks. */
    private static final List<String> TRANSIENT_WORDS = List.of("冲突", "稍候", "死锁", "请重新运行该事务", "deadlock");

    /**
     * A row error that a retry cures: MsgCode 6 (database operation failed, e.g. a deadlock victim), 13 (network
     * control lock) or 14 (call limit), or a message that says so. In a mixed batch the overall MsgCode is that
     * of the other rows (e.g. 11), hence the message check.
     */
    private static boolean isTransient(OperationResult r, List<RowError> errors) {
        return r.msgCode() == 6 || r.msgCode() == 13 || r.msgCode() == 14
                || errors.stream().anyMatch(e -> e.message() != null
                && TRANSIENT_WORDS.stream().anyMatch(w -> e.message().toLowerCase(java.util.Locale.ROOT).contains(w)));
    }

    private static RuntimeException classify(KingdeeApiException e, String what) {
        if (e.retryable() || e.sessionLost()) {
            return new KingdeeRetry(what + " failed: " + e.getMessage(), e);
        }
        return new PermanentFailure(what + " failed: " + e.getMessage(), e);
    }

    private static String messages(List<RowError> errors) {
        return errors.stream().map(e -> (e.fieldName() == null ? "" : e.fieldName() + " ") + e.message())
                .collect(Collectors.joining(" | "));
    }

    private String toJson(CustomerDraft d) {
        return payloads.draft(d);
    }

    /** Optional accessor used by tests. */
    Optional<CustomerRow> row(String number) {
        return registry.byNumber(number);
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
