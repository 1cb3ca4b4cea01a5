package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.MappingConfig;
import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.wdtkingdee.sync.kingdee.KingdeeFilters;
import com.wdtkingdee.sync.state.CustomerRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code --reconcile FROM TO}: the reconciliation cycle re-reads the period from 旺店通 through the normal
 * filter, rule and mapping steps and {@link #collect collects} the expected customers; {@link #report} then looks
 * them up in Kingdee with ExecuteBillQuery (in chunks, per use organisation) and compares the fields. With
 * {@code --repair} the missing customers are written through the normal {@link BatchWriter}.
 */
public final class Reconciler {

    static final int LOOKUP_CHUNK = 200;
    private static final List<String> FIELDS = List.of("FCUSTID", "FNumber", "FName", "FTAXREGISTERCODE",
            "FUseOrgId.FNumber", "FGroup.FNumber");
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final java.util.function.Function<com.fasterxml.jackson.databind.node.ObjectNode, List<List<JsonNode>>> query;
    private final com.wdtkingdee.sync.kingdee.KingdeeRequests requests =
            new com.wdtkingdee.sync.kingdee.KingdeeRequests(new com.fasterxml.jackson.databind.ObjectMapper());
    private final CustomerRegistry registry;
    private final java.util.function.Function<List<CustomerDraft>, BatchOutcome> writer;
    private final MappingConfig mapping;
    private final int batchSize;
    private final Map<String, CustomerDraft> expected = new LinkedHashMap<>();

    /**
     * @param query  runs an ExecuteBillQuery request through the route {@code direct:kingdee-bill-query}
     * @param writer writes a batch through the route {@code direct:write-batch-attempt}
     */
    public Reconciler(java.util.function.Function<com.fasterxml.jackson.databind.node.ObjectNode, List<List<JsonNode>>> query,
                      CustomerRegistry registry, java.util.function.Function<List<CustomerDraft>, BatchOutcome> writer,
                      MappingConfig mapping, int batchSize) {
        this.query = query;
        this.registry = registry;
        this.writer = writer;
        this.mapping = mapping;
        this.batchSize = batchSize;
    }

    /** One field that differs between what the orders imply and what Kingdee holds. */
    public record Mismatch(String number, String field, String expected, String actual) {
    }

    /** The reconciliation report. */
    public record Report(int expected, int present, List<CustomerDraft> missing, List<Mismatch> mismatches,
                         int repaired) {
        public boolean clean() {
            return missing.isEmpty() && mismatches.isEmpty();
        }
    }

    /** Route step (reconciliation cycles): remembers the batch's customers; the first order of a key wins. */
    @SuppressWarnings("unchecked")
    public synchronized void collect(Exchange exchange) {
        List<CustomerDraft> batch = exchange.getMessage().getBody(List.class);
        BatchBuckets buckets = BatchBuckets.of(exchange);
        for (CustomerDraft d : batch) {
            boolean first = expected.putIfAbsent(d.number(), d) == null;
            // the order that carried it: to check (counted as would write), or already collected by an earlier
            // window of the run (counted as already written, as in a dry run)
            if (buckets != null) {
                buckets.settle(d.number(), first ? Bucket.NEW : Bucket.ALREADY_WRITTEN);
            }
        }
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w != null) {
            w.batchResolved();
        }
    }

    public synchronized void reset() {
        expected.clear();
    }

    public synchronized Report report(boolean repair) {
        List<CustomerDraft> all = new ArrayList<>(expected.values());
        Map<String, List<JsonNode>> found = lookup(all);
        List<CustomerDraft> missing = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        for (CustomerDraft d : all) {
            List<JsonNode> row = found.get(d.number());
            if (row == null) {
                missing.add(d);
                continue;
            }
            if (!InvoiceTitles.normalise(d.name()).equals(InvoiceTitles.normalise(text(row, 2)))) {
                mismatches.add(new Mismatch(d.number(), "FName", d.name(), text(row, 2)));
            }
            compare(d.number(), "FTAXREGISTERCODE", d.taxCode(), text(row, 3), mismatches);
            compare(d.number(), "FUseOrgId", d.useOrg(), text(row, 4), mismatches);
            compare(d.number(), "FGroup", mapping.group(), text(row, 5), mismatches);
        }
        int repaired = 0;
        if (repair && !missing.isEmpty()) {
            registry.markMissing(missing.stream().map(CustomerDraft::number).toList());
            for (int from = 0; from < missing.size(); from += batchSize) {
                List<CustomerDraft> chunk = missing.subList(from, Math.min(missing.size(), from + batchSize));
                BatchOutcome o = writer.apply(chunk);
                repaired += o.saved() + o.existing();
            }
            LOG.info("Repair: {} of {} missing customer(s) written", repaired, missing.size());
        }
        return new Report(all.size(), all.size() - missing.size(), missing, mismatches, repaired);
    }

    private static void compare(String number, String field, String expected, String actual, List<Mismatch> out) {
        String e = expected == null ? "" : expected;
        String a = actual == null ? "" : actual;
        if (!Objects.equals(e, a)) {
            out.add(new Mismatch(number, field, e, a));
        }
    }

    private static String text(List<JsonNode> row, int i) {
        return row.size() > i && !row.get(i).isNull() ? row.get(i).asText() : "";
    }

    /** FNumber → the Kingdee row, in chunks per use organisation. */
    private Map<String, List<JsonNode>> lookup(List<CustomerDraft> drafts) {
        Map<String, List<String>> byOrg = drafts.stream().collect(Collectors.groupingBy(CustomerDraft::useOrg,
                LinkedHashMap::new, Collectors.mapping(CustomerDraft::number, Collectors.toList())));
        Map<String, List<JsonNode>> found = new LinkedHashMap<>();
        byOrg.forEach((org, numbers) -> {
            for (int from = 0; from < numbers.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = numbers.subList(from, Math.min(numbers.size(), from + LOOKUP_CHUNK));
                try {
                    for (List<JsonNode> row : query.apply(requests.executeBillQuery(BatchWriter.FORM, FIELDS,
                            KingdeeFilters.numbersInOrg(chunk, org), 0, chunk.size()))) {
                        found.putIfAbsent(row.get(1).asText(), row);
                    }
                } catch (KingdeeApiException e) {
                    throw new PermanentFailure("reconciliation lookup of " + chunk.size() + " customer(s) in " + org
                            + " failed: " + e.getMessage(), e);
                }
            }
        });
        return found;
    }
}
