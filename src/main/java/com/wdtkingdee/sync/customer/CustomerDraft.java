package com.wdtkingdee.sync.customer;

/**
 * A customer derived from one stockout order, before it is written to Kingdee.
 *
 * @param key         registry key (use org, normalised title)
 * @param number      the stable FNumber
 * @param name        FName: the invoice title, trimmed
 * @param taxCode     FTAXREGISTERCODE: invoice_content, trimmed ("" when absent)
 * @param stockoutNo  the stockout that produced this customer (traceability)
 * @param stockoutId  its stockout_id
 * @param shopNo      its shop
 */
public record CustomerDraft(CustomerKey key, String number, String name, String taxCode,
                            String stockoutNo, String stockoutId, String shopNo) {

    public String useOrg() {
        return key.useOrg();
    }
}
