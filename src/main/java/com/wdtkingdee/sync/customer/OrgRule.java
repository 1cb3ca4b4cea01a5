package com.wdtkingdee.sync.customer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the Kingdee use organisation (FUseOrgId) from the 旺店通 shop number, e.g.
 * {@code 005,006,007,0081,0091 → DZ} and {@code 002,003,004,0071 → BZ}. A shop with no rule is never guessed.
 */
public final class OrgRule {

    private final Map<String, String> orgByShop;

    private OrgRule(Map<String, String> orgByShop) {
        this.orgByShop = Collections.unmodifiableMap(orgByShop);
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
        return new OrgRule(orgByShop);
    }

    /** The organisation for a shop; empty when no rule names the shop (compared exactly, after trimming). */
    public Optional<String> orgFor(String shopNo) {
        return shopNo == null ? Optional.empty() : Optional.ofNullable(orgByShop.get(shopNo.trim()));
    }

    public Map<String, String> orgByShop() {
        return orgByShop;
    }

    @Override
    public String toString() {
        return "OrgRule" + orgByShop;
    }
}
