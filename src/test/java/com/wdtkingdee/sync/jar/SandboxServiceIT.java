package com.wdtkingdee.sync.jar;

import com.wdtkingdee.sync.console.ConsoleFlow;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar target/wdt-kingdee-sync.jar --sandbox} as a service (issue 16, 2a): health UP, a cycle completes,
 * {@code /console} is served and the operator's browser flow works against this process, SIGTERM stops it
 * gracefully (143 within 30 s, no stack trace), and a restart of the same folder keeps the state: it starts from
 * the checkpoint the first process committed, reads only the lookback since, creates no customer, and moves the
 * checkpoint on.
 */
class SandboxServiceIT {

    static final String TOKEN = "jar-it-console-token-5c1e";
    static final DateTimeFormatter ERP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
    static final Pattern CYCLE = Pattern.compile("SyncCycle - Cycle (\\d+) of customer-sync: checkpoint (none|" + TIME + ")");
    static final Pattern WINDOW = Pattern.compile("WindowRunner - Window (" + TIME + ") → (" + TIME
            + ") \\(Asia/Shanghai\\): pages=\\d+ read=(\\d+) .*\\bnew=(\\d+)");

    @Test
    void theSandboxServiceSyncsServesTheConsoleStopsOnSigtermAndRestartsFromItsState() throws Exception {
        JarProcess jar = JarProcess.folder("sandbox-service")
                .jvm("-Dsandbox.cron=0/5 * * * * ?", "-Dconsole.token=" + TOKEN);

        // ---- first start: health, a cycle, the console and its browser flow
        List<String> windowsOfFirst;
        String committed = null;
        String lastWindowEnd;
        try (JarProcess.Run service = jar.start("--sandbox")) {
            String health = service.awaitHealthUp(Duration.ofSeconds(90));
            assertThat(health).contains("\"state-database\"").contains("\"kingdee\"");
            String done = service.awaitLine(l -> l.contains("SyncCycle - Cycle 1 done: "), Duration.ofSeconds(60),
                    "the first cycle done");
            Matcher parkedMatch = Pattern.compile("Cycle 1 done: 3 window\\(s\\), (\\d+) parked").matcher(done);
            assertThat(parkedMatch.find()).as(done).isTrue();
            int parked = Integer.parseInt(parkedMatch.group(1));
            assertThat(parked).isPositive(); // shop 0099's orders

            HttpResponse<String> page = service.get("/console");
            assertThat(page).isNotNull();
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).containsIgnoringCase("<html");
            HttpResponse<String> metrics = service.get("/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory");

            Properties credentials = new Properties();
            try (Reader r = Files.newBufferedReader(jar.dir.resolve("data/sandbox/credentials.properties"))) {
                credentials.load(r);
            }
            try (ConsoleFlow flow = new ConsoleFlow("http://127.0.0.1:" + jar.port + "/console",
                    JarProcess.PROJECT.resolve("target/console-screenshots/jar"))) {
                flow.open("overview");
                assertThat(flow.text("#overview-summary")).contains("customer-sync");
                assertThat(flow.all("#overview-cycles tr.cycle")).isNotEmpty();
                assertThat(flow.text("#overview-health")).contains("state-database").contains("UP");
                assertThat(flow.cell("#overview-config", "kingdee.password")).isEqualTo("****");
                assertThat(flow.cell("#overview-config", "console.token")).isEqualTo("****");
                assertThat(flow.pageSource()).doesNotContain(TOKEN)
                        .doesNotContain(credentials.getProperty("kingdee.password"))
                        .doesNotContain(credentials.getProperty("wdt.app-secret"));
                flow.shot("1-overview");

                flow.open("runs");
                assertThat(flow.all("#runs-table tr.window")).hasSizeGreaterThanOrEqualTo(3);
                flow.shot("2-runs");

                flow.addTheMissingRule(parked, TOKEN, () -> { });
                ConsoleFlow.Retried retried = flow.retryFirstLetter("rule for 0099 added", parked);
                flow.findCustomer(retried.stockoutNo());

                flow.open("overview");
                assertThat(flow.text("#overview-rules")).contains("0099");
                // the write refused for want of the token left no action behind: the rule and the retry only
                // the rule and the retry, and the write refused for want of the token (issue 18.4: every attempt)
                assertThat(flow.all("#overview-actions tr.action")).hasSize(3);
                assertThat(flow.all("#overview-actions tr.action.refused")).hasSize(1);
            }

            // ---- SIGTERM: graceful stop, 143, within 30 s, no stack trace
            long t0 = System.nanoTime();
            service.term();
            int code = service.waitFor(Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(code).as(service.tail()).isEqualTo(143);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(service.stdout()).contains("Shutdown requested");
            assertNoStackTrace(service);
            windowsOfFirst = lines(service.stdout(), WINDOW);
            // the checkpoint committed: the end of the last window of the last cycle logged done (or, if SIGTERM came
            // after a window committed and before its cycle ended, that window's end)
            String lastEnd = null;
            for (String l : service.stdout().lines().toList()) {
                Matcher m = WINDOW.matcher(l);
                if (m.find()) {
                    lastEnd = m.group(2);
                } else if (l.contains("SyncCycle - Cycle ") && l.contains(" done: ")) {
                    committed = lastEnd;
                }
            }
            lastWindowEnd = lastEnd;
        }
        assertThat(windowsOfFirst).hasSizeGreaterThanOrEqualTo(3);
        assertThat(committed).isNotNull();

        // ---- restart of the same folder: the state is kept
        try (JarProcess.Run again = jar.start("--sandbox")) {
            String first = again.awaitLine(l -> CYCLE.matcher(l).find(), Duration.ofSeconds(90), "a cycle of the restart");
            Matcher c = CYCLE.matcher(first);
            assertThat(c.find()).isTrue();
            String checkpoint = c.group(2);
            assertThat(checkpoint).as("the restart starts from the checkpoint the first process committed")
                    .isIn(committed, lastWindowEnd);
            assertThat(Integer.parseInt(c.group(1))).as("cycles are numbered on from the state").isGreaterThan(1);
            again.awaitLine(l -> {
                Matcher m = CYCLE.matcher(l);
                return m.find() && !m.group(2).equals(checkpoint);
            }, Duration.ofSeconds(60), "a later cycle with the checkpoint moved on");
            again.term();
            assertThat(again.waitFor(Duration.ofSeconds(30))).as(again.tail()).isEqualTo(143);
            assertNoStackTrace(again);

            List<String> windows = lines(again.stdout(), WINDOW);
            assertThat(windows).as(again.tail()).isNotEmpty();
            Matcher w = WINDOW.matcher(windows.get(0));
            assertThat(w.find()).isTrue();
            // it reads only what is new: from the checkpoint minus sync.lookback (PT10M), not the 3 days again
            assertThat(w.group(1)).isEqualTo(LocalDateTime.parse(checkpoint, ERP).minusMinutes(10).format(ERP));
            for (String line : windows) {
                Matcher m = WINDOW.matcher(line);
                assertThat(m.find()).isTrue();
                assertThat(Integer.parseInt(m.group(4))).as("no new customer: " + line).isZero();
                assertThat(Integer.parseInt(m.group(3))).as("only the lookback is read: " + line).isLessThan(50);
            }
        }
    }

    private static List<String> lines(String text, Pattern p) {
        List<String> out = new ArrayList<>();
        text.lines().filter(l -> p.matcher(l).find()).forEach(out::add);
        return out;
    }

    private static void assertNoStackTrace(JarProcess.Run run) {
        assertThat(run.stdout() + run.stderr()).as(run.tail()).doesNotContain("\tat ").doesNotContain(" ERROR ");
    }
}
