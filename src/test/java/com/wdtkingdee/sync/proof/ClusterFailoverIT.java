package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.sandbox.RequestHook;
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
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service-mode instances of the packaged jar (child processes) on one database: Quartz runs clustered (JDBC JobStore), so both
 * schedule the cron but only one fires each tick and cycles never overlap. Which instance fired is read from
 * Quartz's own tables, not from the logs: while the source is asked, {@code qrtz_fired_triggers} holds the row of
 * the sync trigger in state {@code EXECUTING} with the scheduler instance id of the node running it, and each
 * child's instance id is the one that appeared in {@code qrtz_scheduler_state} when it started (the shipped
 * {@code instanceId = AUTO}). The instance that is executing a cycle is killed with SIGKILL in the middle of it;
 * the other one must then be the one that fires (after Quartz's cluster recovery has released the trigger and
 * removed the dead instance) and sync what arrives afterwards; SIGTERM stops it gracefully. Every customer
 * exists exactly once.
 */
@Tag("slow")
class ClusterFailoverIT {

    static final Path LOGS = ChildApp.PROJECT.resolve("target/cluster");
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);
    /** Quartz's name of the sync trigger: {@code quartz:wdt-kingdee/customer-sync} in routes/sync.camel.yaml. */
    static final String TRIGGER = SyncFixture.SCHEME;

    @BeforeEach
    void cleanState() throws Exception {
        TestDatabase.truncateAll();
        resetQuartz();
        Files.createDirectories(LOGS);
    }

    /** Empties Quartz's tables (triggers and scheduler instances left by earlier service-mode children). */
    static void resetQuartz() {
        SyncFixture.sql("DELETE FROM qrtz_fired_triggers");
        SyncFixture.sql("DELETE FROM qrtz_cron_triggers");
        SyncFixture.sql("DELETE FROM qrtz_triggers");
        SyncFixture.sql("DELETE FROM qrtz_job_details");
        SyncFixture.sql("DELETE FROM qrtz_scheduler_state");
        SyncFixture.sql("DELETE FROM qrtz_locks");
    }

    private Process start(SyncFixture f, String name) throws IOException {
        return ChildApp.start(f, Map.of(
                "sync.initial-start", SyncFixture.erp(BASE.minusHours(2)),
                "sync.cron", "0/2 * * * * ?",
                "sync.batch-size", "20",
                "wdt.page-size", "50",
                "observe.enabled", "false",
                "camel.main.shutdown-timeout", "10"), LOGS.resolve(name + ".log"));
    }

    private static List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return out;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long doneCycles() throws Exception {
        return count("SELECT count(*) FROM sync_run WHERE kind = 'cycle' AND status = 'DONE'");
    }

    /** The scheduler instances registered in the cluster. */
    private static Set<String> instances() {
        return new TreeSet<>(strings("SELECT instance_name FROM qrtz_scheduler_state"));
    }

    /** Waits until a new child has registered its scheduler; returns its instance id. */
    private static String registered(Set<String> known) {
        await().atMost(Duration.ofSeconds(60)).until(() -> instances().size() == known.size() + 1);
        Set<String> now = instances();
        now.removeAll(known);
        assertThat(now).hasSize(1);
        return now.iterator().next();
    }

    /**
     * The hook on the source: at every request, which scheduler instances Quartz records as executing the sync
     * trigger (the request comes from that instance's cycle); optionally kills the first child seen executing.
     */
    static final class Firings implements RequestHook {
        final List<List<String>> executing = new CopyOnWriteArrayList<>();
        volatile Map<String, Process> killFirst;
        volatile String killed;

        @Override
        public void on(String operation, RequestHook.Phase phase, int sequence) {
            if (phase != RequestHook.Phase.BEFORE) {
                return;
            }
            List<String> ids = strings("SELECT instance_name FROM qrtz_fired_triggers WHERE trigger_name = '"
                    + TRIGGER + "' AND state = 'EXECUTING'");
            if (ids.isEmpty()) {
                return;   // not asked by a scheduled cycle
            }
            executing.add(ids);
            Map<String, Process> k = killFirst;
            if (k != null && ids.size() == 1) {
                killFirst = null;
                Process p = k.get(ids.get(0));
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                killed = ids.get(0);   // published once the process is gone
                throw new IllegalStateException("the executing instance " + killed + " was killed");
            }
        }

        List<String> executingSince(int index) {
            return executing.subList(index, executing.size()).stream().map(ids -> String.join("+", ids)).toList();
        }
    }

    @Test
    void aStandbyTakesOverWhenTheActiveInstanceDies() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(700L, 120, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.SHOPS));
            Firings firings = new Firings();
            f.qimen.onRequest(firings);
            Process a = start(f, "instance-a");
            String idA = registered(Set.of());
            Process b = start(f, "instance-b");
            String idB = registered(Set.of(idA));
            Map<String, Process> byId = Map.of(idA, a, idB, b);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> doneCycles() >= 3);
                f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
                assertThat(firings.executingSince(0)).as("one instance executes the sync trigger at a time")
                        .isNotEmpty().allMatch(ids -> ids.equals(idA) || ids.equals(idB));

                // the instance executing the next cycle (by Quartz's table) is killed without warning in the middle
                // of it, while it asks the source
                int mark = firings.executing.size();
                firings.killFirst = byId;
                await().atMost(Duration.ofSeconds(30)).until(() -> firings.killed != null);
                String dead = firings.killed;
                String survivor = dead.equals(idA) ? idB : idA;
                Process standby = byId.get(survivor);
                assertThat(byId.get(dead).isAlive()).isFalse();
                long before = doneCycles();
                int killedAt = firings.executing.size();

                // orders shipped now: only the survivor can sync them
                f.addOrders(SyncFixture.demoOrders(701L, 30, BASE.minusMinutes(4), BASE.minusMinutes(2), SyncFixture.SHOPS));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(doneCycles()).isGreaterThan(before + 1);
                    f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
                });
                assertThat(firings.executingSince(mark).get(0)).as("the killed instance was executing").isEqualTo(dead);
                assertThat(firings.executingSince(killedAt)).as("after the kill only the survivor fires")
                        .isNotEmpty().containsOnly(survivor);
                System.out.println("ClusterFailoverIT: instance-a=" + idA + " instance-b=" + idB + "; executing before the"
                        + " kill " + firings.executingSince(0).subList(0, mark) + ", killed " + dead + ", executing since "
                        + firings.executingSince(killedAt));
                // Quartz's cluster recovery by the survivor removed the dead instance
                await().atMost(Duration.ofSeconds(60)).until(() -> instances().equals(Set.of(survivor)));
                assertThat(standby.isAlive()).isTrue();

                // graceful stop of the survivor
                standby.destroy();   // SIGTERM
                assertThat(standby.waitFor(30, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            List<RunRow> cycles = SyncFixture.cycles().stream().filter(c -> "DONE".equals(c.status())).toList();
            for (int i = 1; i < cycles.size(); i++) {
                assertThat(cycles.get(i).startedAt()).as("cycles never overlap").isAfterOrEqualTo(cycles.get(i - 1).finishedAt());
            }
        }
    }
}
