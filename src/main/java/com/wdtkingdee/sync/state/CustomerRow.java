package com.wdtkingdee.sync.state;

import java.time.Instant;

/**
 * A stored customer registry row.
 *
 * @param id              surrogate id
 * @param useOrg          use organisation
 * @param titleKey        normalised invoice title
 * @param number          the customer's stable number (FNumber); never changes
 * @param fcustid         the target's FCUSTID once saved or found (else null)
 * @param name            invoice title, trimmed
 * @param taxCode         tax registration code
 * @param firstStockoutNo stockout order that first produced this customer
 * @param status          life cycle state
 * @param reason          why it failed (null unless FAILED)
 * @param allocatedAt     when it was allocated to the distribution org (null if not yet)
 */
public record CustomerRow(long id, String useOrg, String titleKey, String number, String fcustid,
                          String name, String taxCode, String firstStockoutNo, CustomerStatus status,
                          String reason, Instant allocatedAt) {

    /** The registry key, {@code useOrg + "|" + titleKey}. */
    public String key() {
        return CustomerRegistry.key(useOrg, titleKey);
    }
}
