package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter on a fake clock: calls are granted, then "arrive" at a simulated server after a delay; the server's
 * arrivals are checked for the rolling-window bound. Deterministic, runs in milliseconds.
 */
class CallRateLimiterTest {

    /** A clock that only moves when the limiter sleeps or the test says so. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final Duration MINUTE = Duration.ofMinutes(1);

    /** The largest number of arrivals in any half-open window of {@code span}. */
    static int maxInAnyWindow(List<Instant> arrivals, Duration span) {
        List<Instant> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        int max = 0;
        int j = 0;
        for (int i = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j).isBefore(sorted.get(i).plus(span))) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    @ParameterizedTest(name = "{0} calls/min, {1} calls, gaps up to {2} ms")
    @CsvSource({"60,500,0", "60,500,1500", "10,200,7000", "1,20,0", "100,1000,300"})
    void noSixtySecondSpanOfGrantsEverHoldsMoreThanTheBudget(int perMinute, int calls, int maxGapMs) throws Exception {
        FakeClock clock = new FakeClock();
        CallRateLimiter limiter = new CallRateLimiter(perMinute, MINUTE, Duration.ofSeconds(2), clock,
                ms -> clock.now = clock.now.plusMillis(ms));
        Random random = new Random(perMinute * 31L + calls);
        List<Instant> made = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            if (maxGapMs > 0) {
                clock.now = clock.now.plusMillis(random.nextInt(maxGapMs));   // work between calls (incl. retries)
            }
            limiter.acquire();
            made.add(clock.now);
        }
        assertThat(maxInAnyWindow(made, MINUTE)).isLessThanOrEqualTo(perMinute);
        if (maxGapMs == 0 && calls > perMinute) {
            // back-to-back calls are paced at the budget plus the margin, not slower
            Duration total = Duration.between(made.get(0), made.get(made.size() - 1));
            assertThat(total).isLessThanOrEqualTo(MINUTE.plusSeconds(2).multipliedBy((calls - 1) / perMinute));
            assertThat(limiter.waitedMillis()).isPositive();
        }
    }

    /**
     * The adversarial case of issue 10: the first call of a minute is delayed on its way by 300 ms, the
     * calls of the next minute go straight through. Without a margin the server sees N + 1 arrivals within 60 s; with a margin that
     * covers the delay, or with the answers reported, it never does.
     */
    @ParameterizedTest(name = "margin {0} ms, answers reported: {1} -> max {2} per minute at the server")
    @CsvSource({"0,false,4", "300,false,3", "2000,false,3", "0,true,3"})
    void arrivalsAtTheServerStayWithinTheBudget(long marginMs, boolean reportAnswers, int expectedMax) throws Exception {
        int limit = 3;
        FakeClock clock = new FakeClock();
        CallRateLimiter limiter = new CallRateLimiter(limit, MINUTE, Duration.ofMillis(marginMs), clock,
                ms -> clock.now = clock.now.plusMillis(ms));
        List<Instant> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            CallRateLimiter.Permit permit = limiter.acquire();
            // jitter: the first call of every other group is slow on the wire, the next group goes straight through
            long delay = i % limit == 0 && (i / limit) % 2 == 0 ? 300 : 0;
            Instant arrival = clock.now.plusMillis(delay);
            arrivals.add(arrival);
            if (reportAnswers) {
                Instant saved = clock.now;
                clock.now = arrival.plusMillis(5);   // the answer comes back 5 ms after the arrival
                permit.finished();
                clock.now = saved;
            }
        }
        assertThat(maxInAnyWindow(arrivals, MINUTE)).isEqualTo(expectedMax);
    }

    @Test
    void randomJitterWithinTheMarginNeverExceedsTheBudgetAtTheServer() throws Exception {
        Random random = new Random(42);
        for (int run = 0; run < 20; run++) {
            FakeClock clock = new FakeClock();
            CallRateLimiter limiter = new CallRateLimiter(60, MINUTE, Duration.ofSeconds(2), clock,
                    ms -> clock.now = clock.now.plusMillis(ms));
            List<Instant> arrivals = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                clock.now = clock.now.plusMillis(random.nextInt(200));
                limiter.acquire();
                arrivals.add(clock.now.plusMillis(random.nextInt(2001)));   // 0–2000 ms on the way
            }
            assertThat(maxInAnyWindow(arrivals, MINUTE)).as("run " + run).isLessThanOrEqualTo(60);
        }
    }

    @Test
    void aSlowAnswerExtendsItsPermitBeyondTheMargin() throws Exception {
        FakeClock clock = new FakeClock();
        CallRateLimiter limiter = new CallRateLimiter(1, MINUTE, Duration.ofSeconds(2), clock,
                ms -> clock.now = clock.now.plusMillis(ms));
        CallRateLimiter.Permit first = limiter.acquire();
        assertThat(first.expiry()).isEqualTo(first.granted().plusSeconds(62));
        clock.now = clock.now.plusSeconds(25);   // a 25 s answer: the call may have arrived at any time until now
        first.finished();
        first.finished();
        assertThat(first.expiry()).isEqualTo(first.granted().plusSeconds(85));
        limiter.acquire();
        assertThat(clock.now).isEqualTo(first.granted().plusSeconds(85));
    }

    @Test
    void productionLimiterUsesAMonotonicClockAndTheDefaultMargin() {
        CallRateLimiter l = CallRateLimiter.perMinute(60);
        assertThat(l.margin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(l.span()).isEqualTo(MINUTE);
        assertThat(CallRateLimiter.perMinute(60, Duration.ofSeconds(5)).margin()).isEqualTo(Duration.ofSeconds(5));
        Clock c = CallRateLimiter.monotonicClock();
        Instant a = c.instant();
        assertThat(c.instant()).isAfterOrEqualTo(a);
    }
}
