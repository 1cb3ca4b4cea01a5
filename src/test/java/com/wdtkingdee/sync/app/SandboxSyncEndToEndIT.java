package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product against the sandbox: real YAML routes, real HTTP to the Qimen and Kingdee simulators (which
 * verify signatures, sessions, unique numbers and base data), real PostgreSQL. The expected customers are derived
 * here, independently, from the demo orders.
 */
class SandboxSyncEndToEndIT {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);
    static final Set<String> STATUSES = Set.of(95, 105, 110, 113).stream().map(String::valueOf).collect(Collectors.toSet());
    static final Map<String, String> RULE = Map.of("005", "DZ", "006", "DZ", "007", "DZ", "0081", "DZ", "0091", "DZ",
            "002", "BZ", "003", "BZ", "004", "BZ", "0071", "BZ");


    /** Every window the test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }
    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    /** Normalisation written out independently of the product: NFKC, trim and collapse whitespace. */
    static String key(String title) {
        String s = Normalizer.normalize(title, Normalizer.Form.NFKC).replace('\u3000', ' ');
        return s.strip().replaceAll("[\\s\\u00A0\\u200B\\uFEFF]+", " ");
    }

    static boolean blank(Object title) {
        return title == null || title.toString().replace('\u3000', ' ').replace('\u00A0', ' ').strip().isEmpty();
    }

    @ParameterizedTest(name = "reverse paging: {0}")
    @ValueSource(booleans = {false, true})
    void aSandboxSyncCreatesExactlyTheExpectedCustomersOnce(boolean reversePaging) throws Exception {
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("wdt.reverse-paging", Boolean.toString(reversePaging))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.batch-size", "25");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            Settings settings = Settings.from(config);
            CycleOutcome first;
            CycleOutcome second;
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).start()) {
                first = runtime.runCycle();
                second = runtime.runCycle();
            }

            // what the demo orders should produce, derived independently
            LocalDateTime now = LocalDateTime.ofInstant(CLOCK.instant(), SHANGHAI);
            List<Map<String, Object>> orders = DemoOrders.generate(42L, SandboxLauncher.DEMO_ORDERS,
                    now.minusDays(3).withNano(0), now.minusMinutes(5), SandboxLauncher.DEMO_SHOPS);
            Map<String, Set<String>> taxCodesByKey = new HashMap<>();
            int noRuleOrders = 0;
            int blankTitles = 0;
            for (Map<String, Object> o : orders) {
                if (!STATUSES.contains(String.valueOf(o.get("status")))) {
                    continue;
                }
                if (blank(o.get("invoice_title"))) {
                    blankTitles++;
                    continue;
                }
                String org = RULE.get(String.valueOf(o.get("shop_no")));
                if (org == null) {
                    noRuleOrders++;
                    continue;
                }
                taxCodesByKey.computeIfAbsent(org + "|" + key(o.get("invoice_title").toString()), k -> new HashSet<>())
                        .add(Objects.toString(o.get("invoice_content"), "").strip());
            }
            assertThat(blankTitles).as("demo data has blank titles").isGreaterThan(0);
            assertThat(noRuleOrders).as("demo data has orders of a shop without rule").isGreaterThan(0);
            assertThat(taxCodesByKey.size()).as("demo data repeats titles").isLessThan(orders.size() - blankTitles - noRuleOrders);

            List<SimCustomer> customers = sandbox.kingdee().customers();
            Set<String> actualKeys = customers.stream().map(c -> c.useOrg() + "|" + key(c.name())).collect(Collectors.toSet());
            assertThat(actualKeys).isEqualTo(taxCodesByKey.keySet());
            assertThat(customers).hasSize(taxCodesByKey.size());                       // no duplicates
            assertThat(customers).extracting(SimCustomer::number).doesNotHaveDuplicates();
            for (SimCustomer c : customers) {
                assertThat(c.group()).isEqualTo("B11");
                assertThat(c.createOrg()).isEqualTo("100");
                assertThat(c.currency()).isEqualTo("PRE001");
                assertThat(c.invoiceTitle()).isEqualTo(c.name());
                assertThat(c.name()).isEqualTo(c.name().strip());
                assertThat(c.documentStatus()).isEqualTo("C");
                assertThat(c.allocatedOrgIds()).contains(SandboxLauncher.DISTRIBUTION_ORG_ID);
                assertThat(taxCodesByKey.get(c.useOrg() + "|" + key(c.name()))).contains(c.taxCode());
                assertThat(c.number()).startsWith("WDT-" + c.useOrg() + "-");
            }

            // the shop without a rule: parked, one dead letter per order, never written
            List<DeadLetter> dead = new com.wdtkingdee.sync.state.DeadLetterStore(TestDatabase.dataSource())
                    .open("customer-sync", null, null);
            assertThat(dead).hasSize(noRuleOrders)
                    .allSatisfy(d -> assertThat(d.reason()).isEqualTo("no organisation rule for shop_no 0099"));

            assertThat(first.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(first.status().exitCode()).isEqualTo(3);
            assertThat(first.windows()).isEqualTo(3);                                 // 3 days - lag in 1-day windows
            assertThat(second.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
            assertThat(sandbox.kingdee().customers()).hasSize(customers.size());       // the re-run created nothing
            // every order read in one bucket, in each of the 3 + 1 windows; each customer counted new once
            var windows = com.wdtkingdee.sync.state.RunBuckets.assertAddUp(4);
            assertThat(windows.stream().mapToInt(w -> w.counts().saved()).sum()).isEqualTo(customers.size());
            assertThat(windows.stream().mapToInt(w -> w.counts().repeated()).sum()).as("demo data repeats titles")
                    .isPositive();
            assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync"))
                    .contains(CLOCK.instant().minusSeconds(60));
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Sandbox: 旺店通 Qimen simulator at http://127.0.0.1:");
    }
}
