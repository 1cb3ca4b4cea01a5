package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.state.DeadLetterStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Predicate;

/**
 * The dead-letter endpoint's bean: persists each failed item (an order or a customer) as a dead-letter row with
 * its stage, payload, reason and attempts. It deliberately lets its own failures propagate (the route sets
 * {@code deadLetterHandleNewException: false}, CAMEL-7050): a dead letter that cannot be written fails the window,
 * and the checkpoint stays where it was.
 */
public final class DeadLetterParker {

    public static final String STAGE_PROPERTY = "stage";
    /** Attempts made so far, kept by the steps that are retried (the redelivery header is gone by now). */
    public static final String ATTEMPTS_PROPERTY = "attempts";
    /** Why the item is parked, when it is not the caught exception (a row Kingdee rejected in a saved batch). */
    public static final String REASON_PROPERTY = "deadLetterReason";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterParker.class);

    private final DeadLetterStore store;
    private final String scheme;
    private final Payloads payloads;
    private final CompleteNumbers complete;

    /** Which of a batch's customers are already fully written (saved and allocated), asked once per batch. */
    @FunctionalInterface
    public interface CompleteNumbers {
        java.util.Set<String> of(List<CustomerDraft> drafts);

        /** The per-customer form, asked once per customer. */
        static CompleteNumbers each(Predicate<CustomerDraft> complete) {
            return drafts -> drafts.stream().filter(complete).map(CustomerDraft::number)
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * @param complete tells a customer that is already fully written (saved and allocated): such rows of a failed
     *                 batch are not parked
     */
    public DeadLetterParker(DeadLetterStore store, String scheme, Payloads payloads, Predicate<CustomerDraft> complete) {
        this(store, scheme, payloads, complete, RetryLadder.OFF);
    }

    /** @param ladder when a transient letter is replayed automatically ({@code sync.dead-letter.retry}) */
    public DeadLetterParker(DeadLetterStore store, String scheme, Payloads payloads, Predicate<CustomerDraft> complete,
                            RetryLadder ladder) {
        this(store, scheme, payloads, CompleteNumbers.each(complete), ladder);
    }

    /** @param complete the batch form: one registry read for all the customers of a failed batch */
    public DeadLetterParker(DeadLetterStore store, String scheme, Payloads payloads, CompleteNumbers complete,
                            RetryLadder ladder) {
        this.store = store;
        this.scheme = scheme;
        this.payloads = payloads;
        this.complete = complete;
        this.ladder = ladder;
    }

    private final RetryLadder ladder;

    public long park(String stage, String key, String payloadJson, String reason, int attempts) {
        return store.park(scheme, stage, key, payloadJson, reason == null ? "unknown failure" : reason, attempts);
    }

    /**
     * First step of the dead-letter route: the dead_letter rows of the exchange's order, customer or batch (the
     * reason from the property {@value #REASON_PROPERTY}, else the caught exception), each a map of the named
     * columns of {@code sql/park-dead-letter.sql} (see {@link #columns}). The window counts them and summarises them per reason,
     * and counts the orders they stand for as parked; a
     * dry run, which writes nothing, returns no row and counts them as "would park".
     */
    public List<java.util.Map<String, Object>> letters(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String explicit = exchange.getProperty(REASON_PROPERTY, String.class);
        String reason = explicit != null ? explicit : reason(cause);
        exchange.removeProperty(REASON_PROPERTY);
        String stage = exchange.getProperty(STAGE_PROPERTY, "unknown", String.class);
        int attempts = Math.max(exchange.getProperty(ATTEMPTS_PROPERTY, 1, Integer.class),
                1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof StockoutOrder) && !(body instanceof CustomerDraft)
                && exchange.getProperty(BatchWriter.CUSTOMERS_PROPERTY) instanceof List<?> customers) {
            body = customers;   // a whole batch: the calls of its last attempt replaced the body
        }
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        if (body instanceof List<?> batch && BatchWriter.STAGE.equals(stage) && outage(cause)) {
            // an outage is not bad data: nothing is parked, the window fails and is read again by the next cycle
            throw new Outage("Kingdee did not complete a batch of " + batch.size() + " customer(s) after " + attempts
                    + " attempt(s): " + reason + "; the window fails and its orders are read again next cycle", cause);
        }
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        // a row that kept answering "locked, try later" is retried by the ladder; other letters wait for a person
        java.time.OffsetDateTime next = RetryLadder.transientRows(cause) ? ladder.first() : null;
        if (body instanceof StockoutOrder o) {
            rows.add(row(stage, o.orderNo() != null ? o.orderNo() : o.stockoutId(), payloads.order(o), reason, attempts));
        } else if (body instanceof CustomerDraft d) {
            rows.add(row(stage, d.number(), payloads.draft(d), reason, attempts));
        } else if (body instanceof List<?> list) {
            List<CustomerDraft> drafts = list.stream().filter(CustomerDraft.class::isInstance)
                    .map(CustomerDraft.class::cast).toList();
            java.util.Set<String> done = drafts.isEmpty() ? java.util.Set.of() : complete.of(drafts);
            BatchBuckets buckets = BatchBuckets.of(exchange);
            for (CustomerDraft d : drafts) {
                if (!done.contains(d.number())) {
                    rows.add(row(stage, d.number(), payloads.draft(d), reason, attempts));
                    if (buckets != null) {
                        buckets.settle(d.number(), Bucket.PARKED);
                    }
                } else if (buckets != null) {
                    buckets.foundWritten(d.number());   // written before the batch failed: keeps its outcome
                }
            }
        } else {
            throw new IllegalStateException("cannot park a " + (body == null ? "null body" : body.getClass().getName())
                    + " at " + stage + ": " + reason);
        }
        for (java.util.Map<String, Object> r : rows) {
            r.put("nextAttempt", next);
            LOG.debug("{} {} at {}: {}", mode.writes() ? "Parking" : "Would park", r.get("itemKey"), stage, reason);
        }
        if (w != null) {
            w.parked(rows.size(), reason, rows.stream().map(r -> (String) r.get("itemKey")).toList());
            // an order parked on its own (no organisation rule, a mapping that failed) is its bucket; a customer of a
            // batch is counted with its batch (BatchBuckets), in the one order that carried it
            if (body instanceof StockoutOrder || (body instanceof CustomerDraft && BatchBuckets.of(exchange) == null)) {
                w.landed(Bucket.PARKED, 1);
            }
            if (body instanceof List<?> && BatchWriter.STAGE.equals(stage)) {
                w.batchResolved();
            }
        } else if (!rows.isEmpty()) {
            LOG.warn("{} {} item(s) at {}: {}", mode.writes() ? "Parked" : "Would park", rows.size(), stage, reason);
        }
        return mode.writes() ? rows : List.of();
    }

    /**
     * Second step of the dead-letter route: the letters of {@link #letters} as the named parameters of the one
     * multi-row INSERT of {@code sql/park-dead-letter.sql}. {@code scheme} is one value; every other parameter is
     * an array with one element per letter, in order ({@code stage}, {@code itemKey}, {@code payload},
     * {@code reason}: {@code String[]}; {@code attempts}: {@code Integer[]}; {@code nextAttempt}: ISO-8601
     * {@code String[]} with nulls). camel-jdbc passes each with {@code PreparedStatement.setObject}, which the
     * PostgreSQL driver sends as an array; the SQL casts them.
     */
    public java.util.Map<String, Object> columns(List<java.util.Map<String, Object>> letters) {
        int n = letters.size();
        String[] stage = new String[n];
        String[] itemKey = new String[n];
        String[] payload = new String[n];
        String[] reason = new String[n];
        Integer[] attempts = new Integer[n];
        String[] nextAttempt = new String[n];
        for (int i = 0; i < n; i++) {
            java.util.Map<String, Object> l = letters.get(i);
            stage[i] = (String) l.get("stage");
            itemKey[i] = (String) l.get("itemKey");
            payload[i] = (String) l.get("payload");
            reason[i] = (String) l.get("reason");
            attempts[i] = (Integer) l.get("attempts");
            Object next = l.get("nextAttempt");
            nextAttempt[i] = next instanceof java.time.OffsetDateTime t
                    ? t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) : null;
        }
        java.util.Map<String, Object> columns = new java.util.LinkedHashMap<>();
        columns.put("scheme", scheme);
        columns.put("stage", stage);
        columns.put("itemKey", itemKey);
        columns.put("payload", payload);
        columns.put("reason", reason);
        columns.put("attempts", attempts);
        columns.put("nextAttempt", nextAttempt);
        return columns;
    }

    private java.util.Map<String, Object> row(String stage, String key, String payload, String reason, int attempts) {
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("scheme", scheme);
        r.put("stage", stage);
        r.put("itemKey", key);
        r.put("payload", payload);
        r.put("reason", reason == null ? "unknown failure" : reason);
        r.put("attempts", attempts);
        return r;
    }

    /**
     * A whole batch failed for a reason that is not its customers' (Kingdee down, HTTP 5xx, timeouts, a refused
     * login): only row-level transient answers ({@link BatchWriter.KingdeeRetry}) and permanent rejections
     * ({@link PermanentFailure}) are item-specific and parked.
     */
    static boolean outage(Throwable cause) {
        if (cause == null) {
            return false;
        }
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchWriter.KingdeeRetry || t instanceof PermanentFailure) {
                return false;
            }
        }
        return true;
    }

    /** Kingdee stayed unreachable or failing beyond the batch's retries: the window fails, nothing is parked. */
    public static final class Outage extends RuntimeException {
        public Outage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String describe(Object body) {
        if (body instanceof StockoutOrder o) {
            return "stockout " + o.orderNo() + " (shop " + o.shopNo() + ")";
        }
        if (body instanceof CustomerDraft d) {
            return "customer " + d.number();
        }
        return body instanceof List<?> l ? l.size() + " customer(s)" : String.valueOf(body);
    }

    static String reason(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        // a split's wrapper ("Multicast processing failed for number 0 …"): the failure's own words
        while (t instanceof org.apache.camel.CamelExchangeException && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m;
    }
}
