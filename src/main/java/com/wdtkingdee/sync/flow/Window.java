package com.wdtkingdee.sync.flow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A closed time interval [from, to] of the source query, whole seconds. */
public record Window(Instant from, Instant to) {
    public Window {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window end " + to + " before start " + from);
        }
    }

    public LocalDateTime fromLocal(ZoneId zone) {
        return LocalDateTime.ofInstant(from, zone);
    }

    public LocalDateTime toLocal(ZoneId zone) {
        return LocalDateTime.ofInstant(to, zone);
    }
}
