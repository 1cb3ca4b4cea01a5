package com.wdtkingdee.sync.customer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the Kingdee use organisation (FUseOrgId) from the 旺店通 shop number, e.g.
 * {@code 005,006,007,0081,0091 → DZ} and {@code 002,003,004,0071 → BZ}. A shop with no rule is never guessed.
 */
public final class OrgRule {

    private final Map<String, String> orgByShop;
    private final Function<String, Optional<String>> extra;

    private OrgRule(Map<String, String> orgByShop, Function<String, Optional<String>> extra) {
        this.orgByShop = Collections.unmodifiableMap(orgByShop);
        this.extra = extra;
    }

    /**
     * This rule, then {@code extra} for a shop that no configured rule names (e.g. rules an operator added in the
     * console). The configured rules always win; {@code extra} gets the trimmed shop number.
     */
    public OrgRule withExtraRules(Function<String, Optional<String>> extra) {
        return new OrgRule(orgByShop, java.util.Objects.requireNonNull(extra, "extra"));
    }

    /**
     * Builds the rule from {@code org → "shop,shop,…"} entries (the {@code customer.org-rule.<ORG>} keys).
     *
     * @throws IllegalArgumentException when an org or shop is blank, or a shop is claimed by two orgs
     */
    public static OrgRule of(Map<String, String> shopsByOrg) {
        Map<String, String> orgByShop = new LinkedHashMap<>();
        shopsByOrg.forEach((org, csv) -> {
            if (org == null || org.isBlank()) {
                throw new IllegalArgumentException("organisation rule with an empty organisation number");
            }
            if (csv == null || csv.isBlank()) {
                throw new IllegalArgumentException("organisation rule for " + org + " lists no shop");
            }
            for (String raw : csv.split(",")) {
                String shop = raw.trim();
                if (shop.isEmpty()) {
                    throw new IllegalArgumentException("organisation rule for " + org + " has an empty shop in '" + csv + "'");
                }
                String previous = orgByShop.putIfAbsent(shop, org.trim());
                if (previous != null && !previous.equals(org.trim())) {
                    throw new IllegalArgumentException("shop " + shop + " is mapped to both " + previous + " and " + org.trim());
                }
            }
        });
        if (orgByShop.isEmpty()) {
            throw new IllegalArgumentException("no organisation rule configured");
        }
        return new OrgRule(orgByShop, shop -> Optional.empty());
    }

    /** The organisation for a shop; empty when no rule names the shop (compared exactly, after trimming). */
    public Optional<String> orgFor(String shopNo) {
        if (shopNo == null) {
            return Optional.empty();
        }
        String shop = shopNo.trim();
        String configured = orgByShop.get(shop);
        return configured != null ? Optional.of(configured) : extra.apply(shop);
    }

    public Map<String, String> orgByShop() {
        return orgByShop;
    }

    @Override
    public String toString() {
        return "OrgRule" + orgByShop;
    }
}
