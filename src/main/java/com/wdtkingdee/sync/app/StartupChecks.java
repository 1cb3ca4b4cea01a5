package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.kingdee.KingdeeRequests;
import com.wdtkingdee.sync.kingdee.KingdeeFilters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Live-mode start-up checks ({@code kingdee.startup-check}): the route {@code kingdee-readiness}
 * ({@code routes/kingdee.camel.yaml}) logs in to Kingdee and asks, through {@code direct:kingdee-bill-query}, for
 * the configured create and use organisations (of the organisation rule), distribution organisation, customer
 * group and trading currency; this bean builds those four ExecuteBillQuery requests and judges the answers
 * ({@link #judge}), so a wrong code fails the start with a clear message instead of parking every customer later.
 * It makes no call and changes nothing.
 */
public final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private final Settings s;
    private final KingdeeRequests requests = new KingdeeRequests(new com.fasterxml.jackson.databind.ObjectMapper());

    public StartupChecks(Settings s) {
        this.s = s;
    }

    /** A failed check: which setting names a value Kingdee does not know. */
    public static final class Failed extends RuntimeException {
        private final boolean unreachable;

        public Failed(String message) {
            this(message, null, false);
        }

        public Failed(String message, Throwable cause, boolean unreachable) {
            super(message, cause);
            this.unreachable = unreachable;
        }

        /** Kingdee did not answer (transient failures until kingdee.startup-check-timeout), not a wrong value. */
        public boolean unreachable() {
            return unreachable;
        }
    }

    /** The create organisation and the use organisations of the organisation rule. */
    private Set<String> orgs() {
        Set<String> orgs = new LinkedHashSet<>();
        orgs.add(s.mapping().createOrg());
        orgs.addAll(new TreeSet<>(s.orgRule().orgByShop().values()));
        return orgs;
    }

    /** ExecuteBillQuery: the create and use organisations (ORG_Organizations.FNumber). */
    public ObjectNode organisations() {
        return query("ORG_Organizations", "FNumber", orgs());
    }

    /** ExecuteBillQuery: the distribution organisation (ORG_Organizations.FOrgID). */
    public ObjectNode distributionOrg() {
        return query("ORG_Organizations", "FOrgID", Set.of(s.distributionOrg()));
    }

    /** ExecuteBillQuery: the customer group (BD_CustomerGroup.FNumber). */
    public ObjectNode group() {
        return query("BD_CustomerGroup", "FNumber", Set.of(s.mapping().group()));
    }

    /** ExecuteBillQuery: the trading currency (BD_Currency.FNumber). */
    public ObjectNode currency() {
        return query("BD_Currency", "FNumber", Set.of(s.mapping().tradingCurrency()));
    }

    /**
     * Judges Kingdee's answers to the four queries (rows of values in FieldKeys order).
     *
     * @throws Failed naming every setting whose value Kingdee does not know
     */
    public void judge(List<List<JsonNode>> organisations, List<List<JsonNode>> distributionOrg,
                      List<List<JsonNode>> group, List<List<JsonNode>> currency) {
        List<String> problems = new ArrayList<>();
        Set<String> foundOrgs = values(organisations);
        for (String org : orgs()) {
            if (!foundOrgs.contains(org)) {
                problems.add((org.equals(s.mapping().createOrg()) ? "customer.create-org" : "customer.org-rule.*")
                        + ": organisation " + org + " does not exist in Kingdee (ORG_Organizations)");
            }
        }
        if (values(distributionOrg).isEmpty()) {
            problems.add("customer.distribution-org: no organisation with internal id " + s.distributionOrg()
                    + " in Kingdee (ORG_Organizations.FOrgID)");
        }
        if (values(group).isEmpty()) {
            problems.add("customer.group: customer group " + s.mapping().group() + " does not exist in Kingdee (BD_CustomerGroup)");
        }
        if (values(currency).isEmpty()) {
            problems.add("customer.trading-currency: currency " + s.mapping().tradingCurrency()
                    + " does not exist in Kingdee (BD_Currency)");
        }
        if (!problems.isEmpty()) {
            throw new Failed(String.join("; ", problems));
        }
        LOG.info("Start-up checks passed: Kingdee login, group {}, currency {}, organisations {} and distribution org {}",
                s.mapping().group(), s.mapping().tradingCurrency(), new TreeSet<>(s.orgRule().orgByShop().values()),
                s.distributionOrg());
    }

    /**
     * A failure of the route {@code kingdee-readiness} as the checks report it: a wrong value as it is, a failed
     * Kingdee call as "cannot check the Kingdee configuration" (its cause kept, so that an outage is retried).
     */
    public static RuntimeException failure(Throwable e) {
        Throwable t = e;
        while ((t instanceof org.apache.camel.CamelExecutionException || t instanceof org.apache.camel.CamelExchangeException)
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof KingdeeApiException k) {
            return new Failed("cannot check the Kingdee configuration: " + k.getMessage(), k, false);
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }

    /** The ExecuteBillQuery of {@code field} among {@code values} in {@code form}. */
    private ObjectNode query(String form, String field, Set<String> values) {
        String filter = values.stream().map(KingdeeFilters::literal).collect(Collectors.joining(",", field + " IN (", ")"));
        return requests.executeBillQuery(form, List.of(field), filter, 0, Math.max(values.size(), 1) * 10);
    }

    private static Set<String> values(List<List<JsonNode>> rows) {
        Set<String> found = new LinkedHashSet<>();
        for (List<JsonNode> row : rows) {
            found.add(row.get(0).asText());
        }
        return found;
    }
}
