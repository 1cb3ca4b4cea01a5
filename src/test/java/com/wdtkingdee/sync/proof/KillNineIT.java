package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.RequestHook;
import com.wdtkingdee.sync.sandbox.RequestHook.Phase;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.CustomerRow;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code kill -9} of the application at exactly chosen points of its conversation with the ERPs, then restarts
 * until it completes: no order may be missed, no customer created twice, and the checkpoint must end at the end of
 * the last window.
 *
 * <p>The simulators and the database run in this JVM; the application runs in a child JVM
 * ({@code java -jar target/wdt-kingdee-sync.jar --once}, as in production) and is killed with {@link Process#destroyForcibly()} (SIGKILL)
 * from inside a simulator's {@link RequestHook}, i.e. while the simulator holds the request at that point. The
 * child uses the real clock, so the orders lie in the last hours. Child output: {@code target/kill-nine/}.
 */
@Tag("slow")
class KillNineIT {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path LOGS = PROJECT.resolve("target/kill-nine");
    static final int MAX_RUNS = 6;
    /** Now (Asia/Shanghai) when the class was loaded; the orders and windows are laid out around it. */
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);
    /** 4 windows of at most 1 hour: 3 with orders, the last (to now − 1 min) without. */
    static final LocalDateTime INITIAL_START = BASE.minusHours(3).minusMinutes(5);
    static final List<Map<String, Object>> ORDERS = SyncFixture.demoOrders(900L, 150, BASE.minusHours(3),
            BASE.minusMinutes(10), SyncFixture.SHOPS);
    static final Map<String, String> SETTINGS = Map.of(
            "sync.initial-start", SyncFixture.erp(INITIAL_START),
            "sync.max-window", "PT1H",
            "sync.batch-size", "10",
            "wdt.page-size", "20",
            "sync.retry.delay-ms", "20",
            "sync.retry.max-delay-ms", "200");

    private static Recording recording;

    /** Where to kill: the n-th request of an operation in one run, at a phase. */
    record KillPoint(String operation, Phase phase, ToIntFunction<Recording> nth, String label, boolean holdFirst) {
        KillPoint(String operation, Phase phase, ToIntFunction<Recording> nth, String label) {
            this(operation, phase, nth, label, false);
        }

        static KillPoint at(String operation, Phase phase, int nth) {
            return new KillPoint(operation, phase, r -> nth, operation + " " + phase + " #" + nth);
        }

        /**
         * Two batches in flight (kingdee.writers=2): the first BatchSave of the run is held before it executes until
         * the child is killed right after the second one committed; then the first executes with nobody waiting.
         */
        static KillPoint twoBatchesInFlight() {
            return new KillPoint("BatchSave", Phase.AFTER_COMMIT, r -> 2,
                    "BatchSave #2 AFTER_COMMIT while #1 is held in flight", true);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * One scenario: kill points per run (run 1, run 2, …; later runs run undisturbed), or a seeded random delay
     * (100–1100 ms; an undisturbed sync takes about 1.3 s) after the first source request of run 1.
     */
    record Scenario(String name, List<KillPoint> perRun, Long randomSeed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("mid-fetch (Qimen BEFORE, page 1 of window 1)",
                        List.of(KillPoint.at("qimen", Phase.BEFORE, 2)), null),
                new Scenario("between pages (Qimen AFTER_ANSWER, page 1 of window 2)",
                        List.of(KillPoint.at("qimen", Phase.AFTER_ANSWER, 5)), null),
                new Scenario("BatchSave committed, answer lost (AFTER_COMMIT)",
                        List.of(KillPoint.at("BatchSave", Phase.AFTER_COMMIT, 2)), null),
                new Scenario("before the BatchSave commit (BEFORE)",
                        List.of(KillPoint.at("BatchSave", Phase.BEFORE, 3)), null),
                new Scenario("allocation not yet executed (Allocate BEFORE)",
                        List.of(KillPoint.at("Allocate", Phase.BEFORE, 2)), null),
                new Scenario("allocation committed, answer lost (Allocate AFTER_COMMIT)",
                        List.of(KillPoint.at("Allocate", Phase.AFTER_COMMIT, 4)), null),
                new Scenario("after the last BatchSave of window 1 (AFTER_ANSWER)",
                        List.of(new KillPoint("BatchSave", Phase.AFTER_ANSWER, r -> r.lastBatchSave(1),
                                "BatchSave AFTER_ANSWER last of window 1")), null),
                new Scenario("killed twice: BatchSave AFTER_COMMIT, then Allocate AFTER_COMMIT in the restart",
                        List.of(KillPoint.at("BatchSave", Phase.AFTER_COMMIT, 1),
                                KillPoint.at("Allocate", Phase.AFTER_COMMIT, 1)), null),
                new Scenario("two batches in flight (BatchSave #2 committed, #1 held, both answers lost)",
                        List.of(KillPoint.twoBatchesInFlight()), null),
                new Scenario("random instant A (seed 7)", List.of(), 7L),
                new Scenario("random instant B (seed 11)", List.of(), 11L));
    }

    @BeforeEach
    void cleanState() throws IOException {
        TestDatabase.truncateAll();
        Files.createDirectories(LOGS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aKilledSyncRestartedUntilDoneMissesNothingAndDuplicatesNothing(Scenario scenario) throws Exception {
        Recording rec = recording();
        TestDatabase.truncateAll();
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(ORDERS);
            KillSwitch kill = new KillSwitch(f);
            f.qimen.onRequest(kill);
            f.kingdee.onRequest(kill);

            int exit = -1;
            int runs = 0;
            List<String> history = new ArrayList<>();
            while (runs < MAX_RUNS) {
                runs++;
                KillPoint point = runs <= scenario.perRun().size() ? scenario.perRun().get(runs - 1) : null;
                Long delaySeed = runs == 1 ? scenario.randomSeed() : null;
                Process child = startChild(f, scenario, runs);
                kill.arm(child, point == null ? null : new Armed(point.operation(), point.phase(),
                        point.nth().applyAsInt(rec), point.holdFirst()), delaySeed);
                if (!child.waitFor(120, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("run " + runs + " of " + scenario + " did not end within 120 s; see " + log(scenario, runs));
                }
                exit = child.exitValue();
                boolean killed = kill.disarm();
                history.add("run " + runs + ": " + (killed ? "killed at " + kill.killedAt() : "exit " + exit));
                if (point != null) {
                    assertThat(killed).as("run %d of %s reached its kill point %s", runs, scenario, point).isTrue();
                    if (point.holdFirst()) {
                        assertThat(kill.heldWhenKilled()).as("BatchSave #1 was still in flight at the kill").isTrue();
                    }
                }
                if (!killed && (exit == 0 || exit == 3)) {
                    break;
                }
                assertThat(killed || exit == 4).as("run %d of %s: exit %d (4 = the killed run's lock was not yet"
                        + " released); see %s", runs, scenario, exit, log(scenario, runs)).isTrue();
                if (exit == 4) {
                    Thread.sleep(300);
                }
            }
            System.out.println("KillNineIT " + scenario + ": " + history + "; reference run " + rec.events().size()
                    + " requests, last BatchSave by window " + rec.lastBatchSaveByWindow());

            assertThat(exit).as("%s ended: %s", scenario, history).isEqualTo(3);    // dead letters of shop 0099
            Expected expected = Expected.from(f.orders());
            f.assertKingdeeHoldsExactly(expected);
            SyncFixture.assertDeadLettersAreExactlyTheNoRuleOrders(expected);
            List<CustomerRow> registry = new CustomerRegistry(TestDatabase.dataSource()).all();
            assertThat(registry).hasSize(expected.keys().size()).allSatisfy(r -> {
                assertThat(r.status()).isIn(CustomerStatus.SAVED, CustomerStatus.EXISTING);
                assertThat(r.allocatedAt()).isNotNull();
            });
            List<RunRow> done = SyncFixture.windows("DONE");
            RunRow last = done.get(done.size() - 1);
            assertThat(SyncFixture.checkpoint()).as("checkpoint = end of the last window").contains(last.windowEnd());
            assertThat(SyncFixture.local(last.windowEnd())).isAfter(BASE.minusMinutes(10));
            assertThat(SyncFixture.runs()).as("no row left RUNNING").noneMatch(r -> r.status().equals("RUNNING"));
        }
    }

    // ------------------------------------------------------------------ the child process

    Process startChild(SyncFixture f, Scenario scenario, int run) throws IOException {
        return ChildApp.start(f, SETTINGS, log(scenario, run), "--once");
    }

    static Path log(Scenario scenario, int run) {
        String name = scenario.name().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return LOGS.resolve(name + "-run" + run + ".log");
    }

    /** The kill point of the current run, counted per run. */
    record Armed(String operation, Phase phase, int nth, boolean holdFirst) {
    }

    /**
     * The hook on both simulators: counts each operation's requests of the current run and kills the child
     * (SIGKILL, waiting for its death) at the armed point, then abandons the request (BEFORE: not executed;
     * AFTER_COMMIT: no answer). With a random seed, kills after a seeded delay from the run's first source request.
     */
    static final class KillSwitch implements RequestHook {
        private final SyncFixture fixture;
        private final Map<String, Integer> perRun = new ConcurrentHashMap<>();
        private final Map<String, Integer> runIndexBySeq = new ConcurrentHashMap<>();
        private final AtomicBoolean killed = new AtomicBoolean();
        private volatile Process child;
        private volatile Armed armed;
        private volatile Long delaySeed;
        private volatile String killedAt;
        private final java.util.concurrent.atomic.AtomicInteger kills = new java.util.concurrent.atomic.AtomicInteger();

        KillSwitch(SyncFixture fixture) {
            this.fixture = fixture;
        }

        /** Released when the child is killed: a BatchSave held by a two-in-flight kill point goes on then. */
        private volatile java.util.concurrent.CountDownLatch killedLatch = new java.util.concurrent.CountDownLatch(1);
        private final AtomicBoolean holding = new AtomicBoolean();
        private volatile boolean heldWhenKilled;

        boolean heldWhenKilled() {
            return heldWhenKilled;
        }

        void arm(Process child, Armed armed, Long delaySeed) {
            killedLatch = new java.util.concurrent.CountDownLatch(1);
            holding.set(false);
            heldWhenKilled = false;
            perRun.clear();
            runIndexBySeq.clear();
            killed.set(false);
            killedAt = null;
            this.armed = armed;
            this.delaySeed = delaySeed;
            this.child = child;
        }

        boolean disarm() {
            armed = null;
            delaySeed = null;
            return killed.get();
        }

        String killedAt() {
            return killedAt;
        }

        /** Children killed so far, over all runs. */
        int kills() {
            return kills.get();
        }

        @Override
        public void on(String operation, Phase phase, int sequence) {
            Process p = child;
            if (p == null) {
                return;
            }
            int n;
            if (phase == Phase.BEFORE) {
                n = perRun.merge(operation, 1, Integer::sum);
                runIndexBySeq.put(operation + "#" + sequence, n);
            } else {
                n = runIndexBySeq.getOrDefault(operation + "#" + sequence, -1);
            }
            Long seed = delaySeed;
            if (seed != null && operation.equals("qimen") && phase == Phase.BEFORE && n == 1) {
                delaySeed = null;
                long delay = 100 + new Random(seed).nextInt(1000);
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (p.isAlive() && child == p) {
                        kill(p, "random instant +" + delay + " ms");
                    }
                }, "kill-nine-timer");
                t.setDaemon(true);
                t.start();
            }
            Armed a = armed;
            if (a != null && a.holdFirst() && operation.equals("BatchSave") && phase == Phase.BEFORE && n == 1) {
                holding.set(true);
                try {
                    killedLatch.await(60, TimeUnit.SECONDS);   // the second batch commits meanwhile, then the kill
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    holding.set(false);
                }
                return;   // executed now, with nobody waiting for the answer
            }
            // the first request at or after the n-th that reaches the phase: a fault profile (or a concurrent writer)
            // may keep the n-th itself from reaching it
            if (a != null && a.operation().equals(operation) && a.phase() == phase && n >= a.nth()) {
                armed = null;
                kill(p, operation + " " + phase + " #" + n);
                throw new IllegalStateException("client killed at " + killedAt);
            }
        }

        private void kill(Process p, String where) {
            killedAt = where;
            heldWhenKilled = holding.get();
            killed.set(true);
            kills.incrementAndGet();
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                killedLatch.countDown();
            }
        }
    }

    // ------------------------------------------------------------------ the undisturbed reference run

    /** The requests of an undisturbed in-process sync of the same orders, to place kill points by window. */
    record Recording(List<String> events, Map<Integer, Integer> lastBatchSaveByWindow) {
        int lastBatchSave(int window) {
            Integer n = lastBatchSaveByWindow.get(window);
            assertThat(n).as("window %d has a BatchSave", window).isNotNull();
            return n;
        }
    }

    static synchronized Recording recording() throws Exception {
        if (recording != null) {
            return recording;
        }
        TestDatabase.truncateAll();
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(ORDERS);
            List<String> events = new CopyOnWriteArrayList<>();
            Map<Integer, Integer> lastBatchSave = new HashMap<>();
            int[] window = {0};
            f.qimen.onRequest((op, phase, seq) -> {
                if (phase == Phase.AFTER_ANSWER && f.qimen.requestLog().get(seq - 1).contains(" page_no=0 ")) {
                    window[0]++;
                }
                events.add(op + " " + phase + " " + seq);
            });
            f.kingdee.onRequest((op, phase, seq) -> {
                if (op.equals("BatchSave") && phase == Phase.BEFORE) {
                    lastBatchSave.put(window[0], seq);
                }
                events.add(op + " " + phase + " " + seq);
            });
            CycleOutcome outcome;
            try (SyncRuntime runtime = f.runtime(SETTINGS)) {
                outcome = runtime.runCycle();
            }
            assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(outcome.windows()).isEqualTo(4);
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            assertThat(f.qimen.calls()).as("pages for the kill points").isGreaterThanOrEqualTo(6);
            assertThat(f.kingdee.calls("BatchSave")).isGreaterThanOrEqualTo(4);
            assertThat(f.kingdee.calls("Allocate")).isGreaterThanOrEqualTo(4);
            recording = new Recording(List.copyOf(events), Map.copyOf(lastBatchSave));
        } finally {
            TestDatabase.truncateAll();
        }
        return recording;
    }
}
