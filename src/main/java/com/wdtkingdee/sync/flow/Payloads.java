package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerKey;
import com.wdtkingdee.sync.customer.StockoutOrder;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON payloads of dead letters: enough to replay the item, never a credential. */
public final class Payloads {

    private final ObjectMapper json;

    public Payloads(ObjectMapper json) {
        this.json = json;
    }

    public String draft(CustomerDraft d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "customer");
        m.put("number", d.number());
        m.put("useOrg", d.useOrg());
        m.put("titleKey", d.key().titleKey());
        m.put("name", d.name());
        m.put("taxCode", d.taxCode());
        m.put("stockoutNo", d.stockoutNo());
        m.put("stockoutId", d.stockoutId());
        m.put("shopNo", d.shopNo());
        if (!d.fields().isEmpty()) {
            m.put("fields", d.fields());
        }
        return write(m);
    }

    public String order(StockoutOrder o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "order");
        m.put("stockout_id", o.stockoutId());
        m.put("order_no", o.orderNo());
        m.put("shop_no", o.shopNo());
        m.put("invoice_title", o.invoiceTitle());
        m.put("invoice_content", o.invoiceContent());
        m.put("consign_time", o.consignTime());
        m.put("modified", o.modified());
        m.put("status", o.status());
        return write(m);
    }

    /** The customer draft stored in a dead-letter payload of type {@code customer}. */
    public CustomerDraft readDraft(String payload) {
        try {
            Map<?, ?> m = json.readValue(payload, Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = m.get("fields") instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of();
            return new CustomerDraft(new CustomerKey(str(m, "useOrg"), str(m, "titleKey")), str(m, "number"),
                    str(m, "name"), str(m, "taxCode"), str(m, "stockoutNo"), str(m, "stockoutId"), str(m, "shopNo"),
                    fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a customer payload: " + e.getOriginalMessage());
        }
    }

    /** The order stored in a dead-letter payload of type {@code order}. */
    public StockoutOrder readOrder(String payload) {
        try {
            Map<?, ?> m = json.readValue(payload, Map.class);
            Object status = m.get("status");
            return new StockoutOrder(str(m, "stockout_id"), str(m, "order_no"), str(m, "shop_no"),
                    str(m, "invoice_title"), str(m, "invoice_content"), str(m, "consign_time"), str(m, "modified"),
                    status == null ? null : Integer.valueOf(status.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an order payload: " + e.getOriginalMessage());
        }
    }

    public String type(String payload) {
        try {
            return json.readTree(payload).path("type").asText("");
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static String str(Map<?, ?> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }

    private String write(Map<String, Object> m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
