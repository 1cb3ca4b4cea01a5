package com.wdtkingdee.sync.console;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's steps in the console, driven in headless Chromium (Debian's {@code chromium} through
 * {@code /usr/bin/chromedriver}): open a page, read it, add an organisation rule, retry a dead letter, find a
 * customer. Shared by {@link ConsoleBrowserIT} (the product on the test classpath) and
 * {@code com.wdtkingdee.sync.jar.SandboxServiceIT} (the packaged jar as a service).
 */
public final class ConsoleFlow implements AutoCloseable {

    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final String CHROMIUM = "/usr/bin/chromium";

    private final WebDriver browser;
    private final String base;
    private final Path shots;

    /** A letter retried from the dead-letters page: its id and the stockout number it carried. */
    public record Retried(String letterId, String stockoutNo) {
    }

    /**
     * @param base  the console's URL, e.g. {@code http://127.0.0.1:9876/console}
     * @param shots the folder of the screenshots
     */
    public ConsoleFlow(String base, Path shots) throws Exception {
        Files.createDirectories(shots);
        this.base = base;
        this.shots = shots;
        this.browser = chromium();
    }

    public WebDriver browser() {
        return browser;
    }

    private static ChromeDriver chromium() {
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

    /** Opens a page of the console ({@code overview}, {@code runs}, …) and waits until its data is rendered. */
    public void open(String page) {
        browser.get(base + "#" + page);
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
            WebElement body = d.findElement(By.tagName("body"));
            return page.equals(body.getAttribute("data-page")) && "true".equals(body.getAttribute("data-loaded"));
        });
    }

    public String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    public List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    /** The value shown for a configuration key. */
    public String cell(String table, String key) {
        return browser.findElement(By.cssSelector(table + " tr[data-key='" + key + "'] td:nth-child(2)")).getText();
    }

    public String pageSource() {
        return browser.getPageSource();
    }

    public void shot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fills the organisation-rule form and presses "add". */
    public void addRule(String shop, String org, String note) {
        for (String id : List.of("rule-shop", "rule-org", "rule-note")) {
            browser.findElement(By.id(id)).clear();
        }
        browser.findElement(By.id("rule-shop")).sendKeys(shop);
        browser.findElement(By.id("rule-org")).sendKeys(org);
        browser.findElement(By.id("rule-note")).sendKeys(note);
        browser.findElement(By.id("rule-add")).click();
    }

    public void enterToken(String token) {
        browser.findElement(By.id("token")).sendKeys(token);
    }

    public void waitForMessage(String part) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("message")).getText().contains(part));
    }

    /**
     * The dead-letters page lists {@code open} letters of shop 0099; a rule added without the token is refused
     * ({@code refused} then checks that nothing changed); with the token the rule {@code 0099 → BZ} is added.
     */
    public void addTheMissingRule(int open, String token, Runnable refused) throws Exception {
        open("dead-letters");
        assertThat(all("#dl-table tr.letter")).hasSize(open);
        assertThat(text("#dl-table")).contains("no organisation rule for shop_no 0099");
        shot("3-dead-letters");

        addRule("0099", "BZ", "新店铺 0099 归 BZ");
        waitForMessage("token");
        refused.run();

        enterToken(token);
        addRule("0099", "BZ", "新店铺 0099 归 BZ");
        waitForMessage("0099 → BZ");
    }

    /**
     * Presses "retry now" on the first letter with a note, waits until it is resolved and gone from the list (a
     * retry that met a running sync cycle, "skipped", is pressed again), and checks the page.
     */
    public Retried retryFirstLetter(String note, int open) throws Exception {
        WebElement first = all("#dl-table tr.letter").get(0);
        String letterId = first.getAttribute("data-id");
        String stockoutNo = first.findElements(By.tagName("td")).get(2).getText();
        browser.findElement(By.id("dl-note")).sendKeys(note);
        for (int attempt = 1; ; attempt++) {
            ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("document.getElementById('message').textContent = '';");
            browser.findElement(By.cssSelector("#dl-table tr.letter[data-id='" + letterId + "'] button.retry")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
                String m = d.findElement(By.id("message")).getText();
                return m.contains("1 resolved") || m.contains("skipped");
            });
            if (text("#message").contains("1 resolved") || attempt == 3) {
                break;
            }
            Thread.sleep(1000);
        }
        waitForMessage("1 resolved");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                d.findElements(By.cssSelector("#dl-table tr.letter[data-id='" + letterId + "']")).isEmpty());
        assertThat(all("#dl-table tr.letter")).hasSize(open - 1);
        assertThat(text("#dl-resolved")).contains(stockoutNo).contains("replayed: customer");
        shot("4-dead-letters-after-retry");
        return new Retried(letterId, stockoutNo);
    }

    /** The customers page, searched by a stockout number: the first customer row found. */
    public WebElement findCustomer(String stockoutNo) throws Exception {
        open("customers");
        browser.findElement(By.id("cust-q")).sendKeys(stockoutNo);
        browser.findElement(By.id("cust-search")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                !d.findElements(By.cssSelector("#cust-table tr.customer")).isEmpty());
        WebElement customer = all("#cust-table tr.customer").get(0);
        assertThat(customer.getAttribute("data-status")).isIn("SAVED", "EXISTING");
        assertThat(customer.getAttribute("data-number")).startsWith("WDT-BZ-");
        assertThat(customer.getText()).contains(stockoutNo);
        assertThat(text("#cust-letters")).contains("replayed");
        shot("5-customers");
        return customer;
    }

    @Override
    public void close() {
        browser.quit();
    }
}
