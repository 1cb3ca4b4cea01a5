package com.wdtkingdee.sync.alert;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AlertThrottleTest {

    /** A clock the test moves. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-11-30T06:00:00Z");

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
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void oneAlertPerKindPerIntervalAndTheThrottledAreCountedIntoTheNext() {
        FakeClock clock = new FakeClock();
        AlertThrottle t = new AlertThrottle(Duration.ofMinutes(10), clock);

        assertThat(t.offer(AlertKind.WINDOW_FAILED)).isEqualTo(new AlertThrottle.Decision(true, 0));
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.offer(AlertKind.WINDOW_FAILED).send()).isFalse();
        clock.advance(Duration.ofMinutes(8));
        assertThat(t.offer(AlertKind.WINDOW_FAILED).send()).isFalse();
        assertThat(t.suppressed(AlertKind.WINDOW_FAILED)).isEqualTo(2);
        // another kind has its own budget
        assertThat(t.offer(AlertKind.DEAD_LETTERS).send()).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(t.offer(AlertKind.WINDOW_FAILED).send()).as("9 min 59 s after the last one sent").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(t.offer(AlertKind.WINDOW_FAILED)).as("10 min after: sent, with the 3 throttled")
                .isEqualTo(new AlertThrottle.Decision(true, 3));
        assertThat(t.suppressed(AlertKind.WINDOW_FAILED)).isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(t.offer(AlertKind.WINDOW_FAILED)).isEqualTo(new AlertThrottle.Decision(true, 0));
    }

    @Test
    void zeroIntervalSendsEverything() {
        FakeClock clock = new FakeClock();
        AlertThrottle t = new AlertThrottle(Duration.ZERO, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(t.offer(AlertKind.HEALTH_DOWN).send()).isTrue();
        }
    }
}
