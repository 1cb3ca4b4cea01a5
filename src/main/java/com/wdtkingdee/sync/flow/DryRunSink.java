package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.customer.CustomerDraft;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --dry-run}: instead of writing a batch, prints one JSON line per customer with the exact
 * {@code BD_Customer} Model row that BatchSave would receive, each customer (by number) once per run however many
 * windows or batches it appears in. Touches neither Kingdee nor the registry.
 */
public final class DryRunSink {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunSink.class);

    private final java.util.function.Function<CustomerDraft, java.util.Map<String, Object>> mapper;
    private final ObjectMapper json;
    private final PrintStream out;
    private final java.util.Set<String> printed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DryRunSink(java.util.function.Function<CustomerDraft, java.util.Map<String, Object>> mapper, ObjectMapper json,
                      PrintStream out) {
        this.mapper = mapper;
        this.json = json;
        this.out = out;
    }

    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) {
        List<CustomerDraft> batch = exchange.getMessage().getBody(List.class);
        int fresh = 0;
        synchronized (out) {
            BatchBuckets buckets = BatchBuckets.of(exchange);
            for (CustomerDraft d : batch) {
                boolean first = printed.add(d.number());
                if (first) {
                    out.println(line(d));
                    fresh++;
                }
                // the order that carried it: would write; or, when an earlier window of the run printed it, already
                // written (the real run finds it written by that window)
                if (buckets != null) {
                    buckets.settle(d.number(), first ? Bucket.NEW : Bucket.ALREADY_WRITTEN);
                }
            }
            out.flush();
        }
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w != null) {
            w.wouldWrite(fresh);
            w.batchResolved();
        }
        LOG.info("Dry run: batch of {} customer(s): would write {} (printed), {} already printed in this run;"
                + " nothing sent to Kingdee", batch.size(), fresh, batch.size() - fresh);
    }

    /** Distinct customers printed so far in this run: what the real run would write. */
    public int wouldWrite() {
        return printed.size();
    }

    String line(CustomerDraft d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formid", BatchWriter.FORM);
        m.put("operation", "BatchSave");
        m.put("number", d.number());
        m.put("useOrg", d.useOrg());
        m.put("stockoutNo", d.stockoutNo());
        m.put("shopNo", d.shopNo());
        m.put("model", mapper.apply(d));
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
