package com.wdtkingdee.sync.wdt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Client-side limit of calls to 旺店通 ({@code wdt.calls-per-minute}, ≈ 60 per rolling minute per app,
 * {@code reference/wdt-stockout-api.md} §4 and §6). The source counts <b>arrivals at its server</b>; a call that
 * leaves the client at instant {@code t} arrives at {@code a ≥ t}, later by a network and client delay that the
 * client does not see. Spacing the client's departures by a plain 60 s is therefore not enough: a call delayed by
 * jitter and a later call sent on time can land closer than 60 s apart at the server (issue 10: a 61st call
 * reached a source that counts 60 per rolling minute).
 *
 * <h2>Rule</h2>
 * Every call gets a {@link Permit} at its departure instant {@code t} (the moment {@link #acquire()} returns). A
 * permit counts against the budget until its <em>expiry</em>:
 * <pre>
 *   expiry = t + span + margin                               while no answer was reported
 *   expiry = max(t + span + margin, r + span)                 once {@link Permit#finished()} reported the answer at r
 * </pre>
 * A new permit is granted only while fewer than {@code callsPerSpan} permits are unexpired.
 *
 * <h2>Why it holds (the argument)</h2>
 * Assume, for contradiction, that {@code N + 1} calls ({@code N = callsPerSpan}) arrive within some half-open
 * {@code span} at the server, {@code [x, x + span)}. Let {@code k} be the one among them granted last (grants are
 * serialised by this object's lock), at {@code t_k}; {@code a_k ≥ t_k}. For any other call {@code j} of the set:
 * {@code t_j ≤ t_k} and {@code a_j > a_k − span ≥ t_k − span}. Then {@code j}'s permit was still unexpired at
 * {@code t_k}:
 * <ul>
 *   <li>if its answer was reported at {@code r_j ≤ t_k}: {@code r_j ≥ a_j} (an answer comes after the arrival), so
 *       {@code r_j + span > t_k};</li>
 *   <li>otherwise, if {@code a_j ≤ t_j + margin} (the delay between the grant and the arrival is within the
 *       margin): {@code t_j + span + margin ≥ a_j + span > t_k}.</li>
 * </ul>
 * So at {@code t_k} there were {@code N} unexpired permits and {@code k} could not have been granted: no
 * {@code span} of arrivals ever holds more than {@code N} calls, provided every call either arrives within
 * {@code margin} of its grant or reports its answer ({@link Permit#finished()}) before the permit's fallback expiry
 * {@code t + span + margin}. With {@code wdt.timeout} (30 s) below {@code span} (60 s), a caller that reports every
 * answer — success, error status, or the moment it gives up — gets the bound <em>without any assumption on the
 * network</em>; a caller that does not report still gets it while delays stay within {@code margin}
 * ({@code wdt.rate-margin}, default {@link #DEFAULT_MARGIN} PT2S: request building, signing, connection set-up and
 * loopback or WAN latency are far below it; a stalled TCP connect retransmits after 1 s and 3 s, which is why the
 * answer is also counted). The server's clock is never needed: only durations on the client's monotonic clock
 * ({@link #monotonicClock()}), so a wall-clock step (NTP) cannot release a call early.
 *
 * <p>Permits are kept in grant order and expired from the head; a permit behind an unexpired head is counted even
 * if its own expiry has passed. That only ever counts more, so the bound above still holds, and each call costs
 * O(1) amortised.
 */
public final class CallRateLimiter {

    /** Default safety margin on the window: {@code wdt.rate-margin = PT2S}. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(2);

    /** Waits; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** One granted call. Report its answer with {@link #finished()}; forgetting it is safe within the margin. */
    public final class Permit {
        private final Instant granted;
        private volatile Instant expiry;

        private Permit(Instant granted) {
            this.granted = granted;
            this.expiry = granted.plus(span).plus(margin);
        }

        /**
         * The call is over: its answer arrived (any status, any body) or the client gave up waiting. Extends the
         * permit to {@code now + span} if that is later. Idempotent; may be called from any thread.
         */
        public void finished() {
            synchronized (CallRateLimiter.this) {   // the clock is read under the lock that grants: see the argument
                Instant candidate = clock.instant().plus(span);
                if (candidate.isAfter(expiry)) {
                    expiry = candidate;
                }
            }
        }

        /** When the call was granted (its departure instant on the limiter's clock). */
        public Instant granted() {
            return granted;
        }

        /** Until when it counts against the budget (as far as known now). */
        public Instant expiry() {
            return expiry;
        }
    }

    private final int callsPerSpan;
    private final Duration span;
    private final Duration margin;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Permit> recent = new ArrayDeque<>();
    private final Object grantLock = new Object();
    private long waitedMillis;

    /**
     * @param callsPerSpan at most this many arrivals in any {@code span}
     * @param span         the server's counting window (60 s for {@code wdt.calls-per-minute})
     * @param margin       bound on the delay between a grant and the call's arrival at the server (≥ 0)
     * @param clock        a clock that never goes back ({@link #monotonicClock()} in production)
     * @param sleeper      how to wait
     */
    public CallRateLimiter(int callsPerSpan, Duration span, Duration margin, Clock clock, Sleeper sleeper) {
        if (callsPerSpan < 1) {
            throw new IllegalArgumentException("callsPerSpan must be at least 1");
        }
        if (span.isNegative() || span.isZero() || margin.isNegative()) {
            throw new IllegalArgumentException("span must be positive and margin not negative");
        }
        this.callsPerSpan = callsPerSpan;
        this.span = span;
        this.margin = margin;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** With the {@link #DEFAULT_MARGIN}. */
    public CallRateLimiter(int callsPerSpan, Duration span, Clock clock, Sleeper sleeper) {
        this(callsPerSpan, span, DEFAULT_MARGIN, clock, sleeper);
    }

    /** {@code wdt.calls-per-minute} with the default margin (PT2S), on the monotonic clock. */
    public static CallRateLimiter perMinute(int calls) {
        return perMinute(calls, DEFAULT_MARGIN);
    }

    /** {@code wdt.calls-per-minute} and {@code wdt.rate-margin}, on the monotonic clock. */
    public static CallRateLimiter perMinute(int calls, Duration margin) {
        return new CallRateLimiter(calls, Duration.ofMinutes(1), margin, monotonicClock(), Thread::sleep);
    }

    /**
     * Blocks until one more call fits in the budget, then grants it. Callers that can, report the call's answer
     * with {@link Permit#finished()}; the others are covered by the margin.
     */
    public Permit acquire() throws InterruptedException {
        synchronized (grantLock) {   // one waiter at a time; finished() never waits for a sleeping acquirer
            while (true) {
                long wait;
                synchronized (this) {
                    Instant now = clock.instant();
                    while (!recent.isEmpty() && !recent.peekFirst().expiry.isAfter(now)) {
                        recent.pollFirst();
                    }
                    if (recent.size() < callsPerSpan) {
                        Permit p = new Permit(now);
                        recent.addLast(p);
                        return p;
                    }
                    wait = Math.max(1, Duration.between(now, recent.peekFirst().expiry).toMillis());
                    waitedMillis += wait;
                }
                sleeper.sleep(wait);
            }
        }
    }

    /** Total time spent waiting for the budget (for logs and metrics). */
    public synchronized long waitedMillis() {
        return waitedMillis;
    }

    public int callsPerSpan() {
        return callsPerSpan;
    }

    public Duration span() {
        return span;
    }

    public Duration margin() {
        return margin;
    }

    /** A UTC clock driven by {@link System#nanoTime()}: it never steps back when the wall clock is adjusted. */
    public static Clock monotonicClock() {
        return new Monotonic(Instant.now(), System.nanoTime());
    }

    private static final class Monotonic extends Clock {
        private final Instant origin;
        private final long originNanos;

        Monotonic(Instant origin, long originNanos) {
            this.origin = origin;
            this.originNanos = originNanos;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos(System.nanoTime() - originNanos);
        }
    }
}
