package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.sandbox.FaultPlan;
import com.wdtkingdee.sync.sandbox.FaultPlan.Fault;
import com.wdtkingdee.sync.sandbox.FaultProfiles;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.RequestHook.Phase;
import com.wdtkingdee.sync.sandbox.RobotReceivers;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 with nobody at the keyboard, proved on the packaged jar in child processes (the simulators, the robot
 * receivers and the database run in this JVM; the product's retry settings are its defaults unless a test says
 * otherwise): a two-minute Kingdee outage in the middle of a window heals itself and the team's DingTalk robot gets
 * a signed alert; per-row lock answers are retried, not parked; an HTTP 500 during the start-up check is retried;
 * a chaos run killed with SIGKILL and restarted parks only the permanent rejections. Each ends with every expected
 * customer exactly once in the Kingdee simulator. Child output: {@code target/unattended/}.
 */
@Tag("slow")
class UnattendedIT {

    static final Path LOGS = ChildApp.PROJECT.resolve("target/unattended");
    /** Now (Asia/Shanghai) when the class was loaded; the children use the real clock. */
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);
    static final Duration OUTAGE = Duration.ofMinutes(2);

    @BeforeEach
    void cleanState() throws IOException {
        TestDatabase.truncateAll();
        Files.createDirectories(LOGS);
    }

    /**
     * The service runs on its schedule with the default retry settings. In its first window Kingdee commits the
     * third BatchSave and then goes down for two minutes (port closed, sessions lost) before answering it. The
     * window fails (checkpoint stays), the DingTalk robot receives a correctly signed "window failed" alert, later
     * cycles fail while Kingdee is down, and the first cycle after it is back writes the rest: every customer once,
     * no dead letter ever written, the checkpoint at the end of the last window — and nobody ran a command.
     */
    @Test
    void aTwoMinuteKingdeeOutageMidWindowHealsItselfAndTheChatGetsASignedAlert() throws Exception {
        ClusterFailoverIT.resetQuartz();
        try (SyncFixture f = new SyncFixture(Clock.systemUTC());
             RobotReceivers robots = RobotReceivers.start(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(810L, 150, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.RULE_SHOPS));
            AtomicReference<Instant> wentDown = new AtomicReference<>();
            f.kingdee.onRequest((op, phase, seq) -> {
                if (op.equals(FaultPlan.BATCH_SAVE) && phase == Phase.AFTER_COMMIT && seq == 3 && wentDown.get() == null) {
                    wentDown.set(Instant.now());
                    f.kingdee.outage(OUTAGE);
                    throw new IllegalStateException("Kingdee went down after committing BatchSave #3");
                }
            });
            Map<String, String> settings = new HashMap<>(Map.of(
                    "sync.initial-start", SyncFixture.erp(BASE.minusHours(3)),
                    "sync.cron", "0/5 * * * * ?",
                    "sync.batch-size", "10",
                    "wdt.page-size", "50",
                    "observe.enabled", "false",
                    "camel.main.shutdown-timeout", "10"));
            settings.put("alert.dingtalk.url", robots.dingTalkUrl());
            settings.put("alert.dingtalk.secret", robots.dingTalkSecret());
            Process service = ChildApp.start(f, settings, LOGS.resolve("outage-service.log"));
            Expected expected = Expected.from(f.orders());
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> wentDown.get() != null);
                // down: no window completes, the failed one is reported to the chat
                await().atMost(Duration.ofSeconds(90)).until(() -> !SyncFixture.windows("FAILED").isEmpty());
                await().atMost(Duration.ofSeconds(20)).until(() -> !robots.received(RobotReceivers.DINGTALK).isEmpty());
                assertThat(f.kingdee.down()).as("still down when the window failed").isTrue();
                // back: the service heals on its own
                await().atMost(OUTAGE.plusSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    assertThat(f.kingdee.down()).isFalse();
                    f.assertKingdeeHoldsExactly(expected);
                    assertThat(SyncFixture.windows("DONE")).isNotEmpty();
                });
                assertThat(service.isAlive()).as("the same service process, never restarted").isTrue();
            } finally {
                service.destroy();   // SIGTERM
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }

            List<KingdeeSimulator.Outage> outages = f.kingdee.outages();
            assertThat(outages).hasSize(1);
            assertThat(Duration.between(outages.get(0).from(), outages.get(0).until())).isGreaterThanOrEqualTo(OUTAGE);
            f.assertKingdeeHoldsExactly(expected);
            assertThat(deadLetterRows()).as("no dead letter was ever written").isZero();
            List<RunRow> failed = SyncFixture.windows("FAILED");
            // windows fail during the outage, and for at most kingdee.circuit.wait-in-open (PT30S) after it while the
            // circuit breaker is still open (calls fail fast until its trial call)
            assertThat(failed).as("the outage failed windows").isNotEmpty()
                    .allSatisfy(w -> assertThat(w.startedAt()).isBefore(outages.get(0).until().plusSeconds(30 + 5)));
            List<RunRow> done = SyncFixture.windows("DONE");
            RunRow last = done.get(done.size() - 1);
            assertThat(last.startedAt()).as("the healing window ran after Kingdee was back")
                    .isAfter(outages.get(0).until().minusSeconds(40));
            assertThat(SyncFixture.checkpoint()).as("checkpoint = end of the last window").contains(last.windowEnd());
            assertThat(SyncFixture.local(last.windowEnd())).isAfter(BASE.minusMinutes(5));
            assertThat(SyncFixture.runs()).as("no row left RUNNING").noneMatch(r -> r.status().equals("RUNNING"));
            // the team's chat: a window-failed alert, signed as DingTalk requires (the receiver verified it)
            assertThat(robots.received(RobotReceivers.DINGTALK)).anySatisfy(r -> {
                assertThat(r.accepted()).as(r.answer()).isTrue();
                assertThat(r.text()).contains("sync window failed");
            });
            assertThat(robots.received(RobotReceivers.DINGTALK)).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        }
    }

    /**
     * 5 % of the BatchSave rows are answered {@code 客户[…]已被锁定，请稍后重试} (another user holds the record). One
     * {@code --once} run with the default retry settings writes every customer, once, and parks nothing.
     */
    @Test
    void lockAnswersOnFivePercentOfRowsAreRetriedAndNothingIsParked() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(820L, 300, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.RULE_SHOPS));
            f.kingdee.lockRows(0.05, 820L);

            int exit = once(f, Map.of("sync.initial-start", SyncFixture.erp(BASE.minusHours(3))), "locks");

            assertThat(exit).as("exit code; see %s", LOGS.resolve("locks.log")).isZero();
            assertThat(f.kingdee.lockedRows()).as("lock answers given").isPositive();
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            assertThat(deadLetterRows()).isZero();
            assertCheckpointAtTheEndOfTheLastWindow();
        }
    }

    /**
     * The start-up check's login and its first query are answered HTTP 500. The {@code --once} start retries them
     * (kingdee.startup-check-timeout), passes, and syncs everything.
     */
    @Test
    void anHttp500DuringTheStartupCheckIsRetriedAndTheStartSucceeds() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(830L, 60, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.RULE_SHOPS));
            f.kingdee.faults().next(FaultPlan.VALIDATE_USER, Fault.HTTP_500);
            f.kingdee.faults().next(FaultPlan.EXECUTE_BILL_QUERY, Fault.HTTP_500);
            List<String> before = new ArrayList<>();   // what the source had been asked when each 500 was answered
            f.kingdee.onRequest((op, phase, seq) -> {
                if (phase == Phase.BEFORE && seq == 1 && (op.equals(FaultPlan.VALIDATE_USER)
                        || op.equals(FaultPlan.EXECUTE_BILL_QUERY))) {
                    before.add(op + " with qimen calls=" + f.qimen.calls() + " BatchSave calls="
                            + f.kingdee.calls(FaultPlan.BATCH_SAVE));
                }
            });

            int exit = once(f, Map.of("sync.initial-start", SyncFixture.erp(BASE.minusHours(3))), "startup-500");

            assertThat(f.kingdee.faults().applied()).containsExactly("ValidateUser:HTTP_500", "ExecuteBillQuery:HTTP_500");
            assertThat(before).as("both 500s were answered during the start-up check, before the sync")
                    .containsExactly("ValidateUser with qimen calls=0 BatchSave calls=0",
                            "ExecuteBillQuery with qimen calls=0 BatchSave calls=0");
            assertThat(exit).as("exit code; see %s", LOGS.resolve("startup-500.log")).isZero();
            assertThat(Files.readString(LOGS.resolve("startup-500.log"))).contains("Start-up checks passed");
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            assertThat(deadLetterRows()).isZero();
            assertCheckpointAtTheEndOfTheLastWindow();
        }
    }

    /**
     * Both simulators under {@link FaultProfiles#CHAOS}, three titles Kingdee rejects and orders of a shop without
     * a rule; {@code --once} is killed with SIGKILL three times (after a BatchSave committed, after an allocation
     * committed, at a seeded random instant) and started again, as a scheduler would, until it completes. Every
     * expected customer exists once, and the open dead letters are exactly the permanent rejections: the rejected
     * titles and the orders without a rule.
     */
    @Test
    void aChaosRunKilledAndRestartedMissesNothingAndParksOnlyPermanentRejections() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(840L, 400, BASE.minusHours(3), BASE.minusMinutes(10), SyncFixture.SHOPS));
            List<String> candidates = Expected.titlesWithOneSpelling(f.orders());
            Set<String> rejected = new LinkedHashSet<>(List.of(candidates.get(2), candidates.get(11), candidates.get(29)));
            f.kingdee.rejectNames(rejected);
            FaultProfiles.apply(FaultProfiles.CHAOS, f.qimen, f.kingdee, 840L);
            KillNineIT.KillSwitch killer = new KillNineIT.KillSwitch(f);
            f.qimen.onRequest(killer);
            f.kingdee.onRequest(killer);
            Map<String, String> settings = Map.of(
                    "sync.initial-start", SyncFixture.erp(BASE.minusHours(3).minusMinutes(5)),
                    "sync.max-window", "PT1H",
                    "sync.batch-size", "5",
                    "wdt.page-size", "10",
                    "sync.retry.max-redeliveries", "10",
                    "sync.retry.delay-ms", "20",
                    "sync.retry.max-delay-ms", "200");
            // killed after a BatchSave commit, after an Allocate commit, then at a seeded random instant
            List<KillNineIT.Armed> plan = java.util.Arrays.asList(
                    new KillNineIT.Armed(FaultPlan.BATCH_SAVE, Phase.AFTER_COMMIT, 4, false),
                    new KillNineIT.Armed(FaultPlan.ALLOCATE, Phase.AFTER_COMMIT, 2, false),
                    null);

            List<String> history = new ArrayList<>();
            int exit = -1;
            for (int run = 1; run <= 10; run++) {
                Process child = ChildApp.start(f, settings, LOGS.resolve("chaos-run" + run + ".log"), "--once");
                killer.arm(child, run <= plan.size() ? plan.get(run - 1) : null, run == 3 ? 7L : null);
                if (!child.waitFor(120, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("run " + run + " did not end within 120 s; see chaos-run" + run + ".log");
                }
                boolean killed = killer.disarm();
                exit = child.exitValue();
                history.add("run " + run + ": " + (killed ? "killed at " + killer.killedAt() : "exit " + exit));
                if (!killed && (exit == 0 || exit == 3)) {
                    break;
                }
                // 1 = a window failed under the chaos (the next scheduled run reads it again), 4 = the killed run's
                // lock was not released yet
                assertThat(killed || exit == 1 || exit == 4).as("run %d: exit %d; see chaos-run%d.log", run, exit, run)
                        .isTrue();
                if (exit == 4) {
                    Thread.sleep(300);
                }
            }
            System.out.println("UnattendedIT chaos + kill -9: " + history + "; faults " + f.kingdee.faults().applied().size()
                    + " Kingdee, " + f.qimen.faults().applied().size() + " Qimen");

            assertThat(killer.kills()).as("killed runs: %s", history).isGreaterThanOrEqualTo(2);
            assertThat(exit).as("ended: %s", history).isEqualTo(3);
            Expected expected = Expected.from(f.orders(), rejected);
            f.assertKingdeeHoldsExactly(expected);
            List<DeadLetter> dead = SyncFixture.openDeadLetters();
            Map<String, List<DeadLetter>> byStage = dead.stream().collect(Collectors.groupingBy(DeadLetter::stage));
            assertThat(byStage.keySet()).as("parked: %s", dead).containsExactlyInAnyOrder("org-rule", "batch-save");
            assertThat(byStage.get("org-rule")).extracting(DeadLetter::itemKey)
                    .containsExactlyInAnyOrderElementsOf(expected.noRuleOrderNos());
            assertThat(byStage.get("batch-save")).extracting(DeadLetter::itemKey)
                    .containsExactlyInAnyOrderElementsOf(expected.rejectedKeys().stream().map(Expected::number).toList());
            assertThat(byStage.get("batch-save")).allSatisfy(d -> assertThat(d.reason()).contains("包含非法字符"));
            // the chaos really happened, on both sides
            assertThat(f.qimen.faults().applied()).as("Qimen faults").isNotEmpty();
            assertThat(f.kingdee.faults().applied()).as("Kingdee faults").hasSizeGreaterThanOrEqualTo(5);
            assertCheckpointAtTheEndOfTheLastWindow();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code java -jar target/wdt-kingdee-sync.jar --once} in a child process to its end; returns its exit code. */
    private static int once(SyncFixture f, Map<String, String> settings, String name) throws Exception {
        Process child = ChildApp.start(f, settings, LOGS.resolve(name + ".log"), "--once");
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(name + " did not end within 120 s; see " + LOGS.resolve(name + ".log"));
        }
        return child.exitValue();
    }

    /** Rows of dead_letter, open or resolved. */
    static long deadLetterRows() throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM dead_letter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertCheckpointAtTheEndOfTheLastWindow() {
        List<RunRow> done = SyncFixture.windows("DONE");
        assertThat(done).isNotEmpty();
        RunRow last = done.get(done.size() - 1);
        assertThat(SyncFixture.checkpoint()).as("checkpoint = end of the last window").contains(last.windowEnd());
        assertThat(SyncFixture.local(last.windowEnd())).isAfter(BASE.minusMinutes(5));
        assertThat(SyncFixture.runs()).as("no row left RUNNING").noneMatch(r -> r.status().equals("RUNNING"));
    }
}
