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
 * {@code BD_Customer} Model row that BatchSave would receive. Touches neither Kingdee nor the registry.
 */
public final class DryRunSink {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunSink.class);

    private final java.util.function.Function<CustomerDraft, java.util.Map<String, Object>> mapper;
    private final ObjectMapper json;
    private final PrintStream out;

    public DryRunSink(java.util.function.Function<CustomerDraft, java.util.Map<String, Object>> mapper, ObjectMapper json,
                      PrintStream out) {
        this.mapper = mapper;
        this.json = json;
        this.out = out;
    }

    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) {
        List<CustomerDraft> batch = exchange.getMessage().getBody(List.class);
        for (CustomerDraft d : batch) {
            out.println(line(d));
        }
        out.flush();
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w != null) {
            w.batchWritten(new BatchOutcome(batch.size(), 0, 0, 0, 0, 0));
            w.batchResolved();
        }
        LOG.info("Dry run: batch of {} customer(s) printed, nothing sent to Kingdee", batch.size());
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
