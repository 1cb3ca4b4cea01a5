package com.wdtkingdee.sync.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the windows of one cycle (design section 3): from the checkpoint minus the lookback overlap (or the
 * initial start when there is no checkpoint) to now minus the lag, cut into windows of at most {@code maxWindow}.
 * Windows are closed intervals in whole seconds; consecutive windows share their boundary second, so an order
 * stamped exactly on a boundary is read by both (and written once, thanks to the customer registry).
 */
public final class WindowPlanner {

    private final Duration lookback;
    private final Duration lag;
    private final Duration maxWindow;

    public WindowPlanner(Duration lookback, Duration lag, Duration maxWindow) {
        if (maxWindow.isZero() || maxWindow.isNegative()) {
            throw new IllegalArgumentException("maxWindow must be positive");
        }
        this.lookback = lookback;
        this.lag = lag;
        this.maxWindow = maxWindow;
    }

    /** A given period [from, to] (whole seconds) cut into windows of at most {@code maxWindow}. */
    public List<Window> cut(Instant from, Instant to) {
        return new WindowPlanner(Duration.ZERO, Duration.ZERO, maxWindow).plan(Optional.empty(), from, to);
    }

    public List<Window> plan(Optional<Instant> checkpoint, Instant initialStart, Instant now) {
        Instant from = checkpoint.map(c -> c.minus(lookback)).orElse(initialStart).truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.minus(lag).truncatedTo(ChronoUnit.SECONDS);
        List<Window> windows = new ArrayList<>();
        if (!end.isAfter(from)) {
            return windows;
        }
        Instant start = from;
        while (start.isBefore(end)) {
            Instant stop = start.plus(maxWindow);
            if (stop.isAfter(end)) {
                stop = end;
            }
            windows.add(new Window(start, stop));
            start = stop;
        }
        return windows;
    }
}
