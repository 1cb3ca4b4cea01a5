package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.StockoutOrder;
import org.apache.camel.Exchange;

/** The blank-title filter of the order route (the organisation rule and the mapping have their own beans). */
public final class OrderSteps {

    public static final String ORG_PROPERTY = "useOrg";

    public OrderSteps() {
    }

    /** Filter predicate: true when the order has an invoice title; a dropped order is counted, not logged. */
    public boolean hasInvoiceTitle(Exchange exchange) {
        StockoutOrder order = exchange.getMessage().getBody(StockoutOrder.class);
        boolean keep = order != null && !InvoiceTitles.isBlank(order.invoiceTitle());
        if (!keep) {
            WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
            if (w != null) {
                w.filtered();
            }
        }
        return keep;
    }

}
