package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.CustomerRegistry;
import com.wdtkingdee.sync.state.CustomerRow;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.RunProgress;
import com.wdtkingdee.sync.state.TestDatabase;
import com.wdtkingdee.sync.state.WindowCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real browser (headless Chromium from Debian, driven by Selenium through the system
 * chromedriver): a sandbox sync runs, the console shows the cycle and its windows, the operator adds the missing
 * organisation rule (shop 0099), presses "retry now" on a dead letter, sees it resolved and finds the customer in
 * the lookup. Screenshots of every page go to {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);
    static final String TOKEN = "browser-test-token-7f3a";
    static final Path SHOTS = Path.of("target", "console-screenshots");

    private ConsoleFlow flow;

    @BeforeEach
    void cleanState() throws Exception {
        TestDatabase.truncateAll();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (flow != null) {
            flow.close();
        }
        TestDatabase.truncateAll(); // the org rule added here must not reach other tests
    }

    @Test
    void anOperatorWatchesASyncAddsTheMissingRuleAndRetriesADeadLetterFromTheBrowser() throws Exception {
        int port = freePort();
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("sync.batch-size", "25")
                .override("observe.host", "127.0.0.1")
                .override("observe.port", Integer.toString(port));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            Settings settings = Settings.from(config);
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).observeAlways()
                    .console(new ConsoleSettings(true, TOKEN)).start()) {
                CycleOutcome outcome = runtime.runCycle();
                assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
                DeadLetterStore letters = new DeadLetterStore(TestDatabase.dataSource());
                long openBefore = letters.countOpen("customer-sync");
                assertThat(openBefore).isPositive();

                flow = new ConsoleFlow("http://127.0.0.1:" + port + "/console", SHOTS);

                // overview: scheme, checkpoint, the cycle, health, configuration with secrets masked, mapping
                flow.open("overview");
                assertThat(flow.text("#overview-summary")).contains("customer-sync").contains("2026-11-20 11:59:00");
                assertThat(flow.all("#overview-cycles tr.cycle")).hasSize(1);
                assertThat(flow.all("#overview-cycles tr.window")).hasSize(3);
                assertThat(flow.text("#overview-health")).contains("state-database").contains("UP");
                assertThat(flow.cell("#overview-config", "kingdee.password")).isEqualTo("****");
                assertThat(flow.cell("#overview-config", "wdt.app-secret")).isEqualTo("****");
                assertThat(flow.cell("#overview-config", "console.token")).isEqualTo("****");
                assertThat(flow.pageSource()).doesNotContain(settings.kingdee().password())
                        .doesNotContain(settings.wdt().appSecret()).doesNotContain(TOKEN);
                assertThat(flow.text("#overview-mapping")).contains("FNumber").contains("FTAXREGISTERCODE").contains("B11");
                flow.shot("1-overview");

                // runs: the cycle and its three windows with their counts
                flow.open("runs");
                List<WebElement> windows = flow.all("#runs-table tr.window");
                assertThat(windows).hasSize(3).allSatisfy(w -> assertThat(w.getAttribute("data-status")).isEqualTo("DONE"));
                assertThat(flow.all("#runs-table tr.cycle")).hasSize(1);
                assertThat(flow.text("#runs-table")).contains("DONE");
                flow.shot("2-runs");

                // issue 16.6: a page left open refreshes itself — a cycle run meanwhile appears without a reload
                assertThat(flow.browser().findElement(org.openqa.selenium.By.tagName("body")).getAttribute("data-refresh-ms"))
                        .isEqualTo("10000");
                assertThat(runtime.runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
                new org.openqa.selenium.support.ui.WebDriverWait(flow.browser(), java.time.Duration.ofSeconds(20))
                        .until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#runs-table tr.cycle")).size() == 2);

                // dead letters: the orders of shop 0099, parked for lack of an organisation rule; a write without the
                // token is refused (and changes nothing); with the token the rule is added
                flow.addTheMissingRule((int) openBefore, TOKEN, () -> assertThat(
                        new com.wdtkingdee.sync.state.OrgRuleStore(TestDatabase.dataSource()).all()).isEmpty());

                // retry one dead letter
                ConsoleFlow.Retried retried = flow.retryFirstLetter("rule for 0099 added", (int) openBefore);
                String letterId = retried.letterId();
                String stockoutNo = retried.stockoutNo();
                assertThat(letters.countOpen("customer-sync")).isEqualTo(openBefore - 1);

                // the customer it created, found by its stockout number
                WebElement customer = flow.findCustomer(stockoutNo);
                String number = customer.getAttribute("data-number");

                // the state behind the page: registry, Kingdee, the console's action log
                CustomerRow row = new CustomerRegistry(TestDatabase.dataSource()).byNumber(number).orElseThrow();
                assertThat(row.status()).isIn(CustomerStatus.SAVED, CustomerStatus.EXISTING);
                assertThat(row.allocatedAt()).isNotNull();
                assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).containsOnlyOnce(number);
                List<ConsoleActionLog.Action> actions = new ConsoleActionLog(TestDatabase.dataSource()).latest(10);
                // every write attempt, the refused one (no token) included, with where it came from
                assertThat(actions).extracting(ConsoleActionLog.Action::action).containsExactly("retry", "org-rule", "org-rule");
                assertThat(actions.get(2).outcome()).startsWith("refused 401");
                assertThat(actions).allSatisfy(a -> {
                    assertThat(a.source()).isEqualTo("127.0.0.1");
                    assertThat(a.userAgent()).contains("Chrome");
                });
                assertThat(actions.get(0).target()).isEqualTo("dead letter " + letterId);
                assertThat(actions.get(0).note()).isEqualTo("rule for 0099 added");
                assertThat(actions.get(0).outcome()).contains("1 resolved");
                assertThat(actions.get(1).note()).isEqualTo("新店铺 0099 归 BZ");

                // the sync route recorded each window's pages expected (page N of M while it ran)
                assertThat(new com.wdtkingdee.sync.state.ConsoleQueries(TestDatabase.dataSource())
                        .windows(List.of(1L))).hasSize(3).allSatisfy(w -> {
                            assertThat(w.get("pages_total")).isEqualTo(w.get("pages"));
                            assertThat(w.get("progress_at")).isNotNull();
                        });

                // the overview lists the rule and the actions
                flow.open("overview");
                assertThat(flow.text("#overview-rules")).contains("0099").contains("控制台 console");
                // the rule, the retry, and the write refused for want of the token (issue 18.4: every attempt)
                assertThat(flow.all("#overview-actions tr.action")).hasSize(3);
                assertThat(flow.all("#overview-actions tr.action.refused")).hasSize(1);
                flow.shot("6-overview-after");

                // issue 18.5: the page deletes a rule it added, with a note saying why
                flow.browser().findElement(org.openqa.selenium.By.cssSelector(
                        "#overview-rules button.rule-delete[data-shop='0099']")).click();
                org.openqa.selenium.Alert prompt = new org.openqa.selenium.support.ui.WebDriverWait(flow.browser(),
                        java.time.Duration.ofSeconds(5)).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
                prompt.sendKeys("店铺已关 shop closed");
                prompt.accept();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                        new com.wdtkingdee.sync.state.OrgRuleStore(TestDatabase.dataSource()).all().isEmpty());
                ConsoleActionLog.Action deleted = new ConsoleActionLog(TestDatabase.dataSource()).latest(1).get(0);
                assertThat(deleted.action()).isEqualTo("org-rule-delete");
                assertThat(deleted.note()).isEqualTo("店铺已关 shop closed");

                // a running window shows its live progress on the runs page
                RunLog runLog = new RunLog(TestDatabase.dataSource());
                long cycle = runLog.startCycle("customer-sync", "service");
                long window = runLog.startWindow(cycle, "customer-sync", Instant.parse("2026-11-20T03:00:00Z"),
                        Instant.parse("2026-11-20T03:59:00Z"));
                new RunProgress(TestDatabase.dataSource()).update(window, new WindowCounts(2, 80, 3, 0, 0, 0, 0, 0), 5);
                flow.open("runs");
                WebElement live = flow.all("#runs-table tr.window[data-id='" + window + "']").get(0);
                assertThat(live.getAttribute("data-status")).isEqualTo("RUNNING");
                assertThat(live.getText()).contains("page 2 of 5").contains("80");
                flow.shot("7-runs-live-progress");
                runLog.finishCycle(cycle, RunLog.FAILED, "test: ended by hand");
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
