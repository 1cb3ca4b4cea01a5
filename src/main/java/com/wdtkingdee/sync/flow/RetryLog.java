package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.List;

/**
 * The retry line of the product, one per redelivery, in its words (Camel's own redelivery lines are off): what
 * failed (page 3 of window 2026-11-29 13:58 → 14:08, Kingdee BatchSave of 100 customers, stockout CK…), the cause
 * in a few words, attempt n of m and the wait. The {@code onRedeliveryRef} of {@code routes/error-handling.camel.yaml}.
 */
public final class RetryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLog.class);

    private final int maxRedeliveries;
    private final long delayMs;
    private final double multiplier;
    private final long maxDelayMs;
    private final ZoneId zone;

    public RetryLog(Settings.Retry retry, ZoneId zone) {
        this.maxRedeliveries = retry.maxRedeliveries();
        this.delayMs = retry.delayMs();
        this.multiplier = retry.multiplier();
        this.maxDelayMs = retry.maxDelayMs();
        this.zone = zone;
    }

    @Override
    public void process(Exchange exchange) {
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String what = what(exchange);
        String why = cause(what, cause);
        LOG.warn("Retrying {} (attempt {} of {}, after {}): {}", what, attempt + 1, maxRedeliveries + 1,
                wait(attempt), why);
    }

    /** The cause in a few words, without a leading "page N of window …: " that the line already says. */
    static String cause(String what, Throwable cause) {
        String why = brief(cause);
        return why.startsWith(what + ": ") ? why.substring(what.length() + 2) : why;
    }

    /** The wait before redelivery n (1-based), as the exponential policy computes it. */
    String wait(int redelivery) {
        double d = delayMs * Math.pow(multiplier, Math.max(0, redelivery - 1));
        long ms = (long) Math.min(d, maxDelayMs);
        return ms < 1000 ? ms + " ms" : (ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.1f s", ms / 1000.0));
    }

    private String what(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        String stage = exchange.getProperty(DeadLetterParker.STAGE_PROPERTY, String.class);
        Object body = exchange.getMessage().getBody();
        List<?> customers = exchange.getProperty(BatchWriter.CUSTOMERS_PROPERTY, List.class);
        if (BatchWriter.STAGE.equals(stage) && customers != null) {
            return "Kingdee BatchSave + Allocate of " + customers.size() + " customer(s)"
                    + (w == null ? "" : " of window " + window(w));
        }
        if (body instanceof com.wdtkingdee.sync.customer.StockoutOrder o) {
            return "stockout " + o.orderNo() + " (shop " + o.shopNo() + ")";
        }
        if (w != null) {
            return "page " + w.pageNo() + " of window " + window(w);
        }
        return exchange.getFromRouteId() == null ? "a step" : "route " + exchange.getFromRouteId();
    }

    private String window(WindowState w) {
        return Settings.ERP_TIME.format(w.window().fromLocal(zone)) + " → "
                + Settings.ERP_TIME.format(w.window().toLocal(zone));
    }

    /** The cause in a few words: the innermost message that says something, without stack or class noise. */
    static String brief(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        if (t instanceof org.apache.camel.CamelExchangeException && t.getCause() != null) {
            return brief(t.getCause());   // "Multicast processing failed for number 0. Exchange[…]" says nothing
        }
        String m = t.getMessage();
        if ((m == null || m.isBlank()) && t.getCause() != null) {
            return brief(t.getCause());
        }
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        text = text.replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
