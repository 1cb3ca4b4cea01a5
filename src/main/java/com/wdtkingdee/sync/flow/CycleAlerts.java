package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.alert.AlertEvent;
import com.wdtkingdee.sync.alert.DeadLetterDigest;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.Map;

/**
 * What a cycle tells the team's chat (routes/sync.camel.yaml → {@code direct:alert}): a failed window, or one digest
 * of the items the cycle parked (counts per reason and sample keys) — never one message per item.
 */
public final class CycleAlerts {

    static final String DIGEST_PROPERTY = "cycleDigest";

    private final String scheme;
    private final Clock clock;

    public CycleAlerts(String scheme, Clock clock) {
        this.scheme = scheme;
        this.clock = clock;
    }

    /** Before the windows: an empty digest shared by the cycle's windows. */
    public void begin(Exchange exchange) {
        exchange.setProperty(DIGEST_PROPERTY, new DeadLetterDigest());
    }

    /** After each window: what it parked goes into the cycle's digest. */
    public void windowDone(Exchange exchange) {
        DeadLetterDigest digest = exchange.getProperty(DIGEST_PROPERTY, DeadLetterDigest.class);
        WindowState w = exchange.getProperty(WindowState.PROPERTY, WindowState.class);
        CycleMode mode = exchange.getProperty(CycleMode.PROPERTY, CycleMode.ONCE, CycleMode.class);
        if (digest == null || w == null || !mode.writes()) {
            return;
        }
        for (Map.Entry<String, WindowState.Parked> e : w.parkedByReason().entrySet()) {
            int shown = 0;
            for (String key : e.getValue().samples()) {
                digest.add(e.getKey(), key);
                shown++;
            }
            for (int i = shown; i < e.getValue().count(); i++) {
                digest.add(e.getKey(), null);
            }
        }
    }

    /** After the cycle: the event to send (property {@value AlertEvent.PROPERTY}), or none. */
    public void event(Exchange exchange) {
        // this cycle's own outcome (set by syncCycle on this exchange), never another thread's
        CycleOutcome outcome = exchange.getProperty(CycleOutcome.PROPERTY, CycleOutcome.class);
        AlertEvent event = null;
        if (outcome != null && outcome.status() == CycleOutcome.Status.FAILED) {
            String error = outcome.error() == null ? "unknown failure" : outcome.error();
            String window = "?";
            int failed = error.indexOf(" failed: ");
            if (error.startsWith("window ") && failed > 0) {
                window = error.substring("window ".length(), failed);
                error = error.substring(failed + " failed: ".length());
            }
            event = AlertEvent.windowFailed(scheme, window, error, clock.instant());
        } else {
            DeadLetterDigest digest = exchange.getProperty(DIGEST_PROPERTY, DeadLetterDigest.class);
            event = digest == null ? null : digest.toEvent(scheme, clock.instant());
        }
        exchange.removeProperty(DIGEST_PROPERTY);
        if (event == null) {
            exchange.removeProperty(AlertEvent.PROPERTY);
        } else {
            exchange.setProperty(AlertEvent.PROPERTY, event);
        }
    }
}
