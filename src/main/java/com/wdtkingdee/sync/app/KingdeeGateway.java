package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.flow.BatchOutcome;
import com.wdtkingdee.sync.flow.BatchSteps;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;

/**
 * How Java reaches the routes outside the sync chain — the start-up checks at the start (route
 * {@code kingdee-readiness}) and the report and repair of {@code --reconcile}: they send to the same routes as the
 * sync ({@code direct:kingdee-bill-query}, {@code direct:write-batch-attempt}), so there is one way to talk to
 * Kingdee. The sync chain itself never uses
 * this class.
 */
public final class KingdeeGateway {

    private volatile ProducerTemplate template;

    /** Called once the Camel context exists. */
    public void attach(CamelContext context) {
        this.template = context.createProducerTemplate();
    }

    /** An ExecuteBillQuery request through the route; rows of values in FieldKeys order. */
    @SuppressWarnings("unchecked")
    public List<List<JsonNode>> query(ObjectNode request) {
        try {
            return template().requestBody("direct:kingdee-bill-query", request, List.class);
        } catch (CamelExecutionException e) {
            throw unwrap(e);
        }
    }

    /**
     * The start-up checks through the route {@code kingdee-readiness} (its Kingdee calls go through
     * {@code direct:kingdee-bill-query}).
     *
     * @throws StartupChecks.Failed a wrong value, or Kingdee could not be asked (cause kept)
     */
    public void readiness() {
        try {
            template().sendBody("direct:kingdee-readiness", null);
        } catch (CamelExecutionException e) {
            throw StartupChecks.failure(e);
        }
    }

    /** One batch through {@code write-batch-attempt} (registry first, lookups before re-sends). */
    public BatchOutcome write(List<CustomerDraft> batch) {
        Exchange x = template().request("direct:write-batch-attempt", e -> e.getMessage().setBody(batch));
        if (x.getException() != null) {
            throw unwrap(x.getException());
        }
        return x.getMessage().getBody(BatchSteps.Written.class).outcome();
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            throw new IllegalStateException("Kingdee routes not started yet");
        }
        return t;
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable t = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }
}
