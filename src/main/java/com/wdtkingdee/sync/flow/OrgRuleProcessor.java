package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.NoOrgRuleException;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.customer.StockoutOrder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The processor of the shop-number organisation rule: sets the use organisation of the order in the body as the
 * exchange property {@value OrderSteps#ORG_PROPERTY}. A shop without a rule is a permanent failure of the order
 * ({@link NoOrgRuleException}): the dead-letter channel parks it with the reason, nothing is guessed.
 */
public final class OrgRuleProcessor implements Processor {

    private final OrgRule rule;

    public OrgRuleProcessor(OrgRule rule) {
        this.rule = rule;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(DeadLetterParker.STAGE_PROPERTY, "org-rule");
        StockoutOrder order = exchange.getMessage().getBody(StockoutOrder.class);
        String org = rule.orgFor(order.shopNo()).orElseThrow(() -> new NoOrgRuleException(order.shopNo()));
        exchange.setProperty(OrderSteps.ORG_PROPERTY, org);
    }
}
