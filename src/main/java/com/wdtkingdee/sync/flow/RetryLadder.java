package com.wdtkingdee.sync.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The retry ladder of parked transient items ({@code sync.dead-letter.retry}, e.g. PT1M,PT5M,PT30M,PT2H,PT12H):
 * a letter whose reason is transient is replayed automatically after the first wait, then after the next one, and
 * after the last step it stays open for a person, marked exhausted. Permanent letters are never on the ladder.
 */
public final class RetryLadder {

    /** No automatic retries. */
    public static final RetryLadder OFF = new RetryLadder(List.of(), Clock.systemUTC());

    private final List<Duration> steps;
    private final Clock clock;

    public RetryLadder(List<Duration> steps, Clock clock) {
        this.steps = List.copyOf(steps);
        this.clock = clock;
    }

    public boolean enabled() {
        return !steps.isEmpty();
    }

    /** When a newly parked transient letter is first replayed; null when the ladder is off. */
    public OffsetDateTime first() {
        return after(0);
    }

    /**
     * When a letter that failed again on step {@code step} (0-based) is next replayed; null when that was the last
     * step (the letter is then exhausted) or the ladder is off.
     */
    public OffsetDateTime after(int step) {
        if (step < 0 || step >= steps.size()) {
            return null;
        }
        return OffsetDateTime.ofInstant(clock.instant().plus(steps.get(step)), ZoneOffset.UTC);
    }

    /** Now, for the due query. */
    public OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public int size() {
        return steps.size();
    }

    /**
     * Whether a parked item's failure is transient and item-specific: its rows kept answering "try again" (lock,
     * conflict, call limit, deadlock) through all of the batch's retries.
     */
    static boolean transientRows(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchWriter.KingdeeRetry) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return steps.isEmpty() ? "off" : steps.toString();
    }
}
