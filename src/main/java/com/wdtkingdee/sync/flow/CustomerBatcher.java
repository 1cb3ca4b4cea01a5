package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches the customers of a window: {@link #add} collects them (a repeated key is kept once) and sends a full
 * batch of {@code sync.batch-size} to {@code direct:write-batch}; {@link #flush} sends the rest when the window's
 * pages are done, so no batch waits for a timer.
 *
 * <p>Why not Camel's aggregator: its completed groups are handed over to the exchange that fed them, so every
 * order exchange of a window stayed referenced until the whole cycle ended — memory grew with the window (measured:
 * about 1 KB per order; a 1,000,000-order backfill did not fit in 256 MB). Each batch here is an exchange of its
 * own, written synchronously; a failure that its dead-letter channel cannot absorb fails the window.
 */
public final class CustomerBatcher {

    public static final String ENDPOINT = "direct:write-batch";
    private static final List<String> CARRIED = List.of(WindowState.PROPERTY, CycleMode.PROPERTY, SyncCycle.CYCLE_PROPERTY);

    private final int batchSize;
    private volatile ProducerTemplate template;

    public CustomerBatcher(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Route step: adds the customer in the body to its window's batch; sends the batch when it is full. */
    public void add(Exchange exchange) {
        CustomerDraft draft = exchange.getMessage().getBody(CustomerDraft.class);
        Buffer buffer = buffer(exchange);
        List<CustomerDraft> full = buffer.add(draft, batchSize);
        if (full != null) {
            send(exchange, full);
        }
    }

    /** Route step at the end of a window's pages: sends what is left. */
    public void flush(Exchange exchange) {
        List<CustomerDraft> rest = buffer(exchange).drain();
        if (!rest.isEmpty()) {
            send(exchange, rest);
        }
    }

    private void send(Exchange from, List<CustomerDraft> batch) {
        Exchange result = template(from).send(ENDPOINT, x -> {
            x.getMessage().setBody(batch);
            for (String p : CARRIED) {
                Object v = from.getProperty(p);
                if (v != null) {
                    x.setProperty(p, v);
                }
            }
        });
        if (result.getException() != null) {
            throw new IllegalStateException("a batch of " + batch.size() + " customer(s) was neither written nor parked: "
                    + DeadLetterParker.reason(result.getException()), result.getException());
        }
    }

    private ProducerTemplate template(Exchange exchange) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = exchange.getContext().createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }

    /** The window's buffer lives in the window's state, so windows never mix. */
    private static Buffer buffer(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w == null) {
            throw new IllegalStateException("no window on the exchange");
        }
        return w.batchBuffer();
    }

    /** Customers waiting for their batch, distinct by key. */
    static final class Buffer {
        private final java.util.LinkedHashMap<String, CustomerDraft> drafts = new java.util.LinkedHashMap<>();

        synchronized List<CustomerDraft> add(CustomerDraft d, int batchSize) {
            drafts.putIfAbsent(d.key().id(), d);
            return drafts.size() >= batchSize ? drain() : null;
        }

        synchronized List<CustomerDraft> drain() {
            List<CustomerDraft> out = new ArrayList<>(drafts.values());
            drafts.clear();
            return out;
        }
    }
}
