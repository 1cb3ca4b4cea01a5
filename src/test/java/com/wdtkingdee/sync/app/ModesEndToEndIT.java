package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleMode;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.DeadLetterStore;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** --dry-run and the 补漏 re-scan against the sandbox. */
class ModesEndToEndIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");


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
                .override("db.username", "postgres");
    }

    @Test
    void aDryRunPrintsExactlyWhatARealRunThenWritesAndTouchesNothing() throws Exception {
        ConfigSource config = config();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            Settings settings = Settings.from(config);
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).withoutStartupChecks()
                    .dryRunOutput(new PrintStream(lines, true, StandardCharsets.UTF_8)).start()) {
                CycleOutcome dry = runtime.runCycle(CycleMode.DRY_RUN);
                assertThat(dry.status()).isEqualTo(CycleOutcome.Status.SYNCED);
            }
            assertThat(sandbox.kingdee().customers()).isEmpty();
            assertThat(sandbox.kingdee().calls("BatchSave") + sandbox.kingdee().calls("ValidateUser")).isZero();
            assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();
            assertThat(new CustomerRegistry(TestDatabase.dataSource()).all()).isEmpty();
            assertThat(new DeadLetterStore(TestDatabase.dataSource()).countOpen("customer-sync")).isZero();

            ObjectMapper json = new ObjectMapper();
            Map<String, JsonNode> printed = new LinkedHashMap<>();
            for (String line : lines.toString(StandardCharsets.UTF_8).split("\n")) {
                JsonNode n = json.readTree(line);
                assertThat(n.path("formid").asText()).isEqualTo("BD_Customer");
                printed.put(n.path("number").asText(), n.path("model"));
            }

            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).start()) {
                runtime.runCycle();
            }
            List<SimCustomer> written = sandbox.kingdee().customers();
            assertThat(printed.keySet()).isEqualTo(written.stream().map(SimCustomer::number).collect(Collectors.toSet()));
            for (SimCustomer c : written) {
                JsonNode model = printed.get(c.number());
                assertThat(model.path("FName").asText()).isEqualTo(c.name());
                assertThat(model.path("FUseOrgId").path("FNumber").asText()).isEqualTo(c.useOrg());
                assertThat(model.path("FTAXREGISTERCODE").asText()).isEqualTo(c.taxCode());
            }
            // the dry run's buckets add up too, and match the real run's: would-write = new, would-park = parked
            var windows = com.wdtkingdee.sync.state.RunBuckets.assertAddUp(2);
            var dryRun = windows.stream().filter(w -> "dry-run".equals(w.mode())).map(w -> w.counts())
                    .reduce(com.wdtkingdee.sync.state.WindowCounts.ZERO, com.wdtkingdee.sync.state.WindowCounts::plus);
            var real = windows.stream().filter(w -> !"dry-run".equals(w.mode())).map(w -> w.counts())
                    .reduce(com.wdtkingdee.sync.state.WindowCounts.ZERO, com.wdtkingdee.sync.state.WindowCounts::plus);
            assertThat(dryRun.saved()).as("would write").isEqualTo(printed.size()).isEqualTo(real.saved());
            // (already written: in the dry run carried by an earlier window of the run, in the real run found written)
            assertThat(List.of(dryRun.orders(), dryRun.filtered(), dryRun.deadLettered(), dryRun.alreadyWritten(),
                    dryRun.repeated())).isEqualTo(List.of(real.orders(), real.filtered(), real.deadLettered(),
                    real.alreadyWritten(), real.repeated()));
        }
    }

    @Test
    void theRescanPicksUpALateOrderWithoutMovingTheCheckpoint() throws Exception {
        ConfigSource config = config().override("sync.rescan.span", "P2D");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            Settings settings = Settings.from(config);
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).start()) {
                runtime.runCycle();
                CheckpointStore checkpoints = new CheckpointStore(TestDatabase.dataSource());
                Instant checkpoint = checkpoints.get("customer-sync").orElseThrow();

                // an order shipped a day ago shows up late (far outside the 10-minute lookback)
                LocalDateTime shipped = LocalDateTime.ofInstant(CLOCK.instant(), SHANGHAI).minusDays(1).withNano(0);
                Map<String, Object> late = new LinkedHashMap<>();
                late.put("stockout_id", 99000001L);
                late.put("order_no", "CK-LATE-1");
                late.put("shop_no", "002");
                late.put("status", 95);
                late.put("consign_time", shipped.format(Settings.ERP_TIME));
                late.put("modified", shipped.format(Settings.ERP_TIME));
                late.put("invoice_title", "迟到的补漏科技有限公司");
                late.put("invoice_content", "91330106MA2LATE01X");
                sandbox.qimen().addOrders(List.of(late));

                runtime.runCycle();
                assertThat(names(sandbox)).doesNotContain("迟到的补漏科技有限公司");

                CycleOutcome rescan = runtime.runCycle(CycleMode.RESCAN);
                assertThat(rescan.windows()).isEqualTo(2);
                assertThat(names(sandbox)).contains("迟到的补漏科技有限公司");
                assertThat(checkpoints.get("customer-sync")).contains(checkpoint);
                int customers = sandbox.kingdee().customers().size();
                runtime.runCycle(CycleMode.RESCAN);
                assertThat(sandbox.kingdee().customers()).hasSize(customers);
            }
        }
    }

    private static Set<String> names(SandboxLauncher sandbox) {
        return sandbox.kingdee().customers().stream().map(SimCustomer::name).collect(Collectors.toSet());
    }
}
