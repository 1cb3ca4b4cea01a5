package com.wdtkingdee.sync.customer;


/**
 * Maps a stockout order to a customer draft: its key, its stable number, the cleaned title and tax code (design
 * section 1). The BD_Customer fields themselves are declared in {@code customer.field.*} ({@link CustomerFields}).
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

    public MappingConfig config() {
        return config;
    }
}
