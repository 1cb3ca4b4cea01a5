package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest(name = "{0} calls/min, {1} calls, gaps up to {2} ms")
    @CsvSource({"60,500,0", "60,500,1500", "10,200,7000", "1,20,0", "100,1000,300"})
    void noSixtySecondSpanEverHoldsMoreThanTheBudget(int perMinute, int calls, int maxGapMs) throws Exception {
        FakeClock clock = new FakeClock();
        CallRateLimiter limiter = new CallRateLimiter(perMinute, Duration.ofMinutes(1), clock,
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
        for (int i = 0; i < made.size(); i++) {
            Instant end = made.get(i).plus(Duration.ofMinutes(1));
            long window = made.stream().skip(i).takeWhile(t -> t.isBefore(end)).count();
            assertThat(window).as("calls in the 60 s starting at call " + i).isLessThanOrEqualTo(perMinute);
        }
        if (maxGapMs == 0 && calls > perMinute) {
            // back-to-back calls are paced at the budget, not slower than needed
            Duration total = Duration.between(made.get(0), made.get(made.size() - 1));
            assertThat(total).isLessThanOrEqualTo(Duration.ofMinutes((calls - 1) / perMinute));
            assertThat(limiter.waitedMillis()).isPositive();
        }
    }
}
