package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.alert.AlertEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17.3: the alert of a cycle is built from that cycle's own outcome. The service's Quartz threads can end a
 * failed cycle and a skipped re-scan at the same time; with one shared "last outcome" the skip could overwrite the
 * failure before its alert was built, and the team's chat never heard of the failed window.
 */
class CycleAlertsTest {

    private final CamelContext context = new DefaultCamelContext();
    private final CycleAlerts alerts = new CycleAlerts("customer-sync", Clock.fixed(Instant.parse("2026-12-08T03:00:00Z"), ZoneOffset.UTC));

    private Exchange cycleWith(CycleOutcome outcome) {
        Exchange e = new DefaultExchange(context);
        alerts.begin(e);
        e.setProperty(CycleOutcome.PROPERTY, outcome);
        return e;
    }

    @Test
    void aFailedCycleAlertsEvenWhenAnotherThreadsSkippedRunEndedInBetween() {
        Exchange failed = cycleWith(new CycleOutcome(CycleOutcome.Status.FAILED, 1, 0,
                "window 2026-12-07 00:00:00 → 2026-12-08 00:00:00 failed: HTTP 500 from 金蝶"));
        Exchange skippedRescan = cycleWith(new CycleOutcome(CycleOutcome.Status.SKIPPED, 0, 0, "scheme locked"));

        alerts.event(skippedRescan); // the re-scan's thread finishes first
        alerts.event(failed);

        AlertEvent event = failed.getProperty(AlertEvent.PROPERTY, AlertEvent.class);
        assertThat(event).as("the failed cycle's alert").isNotNull();
        assertThat(event.kind().name()).isEqualTo("WINDOW_FAILED");
        assertThat(event.text()).contains("HTTP 500 from 金蝶");
        assertThat(skippedRescan.getProperty(AlertEvent.PROPERTY)).as("a skip with nothing parked tells nobody").isNull();
    }

    @Test
    void aCycleWithoutAnOutcomeOnItsExchangeSendsNoFailureAlert() {
        Exchange e = new DefaultExchange(context);
        alerts.begin(e);
        alerts.event(e);
        assertThat(e.getProperty(AlertEvent.PROPERTY)).isNull();
    }
}
