package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.NoOrgRuleException;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.CustomerRow;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.SchemeLock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --replay}: re-processes open dead letters through the same idempotent path as a sync (organisation
 * rule, mapping, {@link BatchWriter}) and resolves those that now succeed. A replayed customer carries its
 * registered number, so replaying twice, or replaying a customer whose earlier write did land, never creates
 * a duplicate. A letter that fails again stays open with its attempts counted up and its new reason.
 */
public final class DeadLetterReplayer {

    public static final String ID_HEADER = "ReplayId";
    public static final String REASON_HEADER = "ReplayReason";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private final DeadLetterStore store;
    private final CustomerRegistry registry;
    private final SchemeLock lock;
    private final String scheme;
    private final Payloads payloads;
    private final OrgRule orgRule;
    private final CustomerMapper mapper;
    private final BatchWriter writer;
    private final int batchSize;

    public DeadLetterReplayer(DeadLetterStore store, CustomerRegistry registry, SchemeLock lock, String scheme,
                              Payloads payloads, OrgRule orgRule, CustomerMapper mapper, BatchWriter writer,
                              int batchSize) {
        this.batchSize = batchSize;
        this.store = store;
        this.registry = registry;
        this.lock = lock;
        this.scheme = scheme;
        this.payloads = payloads;
        this.orgRule = orgRule;
        this.mapper = mapper;
        this.writer = writer;
    }

    /** What a replay did. */
    public record ReplayReport(int selected, int resolved, int stillOpen, boolean skipped) {
    }

    /** Route step: replays the letters selected by the optional id and reason headers; body = the report. */
    public ReplayReport replay(Exchange exchange) {
        Long id = exchange.getMessage().getHeader(ID_HEADER, Long.class);
        String reason = exchange.getMessage().getHeader(REASON_HEADER, String.class);
        return replay(id, reason);
    }

    public ReplayReport replay(Long id, String reasonContains) {
        Optional<SchemeLock.Held> held = lock.tryAcquire(scheme);
        if (held.isEmpty()) {
            LOG.warn("Another process is syncing scheme {}: replay skipped", scheme);
            return new ReplayReport(0, 0, 0, true);
        }
        try (SchemeLock.Held ignored = held.get()) {
            List<DeadLetter> letters = store.open(scheme, id, reasonContains);
            int resolved = 0;
            List<Prepared> pending = new ArrayList<>();
            for (DeadLetter letter : letters) {
                Prepared p = prepare(letter);
                if (p == null) {
                    resolved++;
                } else if (p.draft() != null) {
                    pending.add(p);
                }
            }
            for (int from = 0; from < pending.size(); from += batchSize) {
                resolved += write(pending.subList(from, Math.min(pending.size(), from + batchSize)));
            }
            ReplayReport report = new ReplayReport(letters.size(), resolved, letters.size() - resolved, false);
            LOG.info("Replay of {} dead letter(s): {} resolved, {} still open", report.selected(), report.resolved(),
                    report.stillOpen());
            return report;
        }
    }

    /** A letter ready to be written again (draft set), or one that failed again before writing (draft null). */
    private record Prepared(DeadLetter letter, CustomerDraft draft) {
    }

    /** The letter's customer; null when the letter was resolved without writing (a blank title). */
    private Prepared prepare(DeadLetter letter) {
        try {
            String type = payloads.type(letter.payload());
            if ("order".equals(type)) {
                StockoutOrder order = payloads.readOrder(letter.payload());
                if (InvoiceTitles.isBlank(order.invoiceTitle())) {
                    resolve(letter, "replayed: blank invoice title, nothing to write");
                    return null;
                }
                String org = orgRule.orgFor(order.shopNo()).orElseThrow(() -> new NoOrgRuleException(order.shopNo()));
                return new Prepared(letter, mapper.toCustomer(order, org));
            }
            if ("customer".equals(type)) {
                return new Prepared(letter, payloads.readDraft(letter.payload()));
            }
            throw new PermanentFailure("unknown dead-letter payload type '" + type + "'");
        } catch (RuntimeException e) {
            failedAgain(letter, e);
            return new Prepared(letter, null);
        }
    }

    /** Writes a chunk of letters' customers as one batch; returns how many letters it resolved. */
    private int write(List<Prepared> chunk) {
        try {
            writer.write(chunk.stream().map(Prepared::draft).toList(), 1);
        } catch (RuntimeException e) {
            LOG.warn("Replaying {} customer(s) failed: {}", chunk.size(), DeadLetterParker.reason(e));
        }
        int resolved = 0;
        for (Prepared p : chunk) {
            CustomerDraft draft = p.draft();
            CustomerRow row = registry.byNumber(draft.number()).orElse(null);
            boolean done = row != null && (row.status() == CustomerStatus.SAVED || row.status() == CustomerStatus.EXISTING)
                    && row.allocatedAt() != null;
            if (done) {
                resolve(p.letter(), "replayed: customer " + draft.number() + " " + row.status().name().toLowerCase());
                resolved++;
            } else if (row != null && row.status() == CustomerStatus.FAILED && !BatchWriter.STAGE.equals(p.letter().stage())) {
                // the order passed its own stage; Kingdee rejected the customer, which the writer parked at batch-save
                resolve(p.letter(), "replayed: customer " + draft.number() + " parked at " + BatchWriter.STAGE);
                resolved++;
            } else if (row == null || row.status() != CustomerStatus.FAILED) {
                failedAgain(p.letter(), new IllegalStateException("customer " + draft.number() + " not written yet ("
                        + (row == null ? "unregistered" : row.status()) + ")"));
            }
        }
        return resolved;
    }

    private void failedAgain(DeadLetter letter, RuntimeException e) {
        String reason = DeadLetterParker.reason(e);
        store.park(scheme, letter.stage(), letter.itemKey(), letter.payload(), reason, 1);
        LOG.warn("Dead letter {} ({}) still fails: {}", letter.id(), letter.itemKey(), reason);
    }

    private void resolve(DeadLetter letter, String resolution) {
        store.resolve(letter.id(), resolution);
        LOG.debug("Resolved dead letter {} ({} at {}): {}", letter.id(), letter.itemKey(), letter.stage(), resolution);
    }
}
