package com.wdtkingdee.sync.state;

import java.util.Objects;

/**
 * A customer to register, as derived from one stockout order.
 *
 * @param useOrg     use organisation (FUseOrgId number), part of the key
 * @param titleKey   normalised invoice title, part of the key
 * @param number     number to store if the key is new (ignored if the key already exists)
 * @param name       invoice title, trimmed
 * @param taxCode    tax registration code (may be null)
 * @param stockoutNo stockout order number that produced it (may be null)
 * @param stockoutId stockout order id that produced it (may be null)
 */
public record CustomerCandidate(String useOrg, String titleKey, String number, String name,
                                String taxCode, String stockoutNo, String stockoutId) {

    public CustomerCandidate {
        Objects.requireNonNull(useOrg, "useOrg");
        Objects.requireNonNull(titleKey, "titleKey");
        Objects.requireNonNull(number, "number");
    }

    /** The registry key, {@code useOrg + "|" + titleKey}. */
    public String key() {
        return CustomerRegistry.key(useOrg, titleKey);
    }
}
