package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.RequestHook;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the product (same database, same simulators, separate Camel contexts) run their cycles at the
 * same moment, several times: one runs, the other is SKIPPED; no customer is ever created twice and the run log's
 * cycles never overlap.
 */
class TwoInstancesIT {

    static final LocalDateTime START = LocalDateTime.of(2026, 11, 12, 9, 0, 0);
    static final int ROUNDS = 5;

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    static Map<String, String> settings() {
        return Map.of("sync.initial-start", SyncFixture.erp(START.minusDays(1)), "sync.batch-size", "10",
                "wdt.page-size", "20", "sync.retry.delay-ms", "5");
    }

    @Test
    void concurrentCyclesOfTwoInstancesNeverOverlapNorDuplicate() throws Exception {
        MutableClock clock = new MutableClock(SyncFixture.instant(START));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SyncFixture f = new SyncFixture(clock);
             SyncRuntime a = f.runtime(settings());
             SyncRuntime b = f.runtime(settings())) {
            f.addOrders(SyncFixture.demoOrders(600L, 60, START.minusDays(1), START.minusMinutes(2), SyncFixture.SHOPS));
            AtomicReference<CountDownLatch> returned = new AtomicReference<>();
            AtomicBoolean held = new AtomicBoolean();
            // the instance that got the lock waits (inside its cycle) until the other one has come back
            f.qimen.onRequest((op, phase, seq) -> {
                if (phase == RequestHook.Phase.BEFORE && held.compareAndSet(false, true)) {
                    await(returned.get(), 30);
                }
            });

            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    LocalDateTime now = SyncFixture.local(clock.instant());
                    f.addOrders(SyncFixture.demoOrders(600L + round, 30, now.plusSeconds(1), now.plusMinutes(58),
                            SyncFixture.SHOPS));
                    clock.advance(Duration.ofHours(1));
                }
                returned.set(new CountDownLatch(1));
                held.set(false);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<CycleOutcome>> outcomes = new ArrayList<>();
                for (SyncRuntime r : List.of(a, b)) {
                    outcomes.add(pool.submit(() -> {
                        await(go, 10);
                        try {
                            return r.runCycle();
                        } finally {
                            returned.get().countDown();
                        }
                    }));
                }
                go.countDown();
                List<CycleOutcome.Status> statuses = new ArrayList<>();
                for (Future<CycleOutcome> o : outcomes) {
                    statuses.add(o.get(60, TimeUnit.SECONDS).status());
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(CycleOutcome.Status.SKIPPED,
                        CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }

            Expected expected = Expected.from(f.orders());
            f.assertKingdeeHoldsExactly(expected);
            SyncFixture.assertDeadLettersAreExactlyTheNoRuleOrders(expected);
            List<RunRow> cycles = SyncFixture.cycles();
            assertThat(cycles).as("a skipped cycle leaves no row").hasSize(ROUNDS)
                    .allSatisfy(c -> assertThat(c.status()).isEqualTo("DONE"));
            assertNoOverlap(cycles);
            assertThat(SyncFixture.checkpoint()).contains(clock.instant().minusSeconds(60));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * While one instance is still inside its cycle (its run-log row not finished), the other must be SKIPPED.
     * SyncCycle.end/fail finish the cycle's row (RunLog.finishCycle) before they release the advisory lock. Were the
     * lock released first, the other instance could take it in that gap, mark the first cycle's still-RUNNING row
     * "abandoned" (markAbandoned) and start its own cycle: the run log would then show overlapping cycles, or a
     * successful cycle recorded as FAILED/abandoned.
     * Made deterministic here by holding a row lock on the first cycle's row, so that its finishCycle waits.
     */
    @Test
    void anInstanceIsSkippedUntilTheOtherHasFinishedItsCycleRow() throws Exception {
        MutableClock clock = new MutableClock(SyncFixture.instant(START));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SyncFixture f = new SyncFixture(clock);
             SyncRuntime a = f.runtime(settings());
             SyncRuntime b = f.runtime(settings());
             Connection blocker = TestDatabase.dataSource().getConnection()) {
            f.addOrders(SyncFixture.demoOrders(610L, 20, START.minusHours(5), START.minusMinutes(2), SyncFixture.SHOPS));
            blocker.setAutoCommit(false);
            AtomicBoolean locked = new AtomicBoolean();
            f.qimen.onRequest((op, phase, seq) -> {
                if (phase == RequestHook.Phase.BEFORE && locked.compareAndSet(false, true)) {
                    try (Statement st = blocker.createStatement()) {
                        st.executeQuery("SELECT id FROM sync_run WHERE kind = 'cycle' AND status = 'RUNNING'"
                                + " FOR NO KEY UPDATE").close();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });

            Future<CycleOutcome> first = pool.submit((Callable<CycleOutcome>) () -> a.runCycle());
            waitUntil(() -> locked.get() && advisoryLocksHeld() == 0, Duration.ofSeconds(5));  // bug: released early
            assertThat(first.isDone()).as("the first cycle is still finishing its row").isFalse();
            Future<CycleOutcome> second = pool.submit((Callable<CycleOutcome>) () -> b.runCycle());
            waitUntil(second::isDone, Duration.ofSeconds(3));
            blocker.rollback();                                                // let the first cycle finish

            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(second.get(30, TimeUnit.SECONDS).status()).isEqualTo(CycleOutcome.Status.SKIPPED);
            assertThat(SyncFixture.cycles()).hasSize(1).allSatisfy(c -> assertThat(c.status()).isEqualTo("DONE"));
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertNoOverlap(List<RunRow> cycles) {
        for (int i = 0; i < cycles.size(); i++) {
            for (int j = i + 1; j < cycles.size(); j++) {
                RunRow x = cycles.get(i);
                RunRow y = cycles.get(j);
                boolean overlap = x.startedAt().isBefore(y.finishedAt()) && y.startedAt().isBefore(x.finishedAt());
                assertThat(overlap).as("cycles %s [%s, %s] and %s [%s, %s] overlap", x.id(), x.startedAt(),
                        x.finishedAt(), y.id(), y.startedAt(), y.finishedAt()).isFalse();
            }
        }
    }

    static int advisoryLocksHeld() {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static void await(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
