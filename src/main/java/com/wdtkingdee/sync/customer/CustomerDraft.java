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
 * @param fields      the mapped BD_Customer fields ({@code customer.field.*}), without the identity (FNumber,
 *                    FCUSTID); empty when not mapped yet
 */
public record CustomerDraft(CustomerKey key, String number, String name, String taxCode,
                            String stockoutNo, String stockoutId, String shopNo, java.util.Map<String, Object> fields) {

    public CustomerDraft {
        fields = fields == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** A draft whose fields are not mapped yet. */
    public CustomerDraft(CustomerKey key, String number, String name, String taxCode, String stockoutNo,
                         String stockoutId, String shopNo) {
        this(key, number, name, taxCode, stockoutNo, stockoutId, shopNo, java.util.Map.of());
    }

    /** This draft with its mapped fields. */
    public CustomerDraft withFields(java.util.Map<String, Object> mapped) {
        return new CustomerDraft(key, number, name, taxCode, stockoutNo, stockoutId, shopNo, mapped);
    }

    public String useOrg() {
        return key.useOrg();
    }
}
