package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.wdtkingdee.sync.kingdee.KingdeeErrorClassifier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Whether Kingdee passed the start-up checks ({@code kingdee.startup-check}), and the checks themselves:
 * <ul>
 *   <li>{@link #atStart}: runs them, retrying what did not get an answer (HTTP 5xx, timeouts, refused connections,
 *       an open circuit breaker) with a growing pause for up to {@code kingdee.startup-check-timeout}. A definite
 *       wrong value (an unknown group, a refused password) is thrown at once; a Kingdee that stays unreachable is
 *       thrown by {@code --once} (exit 1 "Kingdee unreachable") and leaves the service running with the gate
 *       closed;</li>
 *   <li>{@link #closed}, {@link #passed}, {@link #stillFailing}: before each cycle of the service (route
 *       {@code sync-cycle}) while the gate is closed: the checks run once more (route {@code kingdee-readiness});
 *       the cycle runs its windows only when they pass. The Quartz trigger keeps firing, so the next tick tries
 *       again;</li>
 *   <li>{@link #failing} / {@link #failure}: for {@code /observe/health} (check {@code kingdee}).</li>
 * </ul>
 * Thread-safe: a cycle waits while the start-up retries run.
 */
public final class KingdeeReadiness {

    /** Exchange property: why the cycle did not run (the failing check). */
    public static final String BLOCKED_PROPERTY = "kingdeeNotReady";
    private static final Logger LOG = LoggerFactory.getLogger(KingdeeReadiness.class);

    /** Where the gate stands. */
    public enum State {
        /** No check has run (route tests, or before the start): cycles run. */
        UNCHECKED,
        /** {@code kingdee.startup-check=false} or a dry run: cycles run. */
        OFF,
        /** The checks passed: cycles run. */
        PASSED,
        /** The last check failed: cycles do not run their windows; the check runs again before each. */
        FAILING
    }

    /** Pauses between start-up attempts (tests pass a recording one). */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Runnable checks;
    private final String url;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final java.util.function.LongSupplier nanos;
    private volatile State state = State.UNCHECKED;
    private volatile String failure;

    /**
     * @param checks  the start-up checks (throws {@link StartupChecks.Failed} for a wrong value, a Kingdee
     *                exception when a call fails)
     * @param url     {@code kingdee.url}, for messages
     * @param timeout {@code kingdee.startup-check-timeout}
     */
    public KingdeeReadiness(Runnable checks, String url, Duration timeout) {
        this(checks, url, timeout, Thread::sleep, System::nanoTime);
    }

    KingdeeReadiness(Runnable checks, String url, Duration timeout, Sleeper sleeper, java.util.function.LongSupplier nanos) {
        this.checks = checks;
        this.url = url;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    /** No checks (kingdee.startup-check=false, dry runs): cycles always run. */
    public synchronized KingdeeReadiness off() {
        state = State.OFF;
        failure = null;
        return this;
    }

    /**
     * The start-up checks, transient failures retried for {@code kingdee.startup-check-timeout}.
     *
     * @throws StartupChecks.Failed a definite wrong value ({@code unreachable() == false}); or, when Kingdee stayed
     *                              unreachable, one with {@code unreachable() == true} — after which the gate is
     *                              closed ({@link #failing()}) for a service that starts anyway. Any other
     *                              exception (not an answer, not an outage) is thrown as it is.
     */
    public synchronized void atStart() {
        if (state == State.OFF) {
            return;
        }
        long deadline = nanos.getAsLong() + timeout.toNanos();
        long waitMs = 1000;
        for (int attempt = 1; ; attempt++) {
            RuntimeException e = attempt();
            if (e == null) {
                return;
            }
            if (!unreachable(e)) {
                throw e;   // a definite wrong value (StartupChecks.Failed), or a failure that is no check's
            }
            if (nanos.getAsLong() + waitMs * 1_000_000 > deadline) {
                throw new StartupChecks.Failed("Kingdee at " + url + " did not answer the start-up checks within"
                        + " kingdee.startup-check-timeout=" + timeout + ": " + failure, e, true);
            }
            LOG.warn("Kingdee start-up check, attempt {}: {}; retrying in {} s (kingdee.startup-check-timeout={})",
                    attempt, failure, waitMs / 1000.0, timeout);
            try {
                sleeper.sleep(waitMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new StartupChecks.Failed("interrupted while waiting for Kingdee at " + url + ": " + failure, e, true);
            }
            waitMs = Math.min(waitMs * 2, 15_000);
        }
    }

    /**
     * Route predicate before a cycle (route {@code sync-cycle}): whether the gate is closed, so the checks run
     * again (route {@code kingdee-readiness}) before the cycle may run its windows. Changes nothing; waits while
     * the start-up checks retry.
     */
    public synchronized boolean closed() {
        return state == State.FAILING;
    }

    /** Route step after the checks passed again: the gate opens. */
    public synchronized void passed() {
        state = State.PASSED;
        failure = null;
        LOG.info("Kingdee answers the start-up checks again: the cycles run their windows");
    }

    /**
     * Route step after the checks failed again (the caught exception): the gate stays closed; returns why the cycle
     * does not run (the route's property {@value #BLOCKED_PROPERTY}).
     */
    public synchronized String stillFailing(Exchange exchange) {
        RuntimeException e = StartupChecks.failure(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        state = State.FAILING;
        failure = rootMessage(e);
        // logged once, by the cycle that does not run (SyncCycle.notRun)
        return (unreachable(e) ? "Kingdee unreachable: " : "Kingdee start-up check failed: ") + failure;
    }

    /** The gate before a cycle without Camel ({@link #closed}, the checks, {@link #passed} or {@link #stillFailing}):
     * null when the cycle may run, else why not. */
    public synchronized String blockedReason() {
        if (state != State.FAILING) {
            return null;
        }
        RuntimeException e = attempt();
        if (e == null) {
            LOG.info("Kingdee answers the start-up checks again: the cycles run their windows");
            return null;
        }
        // logged once, by the cycle that does not run (SyncCycle.notRun)
        return (unreachable(e) ? "Kingdee unreachable: " : "Kingdee start-up check failed: ") + failure;
    }

    /** One run of the checks: null when they passed (the gate opens), else the failure (the gate closes). */
    private RuntimeException attempt() {
        try {
            checks.run();
            state = State.PASSED;
            failure = null;
            return null;
        } catch (RuntimeException e) {
            state = State.FAILING;
            failure = rootMessage(e);
            return e;
        }
    }

    /**
     * A failure worth waiting for: no answer, or a transient one (busy, call limit). A refused login — including
     * the signed headers' "Fail to verify thirty passport" (an unknown AcctID, answered with HTTP 500) — is a
     * definite answer, never retried.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.wdtkingdee.sync.kingdee.KingdeeLoginException) {
                return false;
            }
        }
        if (e instanceof StartupChecks.Failed f) {
            return f.unreachable() || (f.getCause() != null && unreachable(f.getCause()));
        }
        return KingdeeErrorClassifier.classify(e) == KingdeeErrorClassifier.Outcome.TRANSIENT;
    }

    public State state() {
        return state;
    }

    /** True while the gate is closed. */
    public boolean failing() {
        return state == State.FAILING;
    }

    /** Why the last check failed; null when it passed or none ran. */
    public String failure() {
        return failure;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof KingdeeApiException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
