package com.wdtkingdee.sync.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.flow.Payloads;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.RunProgress;
import com.wdtkingdee.sync.state.TestDatabase;
import com.wdtkingdee.sync.state.WindowCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's HTTP API on the management server (no browser): pages and assets, masked configuration, the token
 * on every write, organisation rules, retry by stage through the replay route, resolve by hand, the action log,
 * the customer lookup and the live progress of a running window.
 */
class ConsoleApiIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);
    static final String TOKEN = "api-test-token-91c2";
    static final String SCHEME = "customer-sync";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String base;

    @BeforeEach
    @AfterEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    @Test
    void theConsoleApiServesReadsAndGuardsEveryWrite() throws Exception {
        int port = freePort();
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("observe.host", "127.0.0.1")
                .override("observe.port", Integer.toString(port));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            Settings settings = Settings.from(config);
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).observeAlways()
                    .console(new ConsoleSettings(true, TOKEN)).start()) {
                base = "http://127.0.0.1:" + port;
                DeadLetterStore letters = new DeadLetterStore(TestDatabase.dataSource());
                Payloads payloads = new Payloads(json);
                long a = letters.park(SCHEME, "org-rule", "CK-A1", payloads.order(order("9001", "CK-A1", "上海甲乙贸易有限公司")),
                        "no organisation rule for shop_no 0777", 1);
                long b = letters.park(SCHEME, "org-rule", "CK-A2", payloads.order(order("9002", "CK-A2", "杭州丙丁科技有限公司")),
                        "no organisation rule for shop_no 0777", 1);
                long c = letters.park(SCHEME, "mapping", "CK-A3", payloads.order(order("9003", "CK-A3", "南京戊己商行")),
                        "mapping failed", 2);

                // the page, its assets, and /observe beside it on the same server
                HttpResponse<String> page = get("/console");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
                assertThat(page.body()).contains("Operator console").contains("/console/assets/console.js");
                assertThat(get("/console/assets/console.js").statusCode()).isEqualTo(200);
                assertThat(get("/console/assets/application.properties").statusCode()).isEqualTo(404);
                assertThat(get("/observe/health").statusCode()).isEqualTo(200);

                // overview: configuration with every secret masked
                HttpResponse<String> overview = get("/console/api/overview");
                JsonNode o = json.readTree(overview.body());
                assertThat(o.path("scheme").asText()).isEqualTo(SCHEME);
                assertThat(o.path("openDeadLetters").asLong()).isEqualTo(3);
                JsonNode conf = o.path("configuration");
                for (String secret : List.of("kingdee.password", "wdt.app-secret", "console.token")) {
                    assertThat(conf.path(secret).asText()).as(secret).isEqualTo("****");
                }
                assertThat(overview.body()).doesNotContain(settings.kingdee().password())
                        .doesNotContain(settings.wdt().appSecret()).doesNotContain(TOKEN);
                assertThat(o.path("mapping").toString()).contains("FTAXREGISTERCODE");

                // every write needs the token: none, or a wrong one, is refused and changes nothing
                String rule = "{\"shopNo\":\"0777\",\"useOrg\":\"DZ\",\"note\":\"new shop\"}";
                assertThat(post("/console/api/org-rules", rule, null).statusCode()).isEqualTo(401);
                assertThat(post("/console/api/org-rules", rule, "wrong").statusCode()).isEqualTo(401);
                assertThat(post("/console/api/dead-letters/retry", "{}", null).statusCode()).isEqualTo(401);
                assertThat(post("/console/api/dead-letters/resolve", "{\"id\":" + c + ",\"note\":\"x\"}", null).statusCode()).isEqualTo(401);
                assertThat(new OrgRuleStore(TestDatabase.dataSource()).all()).isEmpty();
                assertThat(letters.countOpen(SCHEME)).isEqualTo(3);

                // a shop that application.properties already maps is not overridden from the console
                HttpResponse<String> configured = post("/console/api/org-rules", "{\"shopNo\":\"002\",\"useOrg\":\"DZ\"}", TOKEN);
                assertThat(configured.statusCode()).isEqualTo(409);
                assertThat(configured.body()).contains("customer.org-rule.BZ");
                assertThat(post("/console/api/org-rules", "not json", TOKEN).statusCode()).isEqualTo(400);

                // add the rule, then retry the org-rule stage: one replay per letter, through direct:replay
                assertThat(post("/console/api/org-rules", rule, TOKEN).statusCode()).isEqualTo(200);
                HttpResponse<String> retried = post("/console/api/dead-letters/retry",
                        "{\"stage\":\"org-rule\",\"note\":\"rule added\"}", TOKEN);
                assertThat(retried.statusCode()).isEqualTo(200);
                JsonNode r = json.readTree(retried.body());
                assertThat(r.path("selected").asInt()).isEqualTo(2);
                assertThat(r.path("resolved").asInt()).isEqualTo(2);
                assertThat(letters.open(SCHEME, null, null)).extracting(DeadLetter::id).containsExactly(c);
                assertThat(sandbox.kingdee().customers()).extracting(k -> k.name())
                        .contains("上海甲乙贸易有限公司", "杭州丙丁科技有限公司");

                // resolve by hand needs a note; a closed letter cannot be resolved again
                assertThat(post("/console/api/dead-letters/resolve", "{\"id\":" + c + "}", TOKEN).statusCode()).isEqualTo(400);
                assertThat(post("/console/api/dead-letters/resolve", "{\"id\":" + c + ",\"note\":\"test order, ignore\"}", TOKEN)
                        .statusCode()).isEqualTo(200);
                assertThat(post("/console/api/dead-letters/resolve", "{\"id\":" + c + ",\"note\":\"again\"}", TOKEN)
                        .statusCode()).isEqualTo(409);
                assertThat(letters.countOpen(SCHEME)).isZero();

                // every write recorded with time, action, target and note
                List<ConsoleActionLog.Action> all = new ConsoleActionLog(TestDatabase.dataSource()).latest(20);
                // the refused attempts are recorded too, with their reason (issue 18.4)
                assertThat(all).filteredOn(x -> x.outcome().startsWith("refused")).isNotEmpty()
                        .allSatisfy(x -> assertThat(x.outcome()).matches("refused 4\\d\\d: .+"));
                List<ConsoleActionLog.Action> actions = all.stream().filter(x -> !x.outcome().startsWith("refused")).toList();
                assertThat(actions).extracting(ConsoleActionLog.Action::action).containsExactly("resolve", "retry", "org-rule");
                assertThat(actions.get(0).note()).isEqualTo("test order, ignore");
                assertThat(actions.get(0).target()).isEqualTo("dead letter " + c);
                assertThat(actions.get(1).target()).contains("stage org-rule");
                assertThat(actions.get(1).outcome()).contains("2 resolved");
                assertThat(actions.get(2).target()).isEqualTo("shop 0777 → DZ");
                assertThat(actions).allSatisfy(x -> assertThat(x.at()).isNotNull());

                // the lookup finds the customer by the stockout that created it, with its dead letter
                JsonNode found = json.readTree(get("/console/api/customers?q=CK-A1").body());
                assertThat(found.path("customers")).hasSize(1);
                assertThat(found.path("customers").get(0).path("first_stockout_no").asText()).isEqualTo("CK-A1");
                assertThat(found.path("customers").get(0).path("number").asText()).startsWith("WDT-DZ-");
                assertThat(found.path("deadLetters").get(0).path("resolution").asText()).startsWith("replayed: customer");
                assertThat(get("/console/api/customers").statusCode()).isEqualTo(400);

                // a running window shows its progress: pages so far of the pages expected
                RunLog runLog = new RunLog(TestDatabase.dataSource());
                long cycle = runLog.startCycle(SCHEME, "service");
                long window = runLog.startWindow(cycle, SCHEME, Instant.parse("2026-11-19T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z"));
                new RunProgress(TestDatabase.dataSource()).update(window, new WindowCounts(2, 80, 5, 40, 30, 2, 3, 3, 4, 6),
                        WindowProgress.pagesTotal(190L, 40));
                JsonNode running = json.readTree(get("/console/api/runs").body()).path("cycles").get(0).path("windows").get(0);
                assertThat(running.path("status").asText()).isEqualTo("RUNNING");
                assertThat(running.path("pages").asInt()).isEqualTo(2);
                assertThat(running.path("pages_total").asInt()).isEqualTo(5);
                assertThat(running.path("orders").asInt()).isEqualTo(80);
                // the buckets so far, as the runs page shows them (read, filtered, parked, new, existing, already
                // written, repeated; a running window's batches may still be settling)
                assertThat(List.of("filtered", "dead_lettered", "saved", "existing", "already_written", "repeated",
                        "customers_sent").stream().map(k -> running.path(k).asInt()).toList())
                        .containsExactly(5, 3, 30, 2, 4, 6, 40);
            }
        }
    }

    private static StockoutOrder order(String id, String no, String title) {
        return new StockoutOrder(id, no, "0777", title, "91310000MA1FL" + id, "2026-11-19 10:00:00", "2026-11-19 10:00:00", 95);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        // a client other than the page says which console it writes to (issue 18: writes need the console's Origin)
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Origin", base.replaceFirst("(https?://[^/]+).*", "$1"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header(ConsoleAuthorizer.TOKEN_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
