package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the {@code replay} route ({@code routes/replay.camel.yaml}): open dead letters, SELECTed through
 * camel-jdbc, go through the same idempotent path as a sync (organisation rule, mapping, the
 * {@code write-batch-attempt} route) in chunks of {@code sync.batch-size}; those that now succeed are resolved.
 * A replayed customer carries its registered number, so replaying twice, or replaying a customer whose earlier
 * write did land, never creates a duplicate. A letter that fails again stays open with its attempts counted up and
 * its new reason.
 */
public final class DeadLetterReplayer {

    public static final String ID_HEADER = "ReplayId";
    public static final String REASON_HEADER = "ReplayReason";
    /** Header: replay only the letters whose retry-ladder step is due (the ladder's own schedule, --once). */
    public static final String DUE_HEADER = "ReplayDue";
    static final String STATE_PROPERTY = "replay";
    /** Exchange property: the report, also after the route told the team's chat. */
    public static final String REPORT_PROPERTY = "replayReport";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private final DeadLetterStore store;
    private final CustomerRegistry registry;
    private final SchemeLock lock;
    private final String scheme;
    private final Payloads payloads;
    private final OrgRule orgRule;
    private final CustomerMapping mapping;
    private final int batchSize;
    private RetryLadder ladder = RetryLadder.OFF;

    /** The retry ladder: a letter on it that fails again moves to its next step, or is exhausted. */
    public DeadLetterReplayer ladder(RetryLadder ladder) {
        this.ladder = ladder;
        return this;
    }

    public DeadLetterReplayer(DeadLetterStore store, CustomerRegistry registry, SchemeLock lock, String scheme,
                              Payloads payloads, OrgRule orgRule, CustomerMapping mapping, int batchSize) {
        this.batchSize = batchSize;
        this.store = store;
        this.registry = registry;
        this.lock = lock;
        this.scheme = scheme;
        this.payloads = payloads;
        this.orgRule = orgRule;
        this.mapping = mapping;
    }

    /** What a replay did. */
    public record ReplayReport(int selected, int resolved, int stillOpen, boolean skipped) {
    }

    /** A letter ready to be written again. */
    public record Prepared(DeadLetter letter, CustomerDraft draft) {
    }

    /** The state of one replay, carried as an exchange property. */
    static final class Run {
        final SchemeLock.Held held;
        int selected;
        int resolved;
        final Map<Long, Integer> ladderSteps = new java.util.HashMap<>();
        final List<String> exhausted = new ArrayList<>();

        Run(SchemeLock.Held held) {
            this.held = held;
        }
    }

    /**
     * First step: takes the scheme lock (another process syncing means the replay is skipped) and sets the named
     * parameters of {@code sql/open-dead-letters.sql}.
     *
     * @return whether the replay goes ahead
     */
    public boolean begin(Exchange exchange) {
        boolean due = Boolean.TRUE.equals(exchange.getMessage().getHeader(DUE_HEADER, Boolean.class));
        // the retry ladder waits for this process's cycle to end (they take turns); a replay asked for by a person
        // (the console) does not wait: it answers that the scheme is busy
        Optional<SchemeLock.Held> held = due ? lock.acquire(scheme) : lock.tryAcquire(scheme);
        if (held.isEmpty()) {
            if (!due && lock.heldHere(scheme)) {
                LOG.info("Replay of scheme {} not started: a run of this process holds the scheme; try again when it"
                        + " ends", scheme);
            } else {
                lock.logSkipped(scheme, "replay skipped, due letters are tried on a later run");
            }
            return false;
        }
        exchange.setProperty(STATE_PROPERTY, new Run(held.get()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("scheme", scheme);
        p.put("id", exchange.getMessage().getHeader(ID_HEADER, Long.class));
        String reason = exchange.getMessage().getHeader(REASON_HEADER, String.class);
        p.put("reason", reason == null || reason.isBlank() ? null : reason);
        p.put("dueBy", due ? ladder.now() : null);
        exchange.getMessage().setHeader("CamelJdbcParameters", p);
        return true;
    }

    /**
     * After the SELECT: each letter through the organisation rule and the mapping; letters of a blank title are
     * resolved at once, letters that fail again before writing stay open. Returns chunks of at most
     * {@code sync.batch-size} letters to write.
     */
    @SuppressWarnings("unchecked")
    public List<List<Prepared>> prepare(Exchange exchange) {
        Run run = run(exchange);
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        run.selected = rows.size();
        List<Prepared> pending = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            DeadLetter letter = new DeadLetter(((Number) row.get("id")).longValue(), (String) row.get("scheme"),
                    (String) row.get("stage"), (String) row.get("item_key"), (String) row.get("payload"),
                    (String) row.get("reason"), ((Number) row.get("attempts")).intValue(), null, null, null, null);
            if (Boolean.TRUE.equals(row.get("on_ladder"))) {
                run.ladderSteps.put(letter.id(), ((Number) row.get("ladder_step")).intValue());
            }
            try {
                String type = payloads.type(letter.payload());
                if ("order".equals(type)) {
                    StockoutOrder order = payloads.readOrder(letter.payload());
                    if (InvoiceTitles.isBlank(order.invoiceTitle())) {
                        resolve(letter, "replayed: blank invoice title, nothing to write");
                        run.resolved++;
                        continue;
                    }
                    String org = orgRule.orgFor(order.shopNo()).orElseThrow(() -> new NoOrgRuleException(order.shopNo()));
                    org.apache.camel.support.DefaultExchange x = new org.apache.camel.support.DefaultExchange(exchange.getContext());
                    x.getMessage().setBody(order);
                    x.setProperty(OrderSteps.ORG_PROPERTY, org);
                    pending.add(new Prepared(letter, mapping.toCustomer(x)));
                } else if ("customer".equals(type)) {
                    pending.add(new Prepared(letter, payloads.readDraft(letter.payload())));
                } else {
                    throw new PermanentFailure("unknown dead-letter payload type '" + type + "'");
                }
            } catch (RuntimeException e) {
                failedAgain(run, letter, e);
            }
        }
        List<List<Prepared>> chunks = new ArrayList<>();
        for (int from = 0; from < pending.size(); from += batchSize) {
            chunks.add(new ArrayList<>(pending.subList(from, Math.min(pending.size(), from + batchSize))));
        }
        return chunks;
    }

    /** Per chunk: the body becomes the batch of drafts for {@code write-batch-attempt}. */
    @SuppressWarnings("unchecked")
    public List<CustomerDraft> batch(Exchange exchange) {
        List<Prepared> chunk = exchange.getMessage().getBody(List.class);
        exchange.setProperty("replayChunk", chunk);
        return chunk.stream().map(Prepared::draft).toList();
    }

    /** Per chunk whose write failed as a whole: logged; the letters are settled from the registry below. */
    public void chunkFailed(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<?> chunk = exchange.getProperty("replayChunk", List.class);
        LOG.warn("Replaying {} customer(s) failed: {}", chunk == null ? 0 : chunk.size(), DeadLetterParker.reason(t));
        if (outage(t)) {
            exchange.setProperty(OUTAGE_PROPERTY, Boolean.TRUE);
        }
    }

    /** Exchange property of a chunk whose write failed because Kingdee gave no answer (or its breaker is open). */
    static final String OUTAGE_PROPERTY = "replayOutage";

    /** Kingdee unreachable, answering 5xx or behind its open circuit breaker: nothing about the letters themselves. */
    static boolean outage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof com.wdtkingdee.sync.kingdee.KingdeeUnavailableException) {
                return true;
            }
        }
        return com.wdtkingdee.sync.kingdee.KingdeeErrorClassifier.noAnswer(t);
    }

    /** Per chunk: resolves the letters whose customer is now written; the others stay open. */
    @SuppressWarnings("unchecked")
    public void settle(Exchange exchange) {
        Run run = run(exchange);
        List<Prepared> chunk = exchange.getProperty("replayChunk", List.class);
        java.util.Map<String, CustomerRow> rows = registry.byNumbers(chunk.stream().map(p -> p.draft().number()).toList());
        for (Prepared p : chunk) {
            CustomerDraft draft = p.draft();
            CustomerRow row = rows.get(draft.number());
            boolean done = row != null && (row.status() == CustomerStatus.SAVED || row.status() == CustomerStatus.EXISTING)
                    && row.allocatedAt() != null;
            if (done) {
                resolve(p.letter(), "replayed: customer " + draft.number() + " " + row.status().name().toLowerCase());
                run.resolved++;
            } else if (row != null && row.status() == CustomerStatus.FAILED && !BatchWriter.STAGE.equals(p.letter().stage())) {
                // the order passed its own stage; Kingdee rejected the customer, which is parked at batch-save
                resolve(p.letter(), "replayed: customer " + draft.number() + " parked at " + BatchWriter.STAGE);
                run.resolved++;
            } else if (row == null || row.status() != CustomerStatus.FAILED) {
                failedAgain(run, p.letter(), new IllegalStateException("customer " + draft.number() + " not written yet ("
                        + (row == null ? "unregistered" : row.status()) + ")"),
                        Boolean.TRUE.equals(exchange.getProperty(OUTAGE_PROPERTY)));
            }
        }
    }

    /** Last step: releases the lock; the body becomes the report. */
    public ReplayReport end(Exchange exchange) {
        Run run = exchange.getProperty(STATE_PROPERTY, Run.class);
        if (run == null) {
            return new ReplayReport(0, 0, 0, true);
        }
        exchange.removeProperty(STATE_PROPERTY);
        run.held.close();
        ReplayReport report = new ReplayReport(run.selected, run.resolved, run.selected - run.resolved, false);
        // the service's ladder looks every minute: a run that found nothing due is not worth a line
        org.slf4j.event.Level level = report.selected() == 0 ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.INFO;
        LOG.atLevel(level).log("Replay of {} dead letter(s): {} resolved, {} still open{}", report.selected(), report.resolved(),
                report.stillOpen(), run.exhausted.isEmpty() ? "" : ", " + run.exhausted.size()
                        + " of them through the whole retry ladder (exhausted: they wait for a person)");
        if (!run.exhausted.isEmpty()) {
            exchange.setProperty(com.wdtkingdee.sync.alert.AlertEvent.PROPERTY,
                    com.wdtkingdee.sync.alert.AlertEvent.lettersExhausted(scheme, run.exhausted.size(),
                            run.exhausted, ladder.now().toInstant()));
        }
        exchange.setProperty(REPORT_PROPERTY, report);
        return report;
    }

    private void failedAgain(Run run, DeadLetter letter, RuntimeException e) {
        failedAgain(run, letter, e, false);
    }

    /**
     * A letter still open after its replay. On the retry ladder it moves to its next step, unless Kingdee was down
     * ({@code outage}): then it keeps its step and is tried again after that step's delay, so an outage does not
     * use up the ladder.
     */
    private void failedAgain(Run run, DeadLetter letter, RuntimeException e, boolean outage) {
        String reason = DeadLetterParker.reason(e);
        store.park(scheme, letter.stage(), letter.itemKey(), letter.payload(), reason, 1);
        Integer step = run.ladderSteps.get(letter.id());
        if (step != null && outage) {
            java.time.OffsetDateTime again = ladder.after(step);
            if (again != null) {
                store.ladder(letter.id(), step, again);
                LOG.warn("Dead letter {} ({}) not replayed: Kingdee gave no answer; it keeps ladder step {}, next"
                        + " automatic retry at {}", letter.id(), letter.itemKey(), step, again);
                return;
            }
        }
        if (step != null) {
            java.time.OffsetDateTime next = ladder.after(step + 1);
            store.ladder(letter.id(), step + 1, next);
            if (next == null) {
                run.exhausted.add(letter.itemKey());
            }
            LOG.warn("Dead letter {} ({}) still fails: {}; {}", letter.id(), letter.itemKey(), reason,
                    next == null ? "the retry ladder is exhausted, it waits for a person" : "next automatic retry at " + next);
            return;
        }
        LOG.warn("Dead letter {} ({}) still fails: {}", letter.id(), letter.itemKey(), reason);
    }

    private void resolve(DeadLetter letter, String resolution) {
        store.resolve(letter.id(), resolution);
        LOG.debug("Resolved dead letter {} ({} at {}): {}", letter.id(), letter.itemKey(), letter.stage(), resolution);
    }

    private static Run run(Exchange exchange) {
        Run r = exchange.getProperty(STATE_PROPERTY, Run.class);
        if (r == null) {
            throw new IllegalStateException("replay not begun");
        }
        return r;
    }
}
