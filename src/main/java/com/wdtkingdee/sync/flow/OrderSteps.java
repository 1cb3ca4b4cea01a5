package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.NoOrgRuleException;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.customer.StockoutOrder;
import org.apache.camel.Exchange;

/** Beans of the per-order steps: blank-title filter, organisation rule, mapping to a customer. */
public final class OrderSteps {

    public static final String ORG_PROPERTY = "useOrg";

    private final OrgRule orgRule;
    private final CustomerMapper mapper;

    public OrderSteps(OrgRule orgRule, CustomerMapper mapper) {
        this.orgRule = orgRule;
        this.mapper = mapper;
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

    /** Chooses the use organisation from the shop; a shop without a rule is a permanent failure of the order. */
    public void assignOrg(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, "org-rule");
        StockoutOrder order = exchange.getMessage().getBody(StockoutOrder.class);
        String org = orgRule.orgFor(order.shopNo()).orElseThrow(() -> new NoOrgRuleException(order.shopNo()));
        exchange.setProperty(ORG_PROPERTY, org);
    }

    public CustomerDraft toCustomer(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, "mapping");
        StockoutOrder order = exchange.getMessage().getBody(StockoutOrder.class);
        return mapper.toCustomer(order, exchange.getProperty(ORG_PROPERTY, String.class));
    }
}
