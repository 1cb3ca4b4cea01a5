package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service-mode instances (child JVMs) on one database: Quartz runs clustered (JDBC JobStore), so both
 * schedule the cron but cycles never overlap; when the active one is killed with SIGKILL the other takes over
 * and syncs what arrives afterwards; SIGTERM stops the survivor gracefully. Every customer exists exactly once.
 */
class ClusterFailoverTest {

    static final Path LOGS = ChildApp.PROJECT.resolve("target/cluster");
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void cleanState() throws Exception {
        TestDatabase.truncateAll();
        SyncFixture.sql("DELETE FROM qrtz_fired_triggers");
        SyncFixture.sql("DELETE FROM qrtz_cron_triggers");
        SyncFixture.sql("DELETE FROM qrtz_triggers");
        SyncFixture.sql("DELETE FROM qrtz_job_details");
        SyncFixture.sql("DELETE FROM qrtz_scheduler_state");
        SyncFixture.sql("DELETE FROM qrtz_locks");
        Files.createDirectories(LOGS);
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

    @Test
    void aStandbyTakesOverWhenTheActiveInstanceDies() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(700L, 120, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.SHOPS));
            Process a = start(f, "instance-a");
            Process b = start(f, "instance-b");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM qrtz_scheduler_state") == 2);
                await().atMost(Duration.ofSeconds(60)).until(() -> doneCycles() >= 3);
                f.assertKingdeeHoldsExactly(Expected.from(f.orders()));

                // which instance fired the last cycle? kill that one without warning
                boolean aActive = Files.readString(LOGS.resolve("instance-a.log")).contains(" done: ");
                Process active = aActive ? a : b;
                Process standby = aActive ? b : a;
                active.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                long before = doneCycles();

                // orders shipped now: only the standby can sync them
                f.addOrders(SyncFixture.demoOrders(701L, 30, BASE.minusMinutes(4), BASE.minusMinutes(2), SyncFixture.SHOPS));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    assertThat(doneCycles()).isGreaterThan(before + 1);
                    f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
                });
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
