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

    public void open(Exchange exchange) {
        Window window = exchange.getMessage().getBody(Window.class);
        long cycleId = exchange.getProperty(SyncCycle.CYCLE_PROPERTY, 0L, Long.class);
        long runId = runLog.startWindow(cycleId, scheme, window.from(), window.to());
        exchange.setProperty(WindowState.PROPERTY, new WindowState(runId, window, paging.reverse()));
        exchange.setProperty("windowStartedNanos", System.nanoTime());
    }

    /** Begins a pass over the window's pages (the first, or a re-read after a count mismatch). */
    public void beginPass(Exchange exchange) {
        exchange.getProperty(WindowState.PROPERTY, WindowState.class).beginPass();
    }

    /**
     * After a pass: the distinct orders read must equal the {@code total_count} of page 0 (rows that moved
     * while paging are otherwise missed or read twice). A mismatch reads the window again, at most
     * {@code wdt.rereads} times, then fails the window.
     */
    public void checkCount(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (!paging.countCheck() || w.countMatches()) {
            return;
        }
        String what = "window " + describe(w) + " read " + w.distinctOrders() + " distinct orders but total_count is "
                + w.totalCount();
        if (w.passes() <= paging.rereads()) {
            LOG.warn("{}: reading it again (pass {})", what, w.passes() + 1);
            w.requestPass();
            return;
        }
        throw new PermanentFailure(what + " after " + w.passes() + " pass(es): the source kept changing while paging");
    }

    public void complete(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        if (w.unresolvedBatches() != 0) {
            throw new IllegalStateException(w.unresolvedBatches() + " batch(es) of window " + describe(w)
                    + " were neither written nor parked");
        }
        WindowCounts c = w.counts();
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        if (mode.advancesCheckpoint()) {
            runLog.completeWindow(w.runId(), c, scheme, w.window().to());
        } else {
            runLog.completeWindowKeepingCheckpoint(w.runId(), c, scheme);
        }
        listener.accept(c);
        LOG.info("Window {}: pages={} orders={} filtered={} customers sent={} saved={} existing={} failed={} ({} ms)",
                describe(w), c.pages(), c.orders(), c.filtered(), c.customersSent(), c.saved(), c.existing(),
                c.failed(), elapsedMs(exchange));
    }

    public void fail(Exchange exchange) {
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = DeadLetterParker.reason(cause);
        if (w != null) {
            WindowCounts c = w.counts();
            runLog.failWindow(w.runId(), c, reason);
            LOG.error("Window {} FAILED after pages={} orders={}: {}", describe(w), c.pages(), c.orders(), reason);
        }
        throw new WindowFailedException("window " + (w == null ? "?" : describe(w)) + " failed: " + reason, cause);
    }

    private String describe(WindowState w) {
        return Settings.ERP_TIME.format(w.window().fromLocal(zone)) + " → " + Settings.ERP_TIME.format(w.window().toLocal(zone));
    }

    private static long elapsedMs(Exchange exchange) {
        Long start = exchange.getProperty("windowStartedNanos", Long.class);
        return start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
    }

    /** A window that did not complete; its checkpoint was not advanced. */
    public static final class WindowFailedException extends RuntimeException {
        public WindowFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
