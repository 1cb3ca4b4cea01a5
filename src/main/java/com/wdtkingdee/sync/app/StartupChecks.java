package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.kingdee.KingdeeRequests;
import java.util.function.Function;
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
 * Live-mode start-up checks ({@code kingdee.startup-check}): logs in to Kingdee and verifies with ExecuteBillQuery
 * that the configured customer group, trading currency, create organisation, use organisations (of the
 * organisation rule) and distribution organisation exist, so a wrong code fails the start with a clear message
 * instead of parking every customer later.
 */
public final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {
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

    /**
     * @param kingdee runs an ExecuteBillQuery request through the route {@code direct:kingdee-bill-query} (which
     *                logs in first)
     */
    public static void run(Function<ObjectNode, List<List<JsonNode>>> kingdee, Settings s) {
        List<String> problems = new ArrayList<>();
        try {
            Set<String> orgs = new LinkedHashSet<>();
            orgs.add(s.mapping().createOrg());
            orgs.addAll(new TreeSet<>(s.orgRule().orgByShop().values()));
            Set<String> foundOrgs = numbers(kingdee, "ORG_Organizations", "FNumber", orgs);
            for (String org : orgs) {
                if (!foundOrgs.contains(org)) {
                    problems.add((org.equals(s.mapping().createOrg()) ? "customer.create-org" : "customer.org-rule.*")
                            + ": organisation " + org + " does not exist in Kingdee (ORG_Organizations)");
                }
            }
            if (numbers(kingdee, "ORG_Organizations", "FOrgID", Set.of(s.distributionOrg())).isEmpty()) {
                problems.add("customer.distribution-org: no organisation with internal id " + s.distributionOrg()
                        + " in Kingdee (ORG_Organizations.FOrgID)");
            }
            if (numbers(kingdee, "BD_CustomerGroup", "FNumber", Set.of(s.mapping().group())).isEmpty()) {
                problems.add("customer.group: customer group " + s.mapping().group() + " does not exist in Kingdee (BD_CustomerGroup)");
            }
            if (numbers(kingdee, "BD_Currency", "FNumber", Set.of(s.mapping().tradingCurrency())).isEmpty()) {
                problems.add("customer.trading-currency: currency " + s.mapping().tradingCurrency()
                        + " does not exist in Kingdee (BD_Currency)");
            }
        } catch (KingdeeApiException e) {
            throw new Failed("cannot check the Kingdee configuration: " + e.getMessage(), e, false);
        }
        if (!problems.isEmpty()) {
            throw new Failed(String.join("; ", problems));
        }
        LOG.info("Start-up checks passed: Kingdee login, group {}, currency {}, organisations {} and distribution org {}",
                s.mapping().group(), s.mapping().tradingCurrency(), new TreeSet<>(s.orgRule().orgByShop().values()),
                s.distributionOrg());
    }

    /** The values of {@code field} among {@code values} that exist in {@code form}. */
    private static Set<String> numbers(Function<ObjectNode, List<List<JsonNode>>> kingdee, String form, String field,
                                       Set<String> values) {
        String filter = values.stream().map(KingdeeFilters::literal).collect(Collectors.joining(",", field + " IN (", ")"));
        Set<String> found = new LinkedHashSet<>();
        ObjectNode request = new KingdeeRequests(new com.fasterxml.jackson.databind.ObjectMapper())
                .executeBillQuery(form, List.of(field), filter, 0, Math.max(values.size(), 1) * 10);
        for (List<JsonNode> row : kingdee.apply(request)) {
            found.add(row.get(0).asText());
        }
        return found;
    }
}
