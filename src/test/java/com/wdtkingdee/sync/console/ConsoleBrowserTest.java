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
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
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
class ConsoleBrowserTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);
    static final String TOKEN = "browser-test-token-7f3a";
    static final Path SHOTS = Path.of("target", "console-screenshots");
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";

    private WebDriver browser;

    @BeforeEach
    void cleanState() throws Exception {
        TestDatabase.truncateAll();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
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

                browser = chromium();
                String base = "http://127.0.0.1:" + port + "/console";

                // overview: scheme, checkpoint, the cycle, health, configuration with secrets masked, mapping
                open(base + "#overview", "overview");
                assertThat(text("#overview-summary")).contains("customer-sync").contains("2026-11-20 11:59:00");
                assertThat(browser.findElements(By.cssSelector("#overview-cycles tr.cycle"))).hasSize(1);
                assertThat(browser.findElements(By.cssSelector("#overview-cycles tr.window"))).hasSize(3);
                assertThat(text("#overview-health")).contains("state-database").contains("UP");
                assertThat(cell("#overview-config", "kingdee.password")).isEqualTo("****");
                assertThat(cell("#overview-config", "wdt.app-secret")).isEqualTo("****");
                assertThat(cell("#overview-config", "console.token")).isEqualTo("****");
                assertThat(browser.getPageSource()).doesNotContain(settings.kingdee().password())
                        .doesNotContain(settings.wdt().appSecret()).doesNotContain(TOKEN);
                assertThat(text("#overview-mapping")).contains("FNumber").contains("FTAXREGISTERCODE").contains("B11");
                shot("1-overview");

                // runs: the cycle and its three windows with their counts
                open(base + "#runs", "runs");
                List<WebElement> windows = browser.findElements(By.cssSelector("#runs-table tr.window"));
                assertThat(windows).hasSize(3).allSatisfy(w -> assertThat(w.getAttribute("data-status")).isEqualTo("DONE"));
                assertThat(browser.findElements(By.cssSelector("#runs-table tr.cycle"))).hasSize(1);
                assertThat(text("#runs-table")).contains("DONE");
                shot("2-runs");

                // dead letters: the orders of shop 0099, parked for lack of an organisation rule
                open(base + "#dead-letters", "dead-letters");
                List<WebElement> rows = browser.findElements(By.cssSelector("#dl-table tr.letter"));
                assertThat(rows).hasSize((int) openBefore);
                assertThat(text("#dl-table")).contains("no organisation rule for shop_no 0099");
                shot("3-dead-letters");

                // a write without the token is refused (and changes nothing)
                addRule("0099", "BZ", "新店铺 0099 归 BZ");
                waitForMessage("token");
                assertThat(new com.wdtkingdee.sync.state.OrgRuleStore(TestDatabase.dataSource()).all()).isEmpty();

                // with the token: add the missing rule, then retry one dead letter
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                addRule("0099", "BZ", "新店铺 0099 归 BZ");
                waitForMessage("0099 → BZ");
                WebElement first = browser.findElements(By.cssSelector("#dl-table tr.letter")).get(0);
                String letterId = first.getAttribute("data-id");
                String stockoutNo = first.findElements(By.tagName("td")).get(2).getText();
                browser.findElement(By.id("dl-note")).sendKeys("rule for 0099 added");
                first.findElement(By.cssSelector("button.retry")).click();
                waitForMessage("1 resolved");
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                        d.findElements(By.cssSelector("#dl-table tr.letter[data-id='" + letterId + "']")).isEmpty());
                assertThat(browser.findElements(By.cssSelector("#dl-table tr.letter"))).hasSize((int) openBefore - 1);
                assertThat(text("#dl-resolved")).contains(stockoutNo).contains("replayed: customer");
                shot("4-dead-letters-after-retry");
                assertThat(letters.countOpen("customer-sync")).isEqualTo(openBefore - 1);

                // the customer it created, found by its stockout number
                open(base + "#customers", "customers");
                browser.findElement(By.id("cust-q")).sendKeys(stockoutNo);
                browser.findElement(By.id("cust-search")).click();
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                        !d.findElements(By.cssSelector("#cust-table tr.customer")).isEmpty());
                WebElement customer = browser.findElements(By.cssSelector("#cust-table tr.customer")).get(0);
                String number = customer.getAttribute("data-number");
                assertThat(customer.getAttribute("data-status")).isIn("SAVED", "EXISTING");
                assertThat(number).startsWith("WDT-BZ-");
                assertThat(customer.getText()).contains(stockoutNo);
                assertThat(text("#cust-letters")).contains("replayed");
                shot("5-customers");

                // the state behind the page: registry, Kingdee, the console's action log
                CustomerRow row = new CustomerRegistry(TestDatabase.dataSource()).byNumber(number).orElseThrow();
                assertThat(row.status()).isIn(CustomerStatus.SAVED, CustomerStatus.EXISTING);
                assertThat(row.allocatedAt()).isNotNull();
                assertThat(sandbox.kingdee().customers()).extracting(SimCustomer::number).containsOnlyOnce(number);
                List<ConsoleActionLog.Action> actions = new ConsoleActionLog(TestDatabase.dataSource()).latest(10);
                assertThat(actions).extracting(ConsoleActionLog.Action::action).containsExactly("retry", "org-rule");
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
                open(base + "#overview", "overview");
                assertThat(text("#overview-rules")).contains("0099").contains("控制台 console");
                assertThat(browser.findElements(By.cssSelector("#overview-actions tr.action"))).hasSize(2);
                shot("6-overview-after");

                // a running window shows its live progress on the runs page
                RunLog runLog = new RunLog(TestDatabase.dataSource());
                long cycle = runLog.startCycle("customer-sync", "service");
                long window = runLog.startWindow(cycle, "customer-sync", Instant.parse("2026-11-20T03:00:00Z"),
                        Instant.parse("2026-11-20T03:59:00Z"));
                new RunProgress(TestDatabase.dataSource()).update(window, new WindowCounts(2, 80, 3, 0, 0, 0, 0, 0), 5);
                open(base + "#runs", "runs");
                WebElement live = browser.findElement(By.cssSelector("#runs-table tr.window[data-id='" + window + "']"));
                assertThat(live.getAttribute("data-status")).isEqualTo("RUNNING");
                assertThat(live.getText()).contains("page 2 of 5").contains("80");
                shot("7-runs-live-progress");
                runLog.finishCycle(cycle, RunLog.FAILED, "test: ended by hand");
            }
        }
    }

    private ChromeDriver chromium() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1800", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Opens a page of the console and waits until its data is rendered. */
    private void open(String url, String page) {
        browser.get(url);
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
            WebElement body = d.findElement(By.tagName("body"));
            return page.equals(body.getAttribute("data-page")) && "true".equals(body.getAttribute("data-loaded"));
        });
    }

    private void addRule(String shop, String org, String note) {
        for (String id : List.of("rule-shop", "rule-org", "rule-note")) {
            browser.findElement(By.id(id)).clear();
        }
        browser.findElement(By.id("rule-shop")).sendKeys(shop);
        browser.findElement(By.id("rule-org")).sendKeys(org);
        browser.findElement(By.id("rule-note")).sendKeys(note);
        browser.findElement(By.id("rule-add")).click();
    }

    private void waitForMessage(String part) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("message")).getText().contains(part));
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** The value shown for a configuration key. */
    private String cell(String table, String key) {
        return browser.findElement(By.cssSelector(table + " tr[data-key='" + key + "'] td:nth-child(2)")).getText();
    }

    private void shot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
