package com.wdtkingdee.sync.wdt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Client-side limit of calls to 旺店通: at most {@code callsPerSpan} calls in every span (60 s for
 * {@code wdt.calls-per-minute}), counted over a sliding window of the actual call instants, so no 60-second
 * span ever holds more, whatever mix of pages, windows and retries made the calls.
 */
public final class CallRateLimiter {

    /** Waits; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final int callsPerSpan;
    private final Duration span;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private long waitedMillis;

    public CallRateLimiter(int callsPerSpan, Duration span, Clock clock, Sleeper sleeper) {
        if (callsPerSpan < 1) {
            throw new IllegalArgumentException("callsPerSpan must be at least 1");
        }
        this.callsPerSpan = callsPerSpan;
        this.span = span;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static CallRateLimiter perMinute(int calls) {
        return new CallRateLimiter(calls, Duration.ofMinutes(1), Clock.systemUTC(), Thread::sleep);
    }

    /** Blocks until one more call fits in the budget, then records it. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            while (!recent.isEmpty() && !recent.peekFirst().plus(span).isAfter(now)) {
                recent.pollFirst();
            }
            if (recent.size() < callsPerSpan) {
                recent.addLast(now);
                return;
            }
            long wait = Math.max(1, Duration.between(now, recent.peekFirst().plus(span)).toMillis());
            waitedMillis += wait;
            sleeper.sleep(wait);
        }
    }

    /** Total time spent waiting for the budget (for logs and metrics). */
    public synchronized long waitedMillis() {
        return waitedMillis;
    }

    public int callsPerSpan() {
        return callsPerSpan;
    }
}
