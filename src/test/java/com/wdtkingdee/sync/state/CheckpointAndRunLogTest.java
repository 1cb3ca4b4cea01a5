package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckpointAndRunLogTest {

    private static final String SCHEME = "customer-sync";
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    /** 100 orders read = 7 filtered + 5 parked + 60 new + 15 existing + 8 already written + 5 repeated */
    private static final WindowCounts COUNTS = new WindowCounts(3, 100, 7, 80, 60, 15, 5, 5, 8, 5);

    private RunLog runLog;
    private CheckpointStore checkpoints;

    @BeforeEach
    void setUp() {
        TestDatabase.truncateAll();
        runLog = new RunLog(TestDatabase.dataSource());
        checkpoints = new CheckpointStore(TestDatabase.dataSource());
    }

    private static Instant t(int hours) {
        return T0.plus(hours, ChronoUnit.HOURS);
    }

    /** Completes one window [from, to] in its own cycle and returns the window id. */
    private long completedWindow(Instant from, Instant to) {
        long cycle = runLog.startCycle(SCHEME, "once");
        long window = runLog.startWindow(cycle, SCHEME, from, to);
        runLog.completeWindow(window, COUNTS, SCHEME, to);
        return window;
    }

    @Test
    void cycleNumbersAreConsecutivePerSchemeWhateverTheWindowsAndOtherSchemes() {
        long first = runLog.startCycle(SCHEME, "service");
        for (int h = 0; h < 3; h++) {
            runLog.startWindow(first, SCHEME, t(h), t(h + 1));
        }
        runLog.finishCycle(first, RunLog.DONE, null);
        long other = runLog.startCycle("other-scheme", "service");
        long second = runLog.startCycle(SCHEME, "service");
        assertThat(second - first).as("row ids skip over windows and other schemes").isGreaterThan(1);
        assertThat(runLog.cycleNumber(SCHEME, first)).isEqualTo(1);
        assertThat(runLog.cycleNumber(SCHEME, second)).isEqualTo(2);
        assertThat(runLog.cycleNumber("other-scheme", other)).isEqualTo(1);
        assertThat(runLog.lastCycle(SCHEME).orElseThrow().id()).isEqualTo(second);
        assertThat(runLog.lastCycle(SCHEME).orElseThrow().kind()).isEqualTo(RunLog.KIND_CYCLE);
    }

    @Test
    void noCheckpointBeforeTheFirstCompletedWindow() {
        assertThat(checkpoints.get(SCHEME)).isEmpty();
    }

    @Test
    void completingAWindowMarksItDoneWithCountsAndAdvancesTheCheckpoint() {
        long cycle = runLog.startCycle(SCHEME, "service");
        long window = runLog.startWindow(cycle, SCHEME, t(0), t(1));

        runLog.completeWindow(window, COUNTS, SCHEME, t(1));

        assertThat(checkpoints.get(SCHEME)).contains(t(1));
        RunRow row = runLog.find(window).orElseThrow();
        assertThat(row.status()).isEqualTo(RunLog.DONE);
        assertThat(row.kind()).isEqualTo(RunLog.KIND_WINDOW);
        assertThat(row.parentId()).isEqualTo(cycle);
        assertThat(row.mode()).isEqualTo("service");
        assertThat(row.windowStart()).isEqualTo(t(0));
        assertThat(row.windowEnd()).isEqualTo(t(1));
        assertThat(row.counts()).isEqualTo(COUNTS);
        assertThat(row.counts().bucketsAddUp()).isTrue();
        assertThat(List.of(row.alreadyWritten(), row.repeated())).containsExactly(8, 5);
        assertThat(row.finishedAt()).isNotNull();
        assertThat(checkpoints.get("another-scheme")).isEmpty();
    }

    @Test
    void checkpointNeverMovesBackwards() {
        completedWindow(t(10), t(12));
        long earlier = completedWindow(t(0), t(2));

        assertThat(checkpoints.get(SCHEME)).contains(t(12));
        assertThat(runLog.find(earlier).orElseThrow().status()).isEqualTo(RunLog.DONE);

        completedWindow(t(12), t(13));
        assertThat(checkpoints.get(SCHEME)).contains(t(13));
    }

    @Test
    void failedCompletionRollsBackTheCheckpointItAlreadyWrote() {
        // completeWindow upserts the checkpoint first and then finds that the window is unknown:
        // only a rollback of the whole transaction keeps the checkpoint where it was.
        completedWindow(t(0), t(1));

        assertThatThrownBy(() -> runLog.completeWindow(987_654L, COUNTS, SCHEME, t(5)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("987654")
                .hasMessageContaining("no such run")
                .hasMessageContaining("checkpoint not moved");
        assertThat(checkpoints.get(SCHEME)).contains(t(1));

        assertThatThrownBy(() -> runLog.completeWindow(987_654L, COUNTS, "fresh-scheme", t(5)))
                .isInstanceOf(StateException.class);
        assertThat(checkpoints.get("fresh-scheme")).isEmpty();
    }

    @Test
    void aWindowCompletesOnlyOnceAndOnlyForItsScheme() {
        long cycle = runLog.startCycle(SCHEME, "once");
        long window = runLog.startWindow(cycle, SCHEME, t(0), t(1));

        assertThatThrownBy(() -> runLog.completeWindow(window, COUNTS, "other", t(1)))
                .isInstanceOf(StateException.class).hasMessageContaining("belongs to scheme " + SCHEME);
        assertThat(checkpoints.get("other")).isEmpty();

        assertThatThrownBy(() -> runLog.completeWindow(cycle, COUNTS, SCHEME, t(1)))
                .isInstanceOf(StateException.class).hasMessageContaining("not a window");

        runLog.completeWindow(window, COUNTS, SCHEME, t(1));
        assertThatThrownBy(() -> runLog.completeWindow(window, COUNTS, SCHEME, t(1)))
                .isInstanceOf(StateException.class).hasMessageContaining("already DONE");
    }

    @Test
    void checkpointCannotPassTheEndOfItsWindow() {
        long cycle = runLog.startCycle(SCHEME, "once");
        long window = runLog.startWindow(cycle, SCHEME, t(0), t(1));

        assertThatThrownBy(() -> runLog.completeWindow(window, COUNTS, SCHEME, t(2)))
                .isInstanceOf(StateException.class).hasMessageContaining("beyond the window's end");

        assertThat(checkpoints.get(SCHEME)).isEmpty();
        assertThat(runLog.find(window).orElseThrow().status()).isEqualTo(RunLog.RUNNING);
    }

    @Test
    void failingAWindowRecordsTheErrorAndLeavesTheCheckpoint() {
        completedWindow(t(0), t(1));
        long cycle = runLog.startCycle(SCHEME, "once");
        long window = runLog.startWindow(cycle, SCHEME, t(1), t(2));

        runLog.failWindow(window, COUNTS, "BatchSave timed out");

        RunRow row = runLog.find(window).orElseThrow();
        assertThat(row.status()).isEqualTo(RunLog.FAILED);
        assertThat(row.error()).isEqualTo("BatchSave timed out");
        assertThat(row.counts()).isEqualTo(COUNTS);
        assertThat(checkpoints.get(SCHEME)).contains(t(1));
        assertThatThrownBy(() -> runLog.completeWindow(window, COUNTS, SCHEME, t(2)))
                .isInstanceOf(StateException.class);
        runLog.failWindow(424_242L, COUNTS, "unknown window is ignored");
    }

    @Test
    void finishingACycleSumsItsWindowsAndFailsWindowsStillRunning() {
        long cycle = runLog.startCycle(SCHEME, "once");
        long first = runLog.startWindow(cycle, SCHEME, t(0), t(1));
        runLog.completeWindow(first, COUNTS, SCHEME, t(1));
        long second = runLog.startWindow(cycle, SCHEME, t(1), t(2));
        runLog.completeWindow(second, new WindowCounts(1, 1, 1, 1, 1, 1, 1, 1), SCHEME, t(2));
        long third = runLog.startWindow(cycle, SCHEME, t(2), t(3));

        runLog.finishCycle(cycle, RunLog.FAILED, "source unreachable");

        RunRow row = runLog.find(cycle).orElseThrow();
        assertThat(row.status()).isEqualTo(RunLog.FAILED);
        assertThat(row.error()).isEqualTo("source unreachable");
        assertThat(row.counts()).isEqualTo(COUNTS.plus(new WindowCounts(1, 1, 1, 1, 1, 1, 1, 1)));
        assertThat(row.finishedAt()).isNotNull();
        assertThat(runLog.find(third).orElseThrow().status()).isEqualTo(RunLog.FAILED);
        assertThat(runLog.find(first).orElseThrow().status()).isEqualTo(RunLog.DONE);
        assertThatThrownBy(() -> runLog.startWindow(cycle, SCHEME, t(3), t(4)))
                .isInstanceOf(StateException.class).hasMessageContaining("not a running cycle");
    }

    @Test
    void cycleStatusMustBeFinal() {
        long cycle = runLog.startCycle(SCHEME, "once");
        assertThatThrownBy(() -> runLog.finishCycle(cycle, RunLog.RUNNING, null))
                .isInstanceOf(IllegalArgumentException.class);
        runLog.finishCycle(cycle, RunLog.DONE, null);
        assertThat(runLog.find(cycle).orElseThrow().status()).isEqualTo(RunLog.DONE);
    }

    @Test
    void windowsNeedARunningCycleOfTheSameScheme() {
        long cycle = runLog.startCycle(SCHEME, "once");
        assertThatThrownBy(() -> runLog.startWindow(123_456L, SCHEME, t(0), t(1)))
                .isInstanceOf(StateException.class);
        assertThatThrownBy(() -> runLog.startWindow(cycle, "other", t(0), t(1)))
                .isInstanceOf(StateException.class);
        assertThatThrownBy(() -> runLog.startWindow(cycle, SCHEME, t(1), t(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recentListsNewestFirstPerScheme() {
        long c1 = runLog.startCycle(SCHEME, "once");
        long w1 = runLog.startWindow(c1, SCHEME, t(0), t(1));
        long other = runLog.startCycle("other", "once");
        long c2 = runLog.startCycle(SCHEME, "service");

        List<RunRow> rows = runLog.recent(SCHEME, 10);
        assertThat(rows).extracting(RunRow::id).containsExactly(c2, w1, c1).doesNotContain(other);
        assertThat(rows.get(0).kind()).isEqualTo(RunLog.KIND_CYCLE);
        assertThat(rows.get(0).parentId()).isNull();
        assertThat(rows.get(0).status()).isEqualTo(RunLog.RUNNING);
        assertThat(runLog.recent(SCHEME, 2)).extracting(RunRow::id).containsExactly(c2, w1);
    }

    @Test
    void abandonedRunsAreMarkedFailed() {
        long cycle = runLog.startCycle(SCHEME, "service");
        long window = runLog.startWindow(cycle, SCHEME, t(0), t(1));
        long otherScheme = runLog.startCycle("other", "service");

        assertThat(runLog.markAbandoned(SCHEME)).isEqualTo(2);

        assertThat(runLog.find(cycle).orElseThrow().status()).isEqualTo(RunLog.FAILED);
        assertThat(runLog.find(window).orElseThrow().error()).contains("abandoned");
        assertThat(runLog.find(otherScheme).orElseThrow().status()).isEqualTo(RunLog.RUNNING);
    }
}
