package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.flow.DeadLetterReplayer.ReplayReport;
import com.wdtkingdee.sync.sandbox.FaultPlan;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.sandbox.RobotReceivers;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry ladder (sync.dead-letter.retry) against the sandbox: rows that keep answering "try again" are parked on
 * the ladder; once Kingdee answers normally the due replay writes them with nobody at the keyboard; a letter that
 * fails on every step ends exhausted and the team's chat is told.
 */
class RetryLadderEndToEndIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);


    /** Every window the test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }
    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    private static ConfigSource config(String ladder) {
        return ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.batch-size", "50")
                .override("sync.retry.max-redeliveries", "1")
                .override("sync.retry.delay-ms", "1")
                .override("sync.dead-letter.retry", ladder);
    }

    private static List<String> ladderRows() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT stage, next_attempt IS NOT NULL, ladder_step, exhausted,"
                     + " resolved_at IS NOT NULL FROM dead_letter WHERE stage = 'batch-save' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getBoolean(2) + "|" + rs.getInt(3) + "|" + rs.getBoolean(4) + "|"
                        + rs.getBoolean(5));
            }
        }
        return out;
    }

    @Test
    void transientLettersAreReplayedByTheLadderWithoutAPerson() throws Exception {
        ConfigSource config = config("PT0S,PT0S");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.ROW_TRANSIENT_ERROR, 1.0, 3L);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
                List<String> parked = ladderRows();
                assertThat(parked).isNotEmpty().allMatch(r -> r.equals("batch-save|true|0|false|false"));
                int before = sandbox.kingdee().customers().size();

                sandbox.kingdee().faults().clear();
                ReplayReport due = runtime.replayDue();
                assertThat(due.selected()).isEqualTo(parked.size());
                assertThat(due.resolved()).isEqualTo(parked.size());
                assertThat(sandbox.kingdee().customers()).hasSize(before + parked.size())
                        .extracting(SimCustomer::number).doesNotHaveDuplicates();
                // the org-rule letters are not on the ladder: a due replay never selects them
                assertThat(runtime.replayDue().selected()).isZero();
            }
        }
    }

    @Test
    void aLetterThatFailsOnEveryStepIsExhaustedAndTheChatIsTold() throws Exception {
        ConfigSource config = config("PT0S");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.ROW_TRANSIENT_ERROR, 1.0, 3L);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                runtime.runCycle();
                int parked = ladderRows().size();
                assertThat(parked).isPositive();

                // the only step: Kingdee still answers "try again" for the first row of each BatchSave, so one letter
                // of the replayed batch fails again and is exhausted; the others are written and resolved
                ReplayReport first = runtime.replayDue();
                assertThat(first.selected()).isEqualTo(parked);
                assertThat(first.stillOpen()).isEqualTo(1);
                assertThat(ladderRows()).filteredOn(r -> r.endsWith("|false"))
                        .containsExactly("batch-save|false|1|true|false");
                assertThat(runtime.replayDue().selected()).as("exhausted letters wait for a person").isZero();
                assertThat(sandbox.robots().received(RobotReceivers.DINGTALK))
                        .anySatisfy(r -> assertThat(r.accepted()).isTrue());
            }
        }
    }

    /** A replay that fails because Kingdee gives no answer keeps the letters on their step: an outage does not use
     *  up the ladder (with one step, the letters would otherwise be exhausted by the outage). */
    @Test
    void aReplayDuringAKingdeeOutageKeepsTheLettersOnTheirStep() throws Exception {
        // the breaker off: every replay reaches the simulator (an open breaker is an outage just the same)
        ConfigSource config = config("PT0S").override("kingdee.circuit.enabled", "false");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.ROW_TRANSIENT_ERROR, 1.0, 3L);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                runtime.runCycle();
                List<String> parked = ladderRows();
                assertThat(parked).isNotEmpty().allMatch(r -> r.equals("batch-save|true|0|false|false"));

                sandbox.kingdee().faults().clear();
                sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.HTTP_500, 1.0, 5L);
                ReplayReport duringOutage = runtime.replayDue();
                assertThat(duringOutage.resolved()).isZero();
                assertThat(ladderRows()).as("still on step 0, not exhausted, due again")
                        .hasSize(parked.size()).allMatch(r -> r.equals("batch-save|true|0|false|false"));

                sandbox.kingdee().faults().clear();
                ReplayReport after = runtime.replayDue();
                assertThat(after.resolved()).isEqualTo(parked.size());
                assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).doesNotHaveDuplicates();
            }
        }
    }
}
