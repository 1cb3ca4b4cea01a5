package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.SchemeLock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Beans of the cycle route: {@link #begin} plans the windows from the checkpoint (body = the windows),
 * {@link #end} and {@link #fail} close the cycle's run-log row and record the {@link CycleOutcome}.
 */
public final class SyncCycle {

    public static final String CYCLE_PROPERTY = "cycleId";
    /** The cycle's number within its scheme (1, 2, 3 …), the one the log lines show. */
    public static final String CYCLE_NUMBER_PROPERTY = "cycleNumber";
    public static final String WINDOWS_DONE_PROPERTY = "windowsDone";
    public static final String LOCK_PROPERTY = "schemeLock";
    public static final String PERIOD_FROM_HEADER = "PeriodFrom";
    public static final String PERIOD_TO_HEADER = "PeriodTo";
    public static final String SKIPPED_PROPERTY = "cycleSkipped";
    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);

    private final Settings.Sync settings;
    private final WindowPlanner planner;
    private final CheckpointStore checkpoints;
    private final RunLog runLog;
    private final DeadLetterStore deadLetters;
    private final SchemeLock schemeLock;
    private final Clock clock;
    private final CycleMode defaultMode;
    private final WindowPlanner rescanPlanner;
    private final java.time.Duration rescanSpan;
    private final AtomicReference<CycleOutcome> last = new AtomicReference<>();
    private java.util.function.Consumer<Boolean> listener = failed -> { };

    /** Told of every finished cycle, with true when it failed (metrics). */
    public SyncCycle listener(java.util.function.Consumer<Boolean> listener) {
        this.listener = listener;
        return this;
    }

    public SyncCycle(Settings.Sync settings, CheckpointStore checkpoints, RunLog runLog, DeadLetterStore deadLetters,
                     SchemeLock schemeLock, Clock clock, CycleMode defaultMode, java.time.Duration rescanSpan) {
        this.schemeLock = schemeLock;
        this.settings = settings;
        this.planner = new WindowPlanner(settings.lookback(), settings.lag(), settings.maxWindow());
        this.checkpoints = checkpoints;
        this.runLog = runLog;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.defaultMode = defaultMode;
        this.rescanSpan = rescanSpan;
        this.rescanPlanner = new WindowPlanner(java.time.Duration.ZERO, settings.lag(), settings.maxWindow());
    }

    public List<Window> begin(Exchange exchange) {
        // waits for a retry-ladder run of this process; skips only when another process holds the scheme
        Optional<SchemeLock.Held> lock = schemeLock.acquire(settings.scheme());
        if (lock.isEmpty()) {
            schemeLock.logSkipped(settings.scheme(), "this cycle is skipped");
            exchange.setProperty(SKIPPED_PROPERTY, true);
            return List.of();
        }
        exchange.setProperty(LOCK_PROPERTY, lock.get());
        int abandoned = runLog.markAbandoned(settings.scheme());
        if (abandoned > 0) {
            LOG.warn("Marked {} run-log row(s) left RUNNING by an interrupted process as FAILED", abandoned);
        }
        CycleMode cycleMode = exchange.getMessage().getHeader(CycleMode.PROPERTY, defaultMode, CycleMode.class);
        exchange.setProperty(CycleMode.PROPERTY, cycleMode);
        long cycleId = runLog.startCycle(settings.scheme(), cycleMode.label());
        exchange.setProperty(CYCLE_PROPERTY, cycleId);
        long cycleNo = runLog.cycleNumber(settings.scheme(), cycleId);
        exchange.setProperty(CYCLE_NUMBER_PROPERTY, cycleNo);
        exchange.setProperty(WINDOWS_DONE_PROPERTY, new java.util.concurrent.atomic.AtomicInteger());
        if (cycleMode == CycleMode.RECONCILE) {
            Instant from = exchange.getMessage().getHeader(PERIOD_FROM_HEADER, Instant.class);
            Instant to = exchange.getMessage().getHeader(PERIOD_TO_HEADER, Instant.class);
            List<Window> windows = planner.cut(from, to);
            LOG.info("Reconciliation {} of {}: {} → {} in {} window(s)", cycleNo, settings.scheme(),
                    Settings.ERP_TIME.format(from.atZone(settings.zone())), Settings.ERP_TIME.format(to.atZone(settings.zone())),
                    windows.size());
            return windows;
        }
        if (cycleMode == CycleMode.RESCAN) {
            Instant now = clock.instant();
            List<Window> windows = rescanPlanner.plan(java.util.Optional.empty(), now.minus(rescanSpan), now);
            LOG.info("Re-scan {} of {}: the last {} in {} window(s), checkpoint unchanged", cycleNo, settings.scheme(),
                    rescanSpan, windows.size());
            return windows;
        }
        var checkpoint = checkpoints.get(settings.scheme());
        Instant initial = settings.initialStart().atZone(settings.zone()).toInstant();
        List<Window> windows = planner.plan(checkpoint, initial, clock.instant());
        LOG.info("{} {} of {}: checkpoint {}, {} window(s) to sync", cycleMode == CycleMode.DRY_RUN ? "Dry run" : "Cycle",
                cycleNo, settings.scheme(),
                checkpoint.map(c -> Settings.ERP_TIME.format(c.atZone(settings.zone()))).orElse("none (initial start "
                        + Settings.ERP_TIME.format(settings.initialStart()) + ")"), windows.size());
        return windows;
    }

    public void windowDone(Exchange exchange) {
        windowsDone(exchange).incrementAndGet();
    }

    public void end(Exchange exchange) {
        if (exchange.getProperty(SKIPPED_PROPERTY, false, Boolean.class)) {
            record(exchange, new CycleOutcome(CycleOutcome.Status.SKIPPED, 0, safeCountOpen(), "scheme locked by another process"));
            return;
        }
        long cycleId = exchange.getProperty(CYCLE_PROPERTY, Long.class);
        int windows = windowsDone(exchange).get();
        long open;
        try {
            // the run-log row is finished while the lock is still held, so no other instance sees it RUNNING
            open = deadLetters.countOpen(settings.scheme());
            runLog.finishCycle(cycleId, "DONE", null);
        } finally {
            release(exchange);
        }
        CycleOutcome.Status status = open > 0 ? CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS : CycleOutcome.Status.SYNCED;
        listener.accept(false);
        record(exchange, new CycleOutcome(status, windows, open, null));
        LOG.info("Cycle {} done: {} window(s), {} parked (open in the dead-letter table)",
                exchange.getProperty(CYCLE_NUMBER_PROPERTY, cycleId, Long.class), windows, open);
    }

    public void fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // the split wraps the window's failure ("Multicast processing failed…"): report the window's own words
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WindowRunner.WindowFailedException) {
                cause = t;
                break;
            }
        }
        String error = DeadLetterParker.reason(cause);
        Long cycleId = exchange.getProperty(CYCLE_PROPERTY, Long.class);
        int windows = windowsDone(exchange).get();
        try {
            if (cycleId != null) {
                runLog.finishCycle(cycleId, "FAILED", error);
            }
        } finally {
            release(exchange);
        }
        listener.accept(true);
        long open = safeCountOpen();
        record(exchange, new CycleOutcome(CycleOutcome.Status.FAILED, windows, open, error));
        LOG.error("Cycle {} failed after {} window(s); the checkpoint stays at the last completed window: {}",
                exchange.getProperty(CYCLE_NUMBER_PROPERTY, cycleId, Long.class), windows, error);
    }

    /**
     * A cycle that did not run its windows because Kingdee has not passed the start-up checks (property
     * {@code kingdeeNotReady}, set by the gate of route {@code sync-cycle}): recorded as failed, the checkpoint stays.
     */
    public void notRun(Exchange exchange) {
        String why = exchange.getProperty("kingdeeNotReady", "Kingdee not ready", String.class);
        listener.accept(true);
        record(exchange, new CycleOutcome(CycleOutcome.Status.FAILED, 0, safeCountOpen(), why));
        LOG.warn("Cycle not run: {}; the checkpoint stays, the start-up checks run again before the next cycle", why);
    }

    /** Shared by the split's sub-exchanges (they copy the reference), so each finished window counts. */
    private static java.util.concurrent.atomic.AtomicInteger windowsDone(Exchange exchange) {
        var n = exchange.getProperty(WINDOWS_DONE_PROPERTY, java.util.concurrent.atomic.AtomicInteger.class);
        return n == null ? new java.util.concurrent.atomic.AtomicInteger() : n;
    }

    private static void release(Exchange exchange) {
        SchemeLock.Held held = exchange.getProperty(LOCK_PROPERTY, SchemeLock.Held.class);
        if (held != null) {
            held.close();
            exchange.removeProperty(LOCK_PROPERTY);
        }
    }

    private long safeCountOpen() {
        try {
            return deadLetters.countOpen(settings.scheme());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The cycle's outcome travels on its own exchange (property {@value CycleOutcome#PROPERTY}), read by the alert
     * step and the command line; {@link #lastOutcome()} only remembers the latest for tests and diagnostics, since
     * the service's Quartz threads may finish a cycle and a re-scan at the same time.
     */
    private void record(Exchange exchange, CycleOutcome outcome) {
        exchange.setProperty(CycleOutcome.PROPERTY, outcome);
        last.set(outcome);
    }

    /** The outcome of the last finished cycle of any thread (null before the first); not for alerts. */
    public CycleOutcome lastOutcome() {
        return last.get();
    }
}
