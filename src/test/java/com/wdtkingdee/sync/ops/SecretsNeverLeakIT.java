package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.FaultPlan;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs syncs with known secrets (a good run with faults, and a run with a wrong Kingdee password) and scans
 * everything the product printed or logged, and every text column it wrote, for those secrets.
 */
class SecretsNeverLeakIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), ZoneOffset.UTC);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        TestDatabase.truncateAll();
        savedOut = System.out;
        savedErr = System.err;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void noSecretInOutputLogsOrState() throws Exception {
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.retry.delay-ms", "1");
        List<String> secrets;
        // the sandbox's own banner prints its fake credentials on purpose (issue 12); everything else is scanned
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            secrets = List.of(config.get("wdt.app-secret").orElseThrow(), config.get("kingdee.password").orElseThrow());
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains(secrets);
            sandbox.kingdee().faults().next(FaultPlan.BATCH_SAVE, FaultPlan.Fault.SESSION_LOST);
            sandbox.kingdee().faults().next(FaultPlan.BATCH_SAVE, FaultPlan.Fault.HTTP_500);
            sandbox.qimen().faults().next(FaultPlan.QIMEN, FaultPlan.Fault.HTML_502);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                assertThat(runtime.runCycle().status()).isNotEqualTo(CycleOutcome.Status.FAILED);
            }
            // a wrong password, then a wrong app secret: the failures are reported, the secrets are not
            String wrongPassword = "Wrong-" + secrets.get(1);
            String wrongSecret = "Wrong-" + secrets.get(0);
            config.override("kingdee.password", wrongPassword).override("sync.retry.max-redeliveries", "0");
            TestDatabase.truncateAll();
            // refused at the start-up check …
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start())
                    .isInstanceOf(com.wdtkingdee.sync.app.StartupChecks.Failed.class)
                    .hasMessageContaining("LoginResultType=0").hasMessageNotContaining(wrongPassword);
            // … and, without the check, while writing: a refused login is not bad data, the window fails
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK)
                    .withoutStartupChecks().start()) {
                CycleOutcome refused = runtime.runCycle();
                assertThat(refused.status()).isEqualTo(CycleOutcome.Status.FAILED);
                assertThat(refused.error()).contains("LoginResultType=0");
            }
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("LoginResultType=0");
            config.override("kingdee.password", secrets.get(1)).override("wdt.app-secret", wrongSecret);
            try (SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, CLOCK).start()) {
                CycleOutcome failed = runtime.runCycle();
                assertThat(failed.status()).isEqualTo(CycleOutcome.Status.FAILED);
                assertThat(failed.error()).contains("Invalid signature");
            }
            secrets = List.of(secrets.get(0), secrets.get(1), wrongPassword, wrongSecret);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("Cycle").contains("Window");   // the capture really holds the logs
        for (String secret : secrets) {
            assertThat(output).as("console output").doesNotContain(secret);
        }
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String sql : List.of("SELECT coalesce(string_agg(coalesce(error,''), ' '),'') FROM sync_run",
                    "SELECT coalesce(string_agg(payload::text || reason, ' '),'') FROM dead_letter",
                    "SELECT coalesce(string_agg(coalesce(reason,'') || name, ' '),'') FROM customer")) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    String text = rs.getString(1);
                    for (String secret : secrets) {
                        assertThat(text).as(sql).doesNotContain(secret);
                    }
                }
            }
        }
    }
}
