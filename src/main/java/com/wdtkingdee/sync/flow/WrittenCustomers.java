package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerKey;
import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.state.WrittenCustomerLookup;
import org.apache.camel.Exchange;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Customers the registry already holds as written are dropped before batching, so that each BatchSave carries up
 * to {@code sync.batch-size} customers that need a write. Two route steps:
 * <ol>
 *   <li>{@link #lookupPage}, after each page is read: one registry query for the customers of the page's orders
 *       (their keys come from the same organisation rule and title normalisation as the order route's), kept as
 *       the exchange property {@value #PROPERTY} that the page's split orders inherit;</li>
 *   <li>{@link #needsWrite}, the order route's filter after the mapping: false for a customer of that set (its first
 *       order in the window counted "already written"), and false for a customer that an earlier order of the window
 *       already carried (counted "repeated"; a repeated title never fills a second batch, even across batches).</li>
 * </ol>
 * Only in the modes that write: a dry run prints, and a reconciliation checks, every customer of its period.
 * The batch's own registry step still checks every customer it is given (a customer written by another batch after
 * its page was looked up is found there), so this filter saves calls; it is never what prevents a duplicate.
 */
public final class WrittenCustomers {

    /** Exchange property: the ids of the current page's customers that are already written. */
    public static final String PROPERTY = "writtenCustomers";

    private final OrgRule rule;
    private final Function<Collection<CustomerKey>, Set<String>> lookup;

    public WrittenCustomers(OrgRule rule, WrittenCustomerLookup lookup) {
        this(rule, lookup::writtenAmong);
    }

    WrittenCustomers(OrgRule rule, Function<Collection<CustomerKey>, Set<String>> lookup) {
        this.rule = rule;
        this.lookup = lookup;
    }

    /**
     * Route step after each page (body: the page's orders): one registry lookup for all their customers. Only in the
     * modes that write: a dry run prints, and a reconciliation checks, every customer of the period. Returns the
     * ids of the page's customers already written (the route sets them as the property {@value #PROPERTY}); null
     * in the other modes.
     */
    public Set<String> lookupPage(Exchange exchange) {
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        if (!mode.writes()) {
            return null;   // the route's setProperty removes the property
        }
        List<?> orders = exchange.getMessage().getBody(List.class);
        return orders == null ? Set.of() : lookup.apply(keysOf(orders));
    }

    /** The distinct customer keys of the orders that have an invoice title and a shop with a rule. */
    Set<CustomerKey> keysOf(List<?> orders) {
        Set<CustomerKey> keys = new LinkedHashSet<>();
        for (Object o : orders) {
            if (o instanceof StockoutOrder order && !InvoiceTitles.isBlank(order.invoiceTitle())) {
                rule.orgFor(order.shopNo()).ifPresent(org -> keys.add(CustomerKey.of(org, order.invoiceTitle())));
            }
        }
        return keys;
    }

    /**
     * Filter predicate (body: the customer draft): true when the order carries its customer to a batch. False, and
     * the order counted in its bucket, when the customer is already written (the first order of that customer in the
     * window: {@link Bucket#ALREADY_WRITTEN}) or when an earlier order of the window already carried it (batched or
     * found written: {@link Bucket#REPEATED}). In the modes that only read there is no registry lookup, but a
     * customer still goes to one batch per window.
     */
    public boolean needsWrite(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Set<String> written = exchange.getProperty(PROPERTY, Set.class);
        CustomerDraft draft = exchange.getMessage().getBody(CustomerDraft.class);
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w == null || draft == null) {
            return true;   // a call outside a window's page
        }
        boolean first = w.firstInWindow(draft.key());
        if (!first) {
            w.landed(Bucket.REPEATED, 1);
            return false;
        }
        if (written != null && written.contains(draft.key().id())) {
            w.landed(Bucket.ALREADY_WRITTEN, 1);
            return false;
        }
        return true;
    }
}
