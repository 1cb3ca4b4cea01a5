package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process running the embedded database: the server it left running is stopped by the next start and
 * the data is kept. Starts a second JVM ({@link EmbeddedHolder}), so it runs in failsafe (moved out of
 * {@link DatabaseTest}).
 */
@Tag("slow")
class EmbeddedServerKillIT {

    private static final String SCHEME = "customer-sync";

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndTheDataKept() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process child = DatabaseTest.startChild(children, EmbeddedHolder.class, dataDir);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
        long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphan)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        try (Database db = Database.open(null, null, null, dataDir)) {
            assertThat(new CheckpointStore(db.dataSource()).get(SCHEME))
                    .contains(EmbeddedHolder.CHECKPOINT);
        }
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** Helper process: runs an embedded database in the directory given, with one checkpoint, until killed. */
    static final class EmbeddedHolder {
        static final Instant CHECKPOINT = Instant.parse("2025-04-01T00:00:00Z");

        public static void main(String[] args) throws Exception {
            Database db = Database.open(null, null, null, Path.of(args[0]));
            RunLog runLog = new RunLog(db.dataSource());
            long cycle = runLog.startCycle(SCHEME, "once");
            long window = runLog.startWindow(cycle, SCHEME, CHECKPOINT.minusSeconds(60), CHECKPOINT);
            runLog.completeWindow(window, WindowCounts.ZERO, SCHEME, CHECKPOINT);
            System.out.println("ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
