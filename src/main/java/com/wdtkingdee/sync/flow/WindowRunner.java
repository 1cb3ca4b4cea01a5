package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.WindowCounts;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;

/**
 * Beans of the window route: {@link #open} starts the window's run-log row, {@link #complete} commits the counts
 * and advances the checkpoint to the window's end in one transaction, but only when every batch of the window
 * was resolved (written, found existing or parked); {@link #fail} records the failure and rethrows it.
 */
public final class WindowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WindowRunner.class);

    private final RunLog runLog;
    private final String scheme;
    private final ZoneId zone;

    /**
     * @param reverse    read pages from the last to the first ({@code wdt.reverse-paging})
     * @param countCheck compare distinct orders with {@code total_count} ({@code wdt.count-check})
     * @param rereads    re-reads of a window whose count does not match ({@code wdt.rereads})
     */
    public record Paging(boolean reverse, boolean countCheck, int rereads) {
    }

    private final Paging paging;
    private org.apache.camel.processor.aggregate.AggregateController batchController;

    /** The aggregator's controller: a failed window discards its customers waiting for a batch. */
    public WindowRunner batchController(org.apache.camel.processor.aggregate.AggregateController controller) {
        this.batchController = controller;
        return this;
    }
    private java.util.function.Consumer<WindowCounts> listener = c -> { };

    /** Told of every completed window's counts (metrics). */
    public WindowRunner listener(java.util.function.Consumer<WindowCounts> listener) {
        this.listener = listener;
        return this;
    }

    public WindowRunner(RunLog runLog, String scheme, ZoneId zone, Paging paging) {
        this.paging = paging;
        this.runLog = runLog;
        this.scheme = scheme;
        this.zone = zone;
    }

    /**
     * Route step (body: the {@link Window}), writes the run log: the window's RUNNING row; returns the window's
     * state, which the route sets as the property {@value WindowState#PROPERTY}.
     */
    public WindowState open(Exchange exchange) {
        Window window = exchange.getMessage().getBody(Window.class);
        long cycleId = exchange.getProperty(SyncCycle.CYCLE_PROPERTY, 0L, Long.class);
        long runId = runLog.startWindow(cycleId, scheme, window.from(), window.to());
        return new WindowState(runId, window, paging.reverse());
    }

    /** Begins a pass over the window's pages (the first, or a re-read after a count mismatch). */
    public void beginPass(Exchange exchange) {
        exchange.getProperty(WindowState.PROPERTY, WindowState.class).beginPass();
    }

    /**
     * After a pass: the distinct orders read must equal the {@code total_count} of page 0 (rows that moved
     * while paging are otherwise missed or read twice). A mismatch reads the window again, at most
     * {@code wdt.rereads} times, then fails the window.
     *
     * @return whether the window is read again (the window route's header {@code WdtReadAgain})
     */
    public boolean checkCount(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (!paging.countCheck() || w.countMatches()) {
            return false;
        }
        String what = "window " + describe(w) + " read " + w.distinctOrders() + " distinct orders but total_count is "
                + w.totalCount();
        if (w.passes() <= paging.rereads()) {
            LOG.warn("{}: reading it again (pass {})", what, w.passes() + 1);
            return true;
        }
        throw new PermanentFailure(what + " after " + w.passes() + " pass(es): the source kept changing while paging");
    }

    /** The aggregator's output: a batch that was neither written nor parked fails its window. */
    public void batchFailed(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (w != null) {
            w.batchFailed(cause);
        }
    }

    /**
     * After the window's pages: waits for the batches still in the writer pool (sync.max-in-flight), so the
     * checkpoint commits only after the window's last batch is resolved.
     */
    public void awaitBatches(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        w.awaitBatches();
        checkBatches(exchange);
    }

    /** After each page: a batch that failed beyond its dead-letter channel fails the window now. */
    public void checkBatches(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        Throwable failure = w.batchFailure();
        if (failure != null) {
            throw new IllegalStateException("a batch of window " + describe(w) + " was neither written nor parked: "
                    + DeadLetterParker.reason(failure), failure);
        }
    }

    /**
     * Before the commit: every batch of the window must be resolved. Sets the named parameters of the commit
     * statement ({@code sql/complete-window.sql}: counts and checkpoint in one statement) as the header
     * {@code CamelJdbcParameters}, and returns whether the checkpoint moves (a dry run, re-scan or reconciliation
     * keeps it).
     */
    public boolean commitParameters(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        checkBatches(exchange);
        if (w.unresolvedBatches() != 0) {
            throw new IllegalStateException(w.unresolvedBatches() + " batch(es) of window " + describe(w)
                    + " were neither written nor parked");
        }
        WindowCounts c = w.counts();
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("runId", w.runId());
        p.put("scheme", scheme);
        p.put("checkpoint", java.time.OffsetDateTime.ofInstant(w.window().to(), java.time.ZoneOffset.UTC));
        p.put("pages", c.pages());
        p.put("orders", c.orders());
        p.put("filtered", c.filtered());
        p.put("customersSent", c.customersSent());
        p.put("saved", c.saved());
        p.put("existing", c.existing());
        p.put("failed", c.failed());
        p.put("deadLettered", c.deadLettered());
        p.put("alreadyWritten", c.alreadyWritten());
        p.put("repeated", c.repeated());
        exchange.getMessage().setHeader("CamelJdbcParameters", p);
        return mode.advancesCheckpoint();
    }

    /** After the commit statement: exactly one row must have changed, else the window was not running. */
    public void committed(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        int updated = exchange.getMessage().getHeader("CamelJdbcUpdateCount", 0, Integer.class);
        if (updated != 1) {
            throw new IllegalStateException("cannot complete window " + w.runId() + " (" + describe(w) + "): "
                    + runLog.explain(w.runId(), scheme) + "; checkpoint not moved");
        }
        WindowCounts c = w.counts();
        listener.accept(c);
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        boolean writes = mode.writes();
        w.parkedByReason().forEach((reason, parked) -> LOG.warn("Window {}: {} {} order(s): {} (e.g. {})",
                describe(w), writes ? "parked" : "would park", parked.count(), reason,
                String.join(", ", parked.samples())));
        LOG.info("Window {} ({}): pages={} {} ({} ms)", describe(w), zone, c.pages(), buckets(c, writes),
                elapsedMs(exchange));
        if (!c.bucketsAddUp()) {
            // never expected: an order in no bucket (or in two) is a defect of the counting, not of the sync
            LOG.warn("Window {}: the buckets add up to {}, not to the {} order(s) read ({} customer(s) of its batches"
                    + " without an outcome)", describe(w), c.bucketed(), c.orders(), w.unsettled());
        }
    }

    /**
     * The window's counts in the words of the README, every order read in one bucket:
     * {@code read=… filtered=… parked=… new=… existing=… already-written=… repeated=…}; a dry run says would-park and
     * would-write.
     */
    public static String buckets(WindowCounts c, boolean writes) {
        return "read=" + c.orders()
                + " " + Bucket.FILTERED.word(writes) + "=" + c.filtered()
                + " " + Bucket.PARKED.word(writes) + "=" + c.deadLettered()
                + " " + Bucket.NEW.word(writes) + "=" + c.saved()
                + " " + Bucket.EXISTING.word(writes) + "=" + c.existing()
                + " " + Bucket.ALREADY_WRITTEN.word(writes) + "=" + c.alreadyWritten()
                + " " + Bucket.REPEATED.word(writes) + "=" + c.repeated();
    }

    public void fail(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = DeadLetterParker.reason(cause);
        if (w != null) {
            // batches of this window still in the writer pool finish (or fail) before the window is given up
            w.awaitBatches();
            WindowCounts c = w.counts();
            runLog.failWindow(w.runId(), c, reason);
            LOG.error("Window {} ({}) FAILED after pages={} {}: {}; its checkpoint stays, the next cycle reads it"
                    + " again", describe(w), zone, c.pages(),
                    buckets(c, exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class).writes()),
                    reason);
            if (batchController != null) {
                batchController.forceDiscardingOfGroup(Long.toString(w.runId()));
            }
        }
        throw new WindowFailedException("window " + (w == null ? "?" : describe(w)) + " failed: " + reason, cause);
    }

    private String describe(WindowState w) {
        return Settings.ERP_TIME.format(w.window().fromLocal(zone)) + " → " + Settings.ERP_TIME.format(w.window().toLocal(zone));
    }

    /** The window's time so far: its exchange is created for it (a sub-exchange of the cycle's split). */
    private static long elapsedMs(Exchange exchange) {
        return exchange.getClock().elapsed();
    }

    /** A window that did not complete; its checkpoint was not advanced. */
    public static final class WindowFailedException extends RuntimeException {
        public WindowFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
