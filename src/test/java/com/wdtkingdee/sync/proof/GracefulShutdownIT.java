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
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM in the middle of a slow window: the product stops within its shutdown timeout, abandons the window
 * (FAILED, checkpoint not moved past it, nothing left RUNNING), and the next start completes the sync with every
 * customer exactly once.
 */
@Tag("slow")
class GracefulShutdownIT {

    static final Path LOGS = ChildApp.PROJECT.resolve("target/graceful");
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void cleanState() throws IOException {
        TestDatabase.truncateAll();
        Files.createDirectories(LOGS);
    }

    private Process start(SyncFixture f, String name) throws IOException {
        return ChildApp.start(f, Map.of(
                "sync.initial-start", SyncFixture.erp(BASE.minusHours(2)),
                "sync.max-window", "PT30M",
                "wdt.page-size", "10",
                "sync.batch-size", "10",
                "camel.main.shutdown-timeout", "15"), LOGS.resolve(name + ".log"), "--once");
    }

    @Test
    void sigtermAbandonsTheWindowCleanlyAndTheNextStartResumes() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(600L, 150, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.SHOPS));
            CountDownLatch midway = new CountDownLatch(1);
            f.qimen.onRequest((operation, phase, seq) -> {
                if (phase == RequestHook.Phase.BEFORE) {
                    sleep(150);                       // a slow source: about 6 pages a second
                    if (seq == 6) {
                        midway.countDown();
                    }
                }
            });
            Process first = start(f, "first");
            assertThat(midway.await(60, TimeUnit.SECONDS)).as("the first run reached page 6").isTrue();
            first.destroy();                                          // SIGTERM
            assertThat(first.waitFor(25, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
            String log = Files.readString(LOGS.resolve("first.log"));
            assertThat(log).contains("Shutdown requested").contains("window abandoned");

            List<RunRow> runs = SyncFixture.runs();
            assertThat(runs).as("nothing left RUNNING").noneMatch(r -> r.status().equals("RUNNING"));
            assertThat(runs).anyMatch(r -> r.kind().equals("window") && r.status().equals("FAILED")
                    && r.error().contains("shutting down"));
            var checkpoint = SyncFixture.checkpoint();
            List<RunRow> done = SyncFixture.windows("DONE");
            if (done.isEmpty()) {
                assertThat(checkpoint).isEmpty();
            } else {
                assertThat(checkpoint).contains(done.get(done.size() - 1).windowEnd());
            }

            f.qimen.onRequest(null);
            Process second = start(f, "second");
            assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as("the restart completes (3: dead letters of shop 0099)").isEqualTo(3);
            f.assertKingdeeHoldsExactly(Expected.from(f.orders()));
            SyncFixture.assertDeadLettersAreExactlyTheNoRuleOrders(Expected.from(f.orders()));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
