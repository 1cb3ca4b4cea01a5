package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.wdt.WdtResponseParser;

import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.wdt.CallRateLimiter;
import com.wdtkingdee.sync.wdt.QimenRequestBuilder;
import com.wdtkingdee.sync.wdt.WdtApiException;
import com.wdtkingdee.sync.wdt.WdtPage;
import com.wdtkingdee.sync.wdt.WdtProtocol;
import com.wdtkingdee.sync.wdt.WdtQuery;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two beans around the HTTP producer that calls the stockout query (Qimen or openapi2): {@link #request}
 * turns the window's current page into a signed form POST, {@link #page} turns the answer into the page's orders
 * (or a typed failure); {@link #pageRead} records the page in the window's paging position and answers the
 * header {@code WdtMorePages} of the fetch route. A retried page is signed again with a fresh timestamp.
 */
public final class SourcePager {

    private final WdtProtocol protocol;
    private final CallRateLimiter limiter;
    private final ZoneId zone;
    private final int pageSize;
    private final int maxPages;
    private final Map<String, String> businessParams;
    private Sleeper sleeper = Thread::sleep;
    private Listener listener = new Listener() {
        @Override
        public void call() {
        }

        @Override
        public void ban() {
        }
    };
    static final long MAX_BAN_WAIT_SECONDS = 300;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourcePager.class);

    public SourcePager(WdtProtocol protocol, CallRateLimiter limiter, ZoneId zone,
                       int pageSize, int maxPages, Map<String, String> businessParams) {
        this.protocol = protocol;
        this.limiter = limiter;
        this.zone = zone;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.businessParams = new LinkedHashMap<>(businessParams);
    }

    public void request(Exchange exchange) throws InterruptedException {
        if (exchange.getContext().isStopping()) {
            // graceful shutdown: abandon the window at a page boundary; its checkpoint stays, the next start re-reads it
            throw new ShuttingDown("shutting down: window abandoned before page " + window(exchange).pageNo()
                    + ", it is read again at the next start");
        }
        limiter.acquire();
        listener.call();
        WindowState w = window(exchange);
        WdtQuery query = new WdtQuery(w.window().fromLocal(zone), w.window().toLocal(zone), w.pageNo(), pageSize,
                businessParams);
        Map<String, String> params = protocol.params(query);
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded;charset=UTF-8");
        m.setBody(QimenRequestBuilder.formBody(params));
    }

    /** Route step right after the HTTP call: a non-2xx status or an empty body is a typed source failure. */
    public void check(Exchange exchange) {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = m.getBody(String.class);
        try {
            WdtResponseParser.checkRaw(status, body);
        } catch (WdtApiException e) {
            throw failed(window(exchange), e);
        }
        m.setBody(body);
    }

    /** The route's doCatch when camel-jackson could not read the answer: a malformed answer, retried. */
    public void unreadable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw failed(window(exchange), WdtResponseParser.unreadable(
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getMessage().getBody(String.class), cause));
    }

    /**
     * Route step after {@code unmarshal}: the envelope read into the page ({@code total_count} and orders). Changes
     * nothing: the fetch route records the page in the window's paging position ({@link #pageRead}).
     */
    public WdtPage page(Exchange exchange) {
        WindowState w = window(exchange);
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode root = m.getBody(JsonNode.class);
        m.removeHeaders("*", "CamelRedelivery*");
        WdtPage page;
        try {
            page = protocol.parse(status, root);
        } catch (WdtApiException e) {
            throw failed(w, e);
        }
        m.removeHeaders("CamelRedelivery*");   // the page succeeded: the next page gets its own retry budget
        return page;
    }

    /**
     * Route step of {@code fetch-page} ({@code setHeader WdtMorePages}): records the page read (body, a
     * {@link WdtPage}) in the window's paging position (in memory: page number, {@code total_count}, distinct ids)
     * and answers whether another page follows.
     *
     * @throws PermanentFailure when another page is needed beyond {@code sync.max-pages}
     */
    public boolean pageRead(Exchange exchange) {
        WdtPage page = exchange.getMessage().getBody(WdtPage.class);
        return window(exchange).pageFetched(page.totalCount(),
                page.orders().stream().map(StockoutOrder::stockoutId).toList(), pageSize, maxPages);
    }

    /** A source failure of the current page: retried (after waiting out a ban) or permanent. */
    private RuntimeException failed(WindowState w, WdtApiException e) {
        String where = "page " + w.pageNo() + " of window "
                + com.wdtkingdee.sync.config.Settings.ERP_TIME.format(w.window().fromLocal(zone)) + " → "
                + com.wdtkingdee.sync.config.Settings.ERP_TIME.format(w.window().toLocal(zone));
        if (e.retryable()) {
            waitOutBan(e);
            return new SourceRetry(where + ": " + e.getMessage(), e);
        }
        return new PermanentFailure(where + ": " + e.getMessage(), e);
    }

    /**
     * A rate-limit ban ("This ban will last for N more seconds") is waited out (N + 1 s, at most
     * {@value #MAX_BAN_WAIT_SECONDS} s) before the page is retried, so the retry is not banned again.
     */
    private void waitOutBan(WdtApiException e) {
        Long ban = e.banSeconds();
        if (ban == null || ban <= 0) {
            return;
        }
        listener.ban();
        long seconds = Math.min(ban + 1, MAX_BAN_WAIT_SECONDS);
        LOG.warn("旺店通 rate limit: banned for {} s, waiting {} s before the retry", ban, seconds);
        try {
            sleeper.sleep(seconds * 1000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SourceRetry("interrupted while waiting out a rate-limit ban", e);
        }
    }

    /** Waits; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** Told of every call and every ban (metrics). */
    public interface Listener {
        void call();

        void ban();
    }

    public SourcePager listener(Listener listener) {
        this.listener = listener;
        return this;
    }

    public SourcePager sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    private static WindowState window(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w == null) {
            throw new IllegalStateException("no window on the exchange");
        }
        return w;
    }

    /** The application is stopping: the window is abandoned cleanly (not retried, not a dead letter). */
    public static final class ShuttingDown extends PermanentFailure {
        public ShuttingDown(String message) {
            super(message);
        }
    }

    /** A transient source failure (busy, ban, 5xx, malformed body): the page is fetched again after a backoff. */
    public static final class SourceRetry extends RuntimeException {
        private final WdtApiException apiError;

        public SourceRetry(String message, WdtApiException cause) {
            super(message, cause);
            this.apiError = cause;
        }

        public WdtApiException apiError() {
            return apiError;
        }
    }
}
