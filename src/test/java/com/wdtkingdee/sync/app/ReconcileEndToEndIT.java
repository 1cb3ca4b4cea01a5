package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.Reconciler;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** --reconcile against the sandbox: a clean sync reports nothing missing; --repair writes what is missing. */
class ReconcileEndToEndIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T04:00:00Z"), ZoneOffset.UTC);


    /** Every window the test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }
    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    @Test
    void reportsMissingCustomersRepairsThemAndACleanSyncShowsNoneMissing() throws Exception {
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            Settings settings = Settings.from(config);
            Instant from = CLOCK.instant().minus(java.time.Duration.ofDays(3));
            Instant to = CLOCK.instant();
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).start()) {
                // nothing synced yet: every expected customer is missing, and reading the period wrote nothing
                Reconciler.Report before = runtime.reconcile(from, to, false);
                assertThat(before.expected()).isGreaterThan(100);
                assertThat(before.missing()).hasSize(before.expected());
                assertThat(sandbox.kingdee().customers()).isEmpty();
                assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();

                // a normal sync, then the report of the same period is clean
                runtime.runCycle();
                int synced = sandbox.kingdee().customers().size();
                Reconciler.Report clean = runtime.reconcile(from, to, false);
                assertThat(clean.expected()).isEqualTo(before.expected()).isEqualTo(synced);
                assertThat(clean.missing()).isEmpty();
                assertThat(clean.mismatches()).isEmpty();
                assertThat(clean.present()).isEqualTo(synced);

                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                Application.printReport(clean, false, new PrintStream(printed, true, StandardCharsets.UTF_8));
                assertThat(printed.toString(StandardCharsets.UTF_8)).contains("missing            : 0");
            }
        }
    }

    @Test
    void repairWritesTheMissingCustomersOnce() throws Exception {
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            Settings settings = Settings.from(config);
            Instant from = CLOCK.instant().minus(java.time.Duration.ofDays(3));
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).start()) {
                Reconciler.Report repaired = runtime.reconcile(from, CLOCK.instant(), true);
                assertThat(repaired.repaired()).isEqualTo(repaired.missing().size()).isPositive();
                assertThat(sandbox.kingdee().customers()).hasSize(repaired.expected());
                assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).doesNotHaveDuplicates();
                assertThat(sandbox.kingdee().customers()).allSatisfy(c ->
                        assertThat(c.allocatedOrgIds()).contains(SandboxLauncher.DISTRIBUTION_ORG_ID));

                Reconciler.Report after = runtime.reconcile(from, CLOCK.instant(), true);
                assertThat(after.missing()).isEmpty();
                assertThat(after.repaired()).isZero();
                runtime.runCycle();   // a sync after the repair creates nothing new
                assertThat(sandbox.kingdee().customers()).hasSize(repaired.expected());
            }
        }
    }
}
