package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The aggregation strategy of the {@code customer-batches} aggregator: a group keeps customer drafts only, distinct
 * by customer key (a repeated title in a window is sent once), never the order exchanges that carried them. The
 * first exchange of a group becomes the group's exchange (its properties carry the window); a body without a draft
 * (the window's end-of-pages marker) adds nothing but its completion flag. On completion the body becomes the batch, a list of drafts.
 */
public final class CustomerBatchStrategy implements AggregationStrategy {

    /** Exchange property of the window's end-of-pages marker. */
    public static final String FLUSH_PROPERTY = "batchFlush";

    /** The drafts of one group, keyed by customer key. */
    public static final class Group extends LinkedHashMap<String, CustomerDraft> {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Exchange aggregate(Exchange group, Exchange incoming) {
        Exchange target = group;
        if (target == null) {
            target = incoming;
            CustomerDraft first = incoming.getMessage().getBody() instanceof CustomerDraft d ? d : null;
            Group g = new Group();
            if (first != null) {
                g.put(first.key().id(), first);
            }
            target.getMessage().setBody(g);
            target.getMessage().removeHeaders("*");
            return flushed(incoming, target);
        }
        if (incoming.getMessage().getBody() instanceof CustomerDraft d) {
            target.getMessage().getBody(Group.class).putIfAbsent(d.key().id(), d);
        }
        return flushed(incoming, target);
    }

    /**
     * The window's end-of-pages marker (property {@value #FLUSH_PROPERTY}) completes the group now: the aggregator
     * completes a group whose aggregated exchange carries {@code CamelAggregationCompleteCurrentGroup} (it removes
     * that flag from incoming exchanges, so the strategy sets it).
     */
    private static Exchange flushed(Exchange incoming, Exchange target) {
        if (incoming.getProperty(FLUSH_PROPERTY, false, Boolean.class)) {
            target.removeProperty(FLUSH_PROPERTY);
            target.setProperty(Exchange.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
        return target;
    }

    /**
     * The group becomes the batch. Runs in the window's thread before the batch is handed to the writer pool, so
     * the window counts the batch as open before it can be written (it waits for it before its commit).
     */
    @Override
    public void onCompletion(Exchange exchange) {
        Group g = exchange.getMessage().getBody(Group.class);
        java.util.List<CustomerDraft> batch = g == null ? new ArrayList<>() : new ArrayList<>(g.values());
        exchange.getMessage().setBody(batch);
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w != null && !batch.isEmpty()) {
            BatchBuckets buckets = new BatchBuckets(batch);
            exchange.setProperty(BatchBuckets.PROPERTY, buckets);
            w.batchHanded();
            // fires when the batch's exchange is done, whatever its routing did (written, parked, failed, stopped):
            // each customer's carrying order lands in the customer's final bucket, then the window may commit
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    try {
                        w.batchSettled(buckets);
                    } finally {
                        w.batchFinished();
                    }
                }
            });
        }
    }
}
