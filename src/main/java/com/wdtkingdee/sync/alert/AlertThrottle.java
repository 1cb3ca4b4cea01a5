package com.wdtkingdee.sync.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * At most one alert per {@link AlertKind} per {@code alert.min-interval}. A throttled alert is counted, and the
 * count goes out with the next alert of that kind that is sent.
 */
public final class AlertThrottle {

    /** Whether to send, and how many alerts of the kind were throttled since the last one sent. */
    public record Decision(boolean send, long suppressedBefore) {
    }

    private final Duration minInterval;
    private final Clock clock;
    private final Map<AlertKind, Instant> lastSent = new EnumMap<>(AlertKind.class);
    private final Map<AlertKind, Long> suppressed = new EnumMap<>(AlertKind.class);

    public AlertThrottle(Duration minInterval, Clock clock) {
        this.minInterval = minInterval;
        this.clock = clock;
    }

    public synchronized Decision offer(AlertKind kind) {
        Instant now = clock.instant();
        Instant last = lastSent.get(kind);
        if (last == null || !now.isBefore(last.plus(minInterval))) {
            lastSent.put(kind, now);
            Long before = suppressed.remove(kind);
            return new Decision(true, before == null ? 0 : before);
        }
        suppressed.merge(kind, 1L, Long::sum);
        return new Decision(false, suppressed.get(kind));
    }

    /** Alerts of this kind throttled since the last one sent. */
    public synchronized long suppressed(AlertKind kind) {
        return suppressed.getOrDefault(kind, 0L);
    }
}
