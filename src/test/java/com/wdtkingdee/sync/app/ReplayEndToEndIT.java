package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.flow.DeadLetterReplayer.ReplayReport;
import com.wdtkingdee.sync.sandbox.FaultPlan;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --replay} against the sandbox: customers parked because Kingdee was down, and orders parked because
 * their shop had no rule, are written once the cause is gone; replaying again creates nothing.
 */
class ReplayEndToEndIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T04:00:00Z"), ZoneOffset.UTC);


    /** Every window the test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }
    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    private static ConfigSource config() {
        return ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.batch-size", "50")
                .override("sync.retry.max-redeliveries", "1")
                .override("sync.retry.delay-ms", "1");
    }

    @Test
    void replayWritesParkedCustomersOnceAndResolvesTheirLetters() throws Exception {
        ConfigSource config = config();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            DeadLetterStore letters = new DeadLetterStore(TestDatabase.dataSource());
            // every BatchSave answers its first row "deadlock, run the transaction again": after the batch's
            // retries that row is parked (a transient, item-specific failure), the others are written
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.ROW_TRANSIENT_ERROR, 1.0, 1L);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                CycleOutcome outcome = runtime.runCycle();
                assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
                int writtenBefore = sandbox.kingdee().customers().size();
                List<DeadLetter> parked = letters.open("customer-sync", null, null);
                long batchLetters = parked.stream().filter(d -> d.stage().equals("batch-save")).count();
                long orgLetters = parked.stream().filter(d -> d.stage().equals("org-rule")).count();
                assertThat(batchLetters).isGreaterThanOrEqualTo(3);
                assertThat(writtenBefore).isGreaterThan(100);
                assertThat(orgLetters).isGreaterThan(10);

                // Kingdee answers normally again: replay only the Kingdee failures
                sandbox.kingdee().faults().clear();
                ReplayReport report = runtime.replay(null, "failed transiently");
                assertThat(report.selected()).isEqualTo((int) batchLetters);
                assertThat(report.resolved()).isEqualTo((int) batchLetters);
                List<SimCustomer> customers = sandbox.kingdee().customers();
                assertThat(customers).hasSize(writtenBefore + (int) batchLetters);
                assertThat(customers).extracting(SimCustomer::number).doesNotHaveDuplicates();
                assertThat(customers).allSatisfy(c -> assertThat(c.allocatedOrgIds()).contains(SandboxLauncher.DISTRIBUTION_ORG_ID));
                assertThat(letters.open("customer-sync", null, null)).hasSize((int) orgLetters);

                // the no-rule letters still fail without a rule: they stay open, attempts counted up
                ReplayReport again = runtime.replay(null, "no organisation rule");
                assertThat(again.resolved()).isZero();
                assertThat(again.stillOpen()).isEqualTo((int) orgLetters);
                assertThat(letters.open("customer-sync", null, null)).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(2));
            }

            // a rule for shop 0099 is added: a replay writes those customers, a second replay creates nothing
            config.override("customer.org-rule.DZ", "005,006,007,0081,0091,0099");
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                int before = sandbox.kingdee().customers().size();
                ReplayReport report = runtime.replay(null, null);
                assertThat(report.stillOpen()).isZero();
                assertThat(letters.countOpen("customer-sync")).isZero();
                List<SimCustomer> customers = sandbox.kingdee().customers();
                assertThat(customers.size()).isGreaterThan(before);
                assertThat(customers).extracting(SimCustomer::number).doesNotHaveDuplicates();
                assertThat(customers).filteredOn(c -> c.useOrg().equals("DZ")).isNotEmpty();

                int saves = sandbox.kingdee().calls("BatchSave");
                ReplayReport twice = runtime.replay(null, null);
                assertThat(twice.selected()).isZero();
                assertThat(sandbox.kingdee().customers()).hasSize(customers.size());
                assertThat(sandbox.kingdee().calls("BatchSave")).isEqualTo(saves);
            }
        }
    }
}
