package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.app.StartupChecks;
import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole product over each source protocol and each Kingdee authentication mode, against simulators that
 * verify the signatures of every mode: the same exact set of customers each time. And the start-up checks.
 */
class ProtocolModesIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T04:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    private static ConfigSource config() {
        return ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"qimen,password", "qimen,app-secret", "qimen,sign", "qimen,signed-headers", "openapi2,password",
            "openapi2,signed-headers"})
    void everyProtocolAndAuthModeSyncsTheSameCustomers(String protocol, String auth) throws Exception {
        ConfigSource config = config().override("wdt.protocol", protocol).override("kingdee.auth", auth);
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            }
            LocalDateTime now = LocalDateTime.ofInstant(CLOCK.instant(), SyncFixture.SHANGHAI);
            List<Map<String, Object>> orders = DemoOrders.generate(42L, SandboxLauncher.DEMO_ORDERS,
                    now.minusDays(3).withNano(0), now.minusMinutes(5), SandboxLauncher.DEMO_SHOPS);
            List<SimCustomer> customers = sandbox.kingdee().customers();
            assertThat(customers.stream().map(c -> c.useOrg() + "|" + Expected.normalise(c.name())).collect(Collectors.toSet()))
                    .isEqualTo(Expected.from(orders).keys());
            assertThat(customers).extracting(SimCustomer::number).doesNotHaveDuplicates();
            com.wdtkingdee.sync.state.RunBuckets.assertAddUp(3);   // every window: read = the sum of its buckets
            assertThat(customers).allSatisfy(c -> assertThat(c.allocatedOrgIds()).contains(SandboxLauncher.DISTRIBUTION_ORG_ID));
            if (auth.equals("signed-headers")) {
                assertThat(sandbox.kingdee().calls("ValidateUser")).isZero();
            }
        }
    }

    @Test
    void aWrongAppSecretIsRefusedByTheSimulatorAndReportedAtStart() throws Exception {
        ConfigSource config = config().override("kingdee.auth", "sign");
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            config.override("kingdee.app-secret", "0000000000000000deadbeefdeadbeef");
            assertThatThrownBy(() -> new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start())
                    .isInstanceOf(StartupChecks.Failed.class)
                    .hasMessageContaining("LoginResultType")
                    .hasMessageNotContaining("deadbeef");
        }
    }

    @Test
    void startupChecksNameTheSettingThatKingdeeDoesNotKnow() throws Exception {
        ConfigSource config = config();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(OutputStream.nullOutputStream()))) {
            config.override("customer.group", "B99").override("customer.distribution-org", "999999");
            assertThatThrownBy(() -> new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start())
                    .isInstanceOf(StartupChecks.Failed.class)
                    .hasMessageContaining("customer.group: customer group B99 does not exist")
                    .hasMessageContaining("customer.distribution-org: no organisation with internal id 999999");
            assertThat(sandbox.kingdee().customers()).isEmpty();
        }
    }
}
