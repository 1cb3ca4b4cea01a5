package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.FaultPlan;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.Tag;
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
 * Issue 10 with nobody at the keyboard, against the sandbox: a Kingdee that fails the start-up check once, a
 * Kingdee outage longer than a batch's retries, and row answers that ask to try again — each ends with every
 * customer written exactly once and nothing parked but the orders without an organisation rule.
 */
@Tag("slow")
class UnattendedEndToEndIT {

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

    private static ConfigSource config() {
        return ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.batch-size", "25")
                .override("sync.retry.max-redeliveries", "2")
                .override("sync.retry.delay-ms", "1")
                .override("sync.retry.max-delay-ms", "5");
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static List<DeadLetter> parkedAtBatchSave() {
        return new DeadLetterStore(TestDatabase.dataSource()).open("customer-sync", null, null).stream()
                .filter(d -> d.stage().equals("batch-save")).toList();
    }

    @Test
    void anHttp500DuringTheStartupCheckIsRetriedAndTheStartSucceeds() throws Exception {
        ConfigSource config = config();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            sandbox.kingdee().faults().next(FaultPlan.EXECUTE_BILL_QUERY, FaultPlan.Fault.HTTP_500);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }
            assertThat(sandbox.kingdee().customers()).isNotEmpty();
        }
    }

    @Test
    void aKingdeeOutageFailsTheWindowAndTheNextCycleWritesEveryCustomerOnceWithoutDeadLetters() throws Exception {
        ConfigSource config = config();
        List<SimCustomer> reference;
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }
            reference = sandbox.kingdee().customers();
        }
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp(1);
        TestDatabase.truncateAll();
        // one writer: the 3 failing sends all hit the first batch (with two writers they could be shared by two
        // batches, each then succeeding on a retry)
        config = config().override("kingdee.writers", "1");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            // Kingdee down for the first batch and all its retries (3 sends), then back
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.HTTP_500, 1.0, 7, 3);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                CycleOutcome down = runtime.runCycle();
                assertThat(down.status()).isEqualTo(CycleOutcome.Status.FAILED);
                assertThat(down.error()).contains("Kingdee did not complete a batch");
                assertThat(parkedAtBatchSave()).as("an outage is not bad data").isEmpty();
                // the team's chat was told, with a DingTalk signature the receiver verified
                assertThat(sandbox.robots().received(com.wdtkingdee.sync.sandbox.RobotReceivers.DINGTALK))
                        .anySatisfy(r -> {
                            assertThat(r.accepted()).isTrue();
                            assertThat(r.text()).contains("failed").contains("Kingdee did not complete a batch");
                        });

                CycleOutcome back = runtime.runCycle();
                assertThat(back.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }
            List<SimCustomer> customers = sandbox.kingdee().customers();
            assertThat(customers).extracting(SimCustomer::number)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(reference.stream().map(SimCustomer::number).toList());
            assertThat(parkedAtBatchSave()).isEmpty();
        }
    }

    @Test
    void rowsThatAskToTryAgainAreRetriedNotParked() throws Exception {
        ConfigSource config = config().override("sync.retry.max-redeliveries", "5");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            sandbox.kingdee().faults().always(FaultPlan.BATCH_SAVE, FaultPlan.Fault.ROW_TRANSIENT_ERROR, 0.1, 11);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }
            assertThat(parkedAtBatchSave()).isEmpty();
            assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).doesNotHaveDuplicates()
                    .hasSizeGreaterThan(200);
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static java.net.http.HttpResponse<String> health(int port) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> webhookKinds(SandboxLauncher sandbox) {
        return sandbox.robots().received(com.wdtkingdee.sync.sandbox.RobotReceivers.WEBHOOK).stream()
                .filter(com.wdtkingdee.sync.sandbox.RobotReceivers.Received::accepted)
                .map(r -> r.body().replaceAll("(?s).*\"kind\"\\s*:\\s*\"([A-Z_]+)\".*", "$1")).toList();
    }

    /**
     * Issue 10 item 4: the service starts while Kingdee is down (every login answers HTTP 500), reports DOWN on
     * /observe/health and tells the chat; its cycles fire but run no window; once Kingdee answers, the next cycle
     * syncs, health is UP again and the chat is told that too.
     */
    @Test
    void aServiceStartedWhileKingdeeIsDownReportsDownThenSyncsWhenKingdeeIsBack() throws Exception {
        int port = freePort();
        ConfigSource config = config()
                .override("observe.port", Integer.toString(port))
                .override("observe.host", "127.0.0.1")
                .override("observe.health-watch-interval", "PT0.2S")
                .override("sandbox.cron", "0/1 * * * * ?")
                .override("kingdee.startup-check-timeout", "PT1S")
                .override("kingdee.circuit.wait-in-open", "PT0.5S");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            sandbox.kingdee().faults().always(FaultPlan.VALIDATE_USER, FaultPlan.Fault.HTTP_500, 1.0, 3);
            try (SyncRuntime service = new SyncRuntime(Settings.from(config), Path.of(""), true, CLOCK).start()) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
                    var h = health(port);
                    assertThat(h.statusCode()).isEqualTo(503);
                    assertThat(h.body()).contains("Kingdee start-up checks failing");
                    assertThat(webhookKinds(sandbox)).contains("HEALTH_DOWN", "KINGDEE_LOGIN_FAILING");
                });
                // the trigger keeps firing, but no cycle runs its windows while the check fails
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                        service.beans().syncCycle().lastOutcome() != null);
                assertThat(service.beans().syncCycle().lastOutcome().status()).isEqualTo(CycleOutcome.Status.FAILED);
                assertThat(service.beans().syncCycle().lastOutcome().error()).startsWith("Kingdee unreachable: ");
                assertThat(sandbox.kingdee().customers()).isEmpty();
                assertThat(service.beans().runLog().lastCycle("customer-sync")).as("no cycle started").isEmpty();

                sandbox.kingdee().faults().withdraw(FaultPlan.VALIDATE_USER, FaultPlan.Fault.HTTP_500);

                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(sandbox.kingdee().customers()).hasSizeGreaterThan(200);
                    var h = health(port);
                    assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
                    assertThat(webhookKinds(sandbox)).contains("HEALTH_UP");
                });
                assertThat(webhookKinds(sandbox)).as("one alert per change").containsOnlyOnce("HEALTH_DOWN", "HEALTH_UP");
            }
            assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).doesNotHaveDuplicates();
            assertThat(parkedAtBatchSave()).isEmpty();
        }
    }
}
