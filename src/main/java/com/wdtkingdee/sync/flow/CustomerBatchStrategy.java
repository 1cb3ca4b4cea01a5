package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates customers into a batch (a {@code List<CustomerDraft>}); a customer whose key is already in the
 * batch (a repeated invoice title) is not added twice.
 */
public final class CustomerBatchStrategy implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        CustomerDraft draft = newExchange.getMessage().getBody(CustomerDraft.class);
        if (oldExchange == null) {
            List<CustomerDraft> batch = new ArrayList<>();
            if (draft != null) {
                batch.add(draft);
            }
            newExchange.getMessage().setBody(batch);
            return newExchange;
        }
        List<CustomerDraft> batch = oldExchange.getMessage().getBody(List.class);
        if (draft != null && batch.stream().noneMatch(d -> d.key().equals(draft.key()))) {
            batch.add(draft);
        }
        return oldExchange;
    }
}
