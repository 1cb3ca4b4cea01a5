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
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterParker.class);

    private final DeadLetterStore store;
    private final String scheme;
    private final Payloads payloads;
    private final Predicate<CustomerDraft> complete;

    /**
     * @param complete tells a customer that is already fully written (saved and allocated): such rows of a failed
     *                 batch are not parked
     */
    public DeadLetterParker(DeadLetterStore store, String scheme, Payloads payloads, Predicate<CustomerDraft> complete) {
        this.store = store;
        this.scheme = scheme;
        this.payloads = payloads;
        this.complete = complete;
    }

    public long park(String stage, String key, String payloadJson, String reason, int attempts) {
        return store.park(scheme, stage, key, payloadJson, reason == null ? "unknown failure" : reason, attempts);
    }

    /** Dead-letter channel endpoint: parks the exchange's order or customers with the caught exception. */
    public void park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        String stage = exchange.getProperty(STAGE_PROPERTY, "unknown", String.class);
        int attempts = Math.max(exchange.getProperty(ATTEMPTS_PROPERTY, 1, Integer.class),
                1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        Object body = exchange.getMessage().getBody();
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        if (!mode.writes()) {
            LOG.warn("{}: would park {} at {}: {}", mode.label(), describe(body), stage, reason);
            if (w != null) {
                w.deadLettered(body instanceof List<?> l ? l.size() : 1);
                if (BatchWriter.STAGE.equals(stage)) {
                    w.batchResolved();
                }
            }
            return;
        }
        int n = 0;
        if (body instanceof StockoutOrder o) {
            park(stage, o.orderNo() != null ? o.orderNo() : o.stockoutId(), payloads.order(o), reason, attempts);
            LOG.warn("Parked stockout {} (shop {}) at {}: {}", o.orderNo(), o.shopNo(), stage, reason);
            n = 1;
        } else if (body instanceof CustomerDraft d) {
            park(stage, d.number(), payloads.draft(d), reason, attempts);
            LOG.warn("Parked customer {} (stockout {}) at {}: {}", d.number(), d.stockoutNo(), stage, reason);
            n = 1;
        } else if (body instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof CustomerDraft d && !complete.test(d)) {
                    park(stage, d.number(), payloads.draft(d), reason, attempts);
                    n++;
                }
            }
            LOG.warn("Parked a batch of {} customer(s) at {} after {} attempt(s): {}", n, stage, attempts, reason);
        } else {
            throw new IllegalStateException("cannot park a " + (body == null ? "null body" : body.getClass().getName())
                    + " at " + stage + ": " + reason);
        }
        if (w != null) {
            w.deadLettered(n);
            if (BatchWriter.STAGE.equals(stage)) {
                w.batchResolved();
            }
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
        String m = t.getMessage();
        return (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m;
    }
}
