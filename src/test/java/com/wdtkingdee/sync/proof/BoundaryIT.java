package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time boundaries: orders stamped exactly on a window boundary, orders that arrive late (behind the checkpoint,
 * inside the lookback), and a gap longer than the API's 30-day cap.
 */
class BoundaryIT {

    static final LocalDateTime D0 = LocalDateTime.of(2026, 11, 1, 0, 0, 0);

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    /** A shipped order of a rule shop with its own title, stamped at {@code consign}. */
    static Map<String, Object> order(long id, String title, LocalDateTime consign) {
        Map<String, Object> o = new LinkedHashMap<>(DemoOrders.generate(id, 1, consign, consign, List.of("002")).get(0));
        o.put("stockout_id", id);
        o.put("order_no", "CKB" + id);
        o.put("status", 95);
        o.put("invoice_title", title);
        o.put("invoice_content", "");
        o.put("consign_time", SyncFixture.erp(consign));
        return o;
    }

    @Test
    void ordersStampedExactlyOnAWindowBoundaryAreReadByBothWindowsAndWrittenOnce() throws Exception {
        Clock clock = Clock.fixed(SyncFixture.instant(D0.plusDays(3).plusMinutes(5)), ZoneOffset.UTC);
        try (SyncFixture f = new SyncFixture(clock)) {
            f.addOrders(DemoOrders.generate(500L, 60, D0.plusSeconds(1), D0.plusDays(3).minusMinutes(1),
                    SyncFixture.RULE_SHOPS));
            List<Map<String, Object>> boundary = List.of(
                    order(9_000_001L, "边界一号科技有限公司", D0),                 // start of the first window
                    order(9_000_002L, "边界二号科技有限公司", D0.plusDays(1)),      // end of window 1 = start of 2
                    order(9_000_003L, "边界三号科技有限公司", D0.plusDays(1)),
                    order(9_000_004L, "边界四号贸易有限公司", D0.plusDays(2)),      // end of window 2 = start of 3
                    order(9_000_005L, "边界五号贸易有限公司", D0.plusDays(2).minusSeconds(1)),
                    order(9_000_006L, "边界六号贸易有限公司", D0.plusDays(2).plusSeconds(1)));
            f.addOrders(boundary);

            CycleOutcome outcome;
            try (SyncRuntime runtime = f.runtime(Map.of("sync.initial-start", SyncFixture.erp(D0),
                    "sync.max-window", "P1D", "sync.batch-size", "10", "wdt.page-size", "20"))) {
                outcome = runtime.runCycle();
            }

            assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
            List<RunRow> windows = SyncFixture.windows("DONE");
            assertThat(windows).extracting(w -> SyncFixture.local(w.windowStart()), w -> SyncFixture.local(w.windowEnd()))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(D0, D0.plusDays(1)),
                            org.assertj.core.groups.Tuple.tuple(D0.plusDays(1), D0.plusDays(2)),
                            org.assertj.core.groups.Tuple.tuple(D0.plusDays(2), D0.plusDays(3)),
                            org.assertj.core.groups.Tuple.tuple(D0.plusDays(3), D0.plusDays(3).plusMinutes(4)));
            long shipped = f.orders().stream().filter(o -> Expected.SHIPPED.contains(String.valueOf(o.get("status"))))
                    .count();
            assertThat(windows.stream().mapToInt(RunRow::orders).sum())
                    .as("the 3 orders on an inner boundary are read by both windows").isEqualTo(shipped + 3);

            Expected expected = Expected.from(f.orders());
            f.assertKingdeeHoldsExactly(expected);
            assertThat(windows.stream().mapToInt(RunRow::customersSent).sum()).as("each customer sent once")
                    .isEqualTo(expected.keys().size());
            assertThat(windows.stream().mapToInt(RunRow::saved).sum()).isEqualTo(expected.keys().size());
            assertThat(windows.stream().mapToInt(RunRow::existing).sum()).as("never a duplicate-number answer")
                    .isZero();
        }
    }

    @Test
    void aLateOrderBehindTheCheckpointButInsideTheLookbackIsPickedUpByTheNextCycle() throws Exception {
        MutableClock clock = new MutableClock(SyncFixture.instant(D0.plusDays(1).plusHours(9)));
        try (SyncFixture f = new SyncFixture(clock)) {
            LocalDateTime now = SyncFixture.local(clock.instant());
            f.addOrders(DemoOrders.generate(501L, 40, now.minusHours(20), now.minusMinutes(2), SyncFixture.RULE_SHOPS));
            Map<String, String> settings = Map.of("sync.initial-start", SyncFixture.erp(now.minusDays(1)),
                    "sync.lookback", "PT10M", "sync.lag", "PT1M");
            try (SyncRuntime runtime = f.runtime(settings)) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED);
                Instant checkpoint = SyncFixture.checkpoint().orElseThrow();
                assertThat(checkpoint).isEqualTo(clock.instant().minusSeconds(60));

                // stamped 5 minutes before the checkpoint, but only visible in the source now
                Map<String, Object> late = order(9_100_001L, "迟到订单科技有限公司",
                        SyncFixture.local(checkpoint).minusMinutes(5));
                f.addOrders(List.of(late));
                clock.advance(Duration.ofMinutes(5));
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED);
            }

            RunRow secondWindow = SyncFixture.windowsOf(SyncFixture.cycles().get(1)).get(0);
            assertThat(secondWindow.windowStart()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5))
                    .minusSeconds(60).minus(Duration.ofMinutes(10)));
            assertThat(secondWindow.saved()).isEqualTo(1);
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            assertThat(f.kingdee.customers()).extracting(c -> c.name()).contains("迟到订单科技有限公司");
        }
    }

    @Test
    void aFortyFiveDayGapIsSyncedInWindowsOfAtMostThirtyDays() throws Exception {
        Clock clock = Clock.fixed(SyncFixture.instant(D0.plusDays(45).plusHours(1)), ZoneOffset.UTC);
        try (SyncFixture f = new SyncFixture(clock)) {
            LocalDateTime now = SyncFixture.local(clock.instant());
            LocalDateTime start = now.minusDays(45);
            f.addOrders(DemoOrders.generate(502L, 120, start.plusMinutes(1), now.minusMinutes(5), SyncFixture.SHOPS));
            Map<String, String> settings = new HashMap<>(Map.of("sync.initial-start", SyncFixture.erp(start),
                    "sync.max-window", "P30D", "wdt.page-size", "50"));

            CycleOutcome outcome;
            try (SyncRuntime runtime = f.runtime(settings)) {
                outcome = runtime.runCycle();
            }

            assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            List<RunRow> windows = SyncFixture.windows("DONE");
            assertThat(windows).hasSize(2);
            assertThat(windows).allSatisfy(w -> assertThat(Duration.between(w.windowStart(), w.windowEnd()))
                    .isLessThanOrEqualTo(Duration.ofDays(30)));
            assertThat(Duration.between(windows.get(0).windowStart(), windows.get(0).windowEnd()))
                    .isEqualTo(Duration.ofDays(30));
            assertThat(SyncFixture.local(windows.get(0).windowStart())).isEqualTo(start);
            assertThat(windows.get(1).windowEnd()).isEqualTo(clock.instant().minusSeconds(60));
            assertThat(f.qimen.requestLog()).as("the source never refused a window").allMatch(l -> l.contains("-> ok"));
            Expected expected = Expected.from(f.orders());
            f.assertKingdeeHoldsExactly(expected);
            SyncFixture.assertDeadLettersAreExactlyTheNoRuleOrders(expected);
        }
    }
}
