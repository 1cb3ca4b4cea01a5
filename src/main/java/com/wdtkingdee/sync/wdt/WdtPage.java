package com.wdtkingdee.sync.wdt;

import com.wdtkingdee.sync.customer.StockoutOrder;

import java.util.List;

/**
 * One parsed page of stockout orders.
 *
 * @param totalCount {@code total_count} as sent, or null when absent (reliable only on page 0)
 * @param orders     the orders of the page in response order; never null (an absent list is empty)
 */
public record WdtPage(Long totalCount, List<StockoutOrder> orders) {

    public WdtPage {
        orders = orders == null ? List.of() : List.copyOf(orders);
    }
}
