package com.wdtkingdee.sync.customer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a stockout order to a customer (design section 1) and a customer to a Kingdee {@code BD_Customer} Model
 * row. Base-data references are {@code {"FNumber": …}} objects; field order follows the Kingdee template.
 */
public final class CustomerMapper {

    private final MappingConfig config;

    public CustomerMapper(MappingConfig config) {
        this.config = config;
    }

    /**
     * @param org the use organisation chosen by the {@link OrgRule}
     * @throws IllegalArgumentException when the title is blank (callers filter those first)
     */
    public CustomerDraft toCustomer(StockoutOrder order, String org) {
        if (InvoiceTitles.isBlank(order.invoiceTitle())) {
            throw new IllegalArgumentException("order " + order.orderNo() + " has a blank invoice title");
        }
        CustomerKey key = CustomerKey.of(org, order.invoiceTitle());
        String tax = order.invoiceContent() == null ? "" : InvoiceTitles.clean(order.invoiceContent());
        return new CustomerDraft(key, key.number(config.numberPrefix()), InvoiceTitles.clean(order.invoiceTitle()),
                tax, order.orderNo(), order.stockoutId(), order.shopNo());
    }

    /** The BatchSave {@code Model} row of a new customer. */
    public Map<String, Object> toModel(CustomerDraft c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FCUSTID", 0);
        m.put("FCreateOrgId", ref(config.createOrg()));
        m.put("FNumber", c.number());
        m.put("FUseOrgId", ref(c.useOrg()));
        m.put("FName", c.name());
        m.put("FINVOICETITLE", c.name());
        m.put("FTAXREGISTERCODE", c.taxCode());
        m.put("FGroup", ref(config.group()));
        m.put("FTRADINGCURRID", ref(config.tradingCurrency()));
        return m;
    }

    private static Map<String, Object> ref(String number) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("FNumber", number);
        return r;
    }

    public MappingConfig config() {
        return config;
    }
}
