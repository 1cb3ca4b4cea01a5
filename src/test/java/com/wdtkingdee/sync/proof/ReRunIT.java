package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syncing a period that was already synced creates nothing: neither when the registry remembers the customers
 * (nothing is even sent), nor when the state database was lost (Kingdee's duplicate-number answer identifies
 * every customer as existing).
 */
class ReRunIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-10T02:30:00Z"), ZoneOffset.UTC);
    static final LocalDateTime NOW = SyncFixture.local(CLOCK.instant());
    static final Map<String, String> SETTINGS = Map.of(
            "sync.initial-start", SyncFixture.erp(NOW.minusDays(2).minusHours(1)),
            "sync.batch-size", "10",
            "wdt.page-size", "20");

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    record FirstRun(List<SimCustomer> customers, int batchSaves, int allocates, List<DeadLetter> deadLetters,
                    int windows, int orders) {
    }

    FirstRun firstRun(SyncFixture f) throws Exception {
        f.addOrders(DemoOrders.generate(303L, 150, NOW.minusDays(2), NOW.minusMinutes(5), SyncFixture.SHOPS));
        CycleOutcome first;
        try (SyncRuntime runtime = f.runtime(SETTINGS)) {
            first = runtime.runCycle();
        }
        assertThat(first.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        Expected expected = Expected.from(f.orders());
        f.assertKingdeeHoldsExactly(expected);
        SyncFixture.assertDeadLettersAreExactlyTheNoRuleOrders(expected);
        List<RunRow> windows = SyncFixture.windowsOf(SyncFixture.cycles().get(0));
        assertThat(windows.stream().mapToInt(RunRow::saved).sum()).isEqualTo(expected.keys().size());
        return new FirstRun(f.kingdee.customers(), f.kingdee.calls("BatchSave"), f.kingdee.calls("Allocate"),
                SyncFixture.openDeadLetters(), windows.size(), windows.stream().mapToInt(RunRow::orders).sum());
    }

    CycleOutcome secondRun(SyncFixture f) throws Exception {
        try (SyncRuntime runtime = f.runtime(SETTINGS)) {
            return runtime.runCycle();
        }
    }

    @Test
    void reSyncingTheSamePeriodSendsNothingAndCreatesNothing() throws Exception {
        try (SyncFixture f = new SyncFixture(CLOCK)) {
            FirstRun first = firstRun(f);
            SyncFixture.sql("DELETE FROM sync_checkpoint");          // the same period again, from the start

            CycleOutcome second = secondRun(f);

            assertThat(second.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(f.kingdee.customers()).as("same customers, same ids").isEqualTo(first.customers());
            assertThat(f.kingdee.calls("BatchSave")).as("already-done customers are not sent").isEqualTo(first.batchSaves());
            assertThat(f.kingdee.calls("Allocate")).isEqualTo(first.allocates());
            List<RunRow> windows = SyncFixture.windowsOf(SyncFixture.cycles().get(1));
            assertThat(windows).hasSize(first.windows());
            assertThat(windows.stream().mapToInt(RunRow::orders).sum()).as("the period was read again")
                    .isEqualTo(first.orders());
            assertThat(windows).allSatisfy(w -> {
                assertThat(w.customersSent()).isZero();
                assertThat(w.saved()).isZero();
                assertThat(w.existing()).isZero();
            });
            assertThat(SyncFixture.openDeadLetters()).as("the same dead letters, not new ones")
                    .extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(
                            first.deadLetters().stream().map(DeadLetter::id).toList());
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
        }
    }

    @Test
    void reSyncingAfterTheStateWasLostFindsEveryCustomerExisting() throws Exception {
        try (SyncFixture f = new SyncFixture(CLOCK)) {
            FirstRun first = firstRun(f);
            TestDatabase.truncateAll();                               // registry, checkpoint and run log lost

            CycleOutcome second = secondRun(f);

            assertThat(second.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(f.kingdee.customers()).as("nothing new in Kingdee").isEqualTo(first.customers());
            List<RunRow> windows = SyncFixture.windowsOf(SyncFixture.cycles().get(0));
            assertThat(windows.stream().mapToInt(RunRow::saved).sum()).isZero();
            assertThat(windows.stream().mapToInt(RunRow::existing).sum()).as("every customer found existing")
                    .isEqualTo(first.customers().size());
            assertThat(f.kingdee.calls("BatchSave")).isGreaterThan(first.batchSaves());
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
        }
    }
}
