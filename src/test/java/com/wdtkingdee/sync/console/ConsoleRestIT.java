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
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.RestRegistry;
import org.apache.camel.support.PluginHelper;
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
 * The console API as Camel's REST DSL serves it ({@code routes/console.camel.yaml}): one REST verb per operation,
 * inlined into its route; the JSON binding reads the typed request bodies, and every body it cannot read, every
 * refusal and every failure is answered as {@code {"error", "status"}} JSON with the status, changing nothing; the
 * console is absent, REST verbs and routes included, when it is not served.
 */
class ConsoleRestIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC);
    static final String TOKEN = "rest-test-token-5d1e";
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
    void theApiIsRestDslVerbsAndEveryRefusalIsAJsonSentenceThatChangesNothing() throws Exception {
        int port = freePort();
        ConfigSource config = config(port);
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            Settings settings = Settings.from(config);
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).observeAlways()
                    .console(new ConsoleSettings(true, TOKEN)).start()) {
                base = "http://127.0.0.1:" + port;
                CamelContext context = runtime.context();

                // one REST verb per operation, with the request record of each write
                List<RestRegistry.RestService> services = PluginHelper.getRestRegistry(context).listAllRestServices();
                assertThat(services).extracting(s -> s.getMethod().toUpperCase() + " " + s.getBasePath() + s.getUriTemplate())
                        .containsExactlyInAnyOrder(
                                "GET /console/api/overview", "GET /console/api/runs", "GET /console/api/dead-letters",
                                "GET /console/api/customers", "POST /console/api/dead-letters/retry",
                                "POST /console/api/dead-letters/resolve", "POST /console/api/org-rules",
                                "POST /console/api/org-rules/delete");
                assertThat(services).filteredOn(s -> s.getUriTemplate().equals("/dead-letters/resolve"))
                        .extracting(RestRegistry.RestService::getInType).containsExactly(ResolveRequest.class.getName());
                // each verb inlined into the route it calls: the route of that id starts at the rest: endpoint
                for (String id : List.of("console-overview", "console-retry", "console-resolve", "console-org-rule-add")) {
                    Route route = context.getRoute(id);
                    assertThat(route).as(id).isNotNull();
                    assertThat(route.getEndpoint().getEndpointUri()).as(id).startsWith("rest:");
                }

                DeadLetterStore letters = new DeadLetterStore(TestDatabase.dataSource());
                long letter = letters.park(SCHEME, "mapping", "CK-R1", new Payloads(json).order(new StockoutOrder("9101",
                        "CK-R1", "0777", "上海甲乙贸易有限公司", "91310000MA1FL9101", "2026-11-19 10:00:00",
                        "2026-11-19 10:00:00", 95)), "mapping failed", 1);

                // bodies the binding cannot read as the action's record: 400 with a sentence saying what is wrong
                assertError(post("/console/api/org-rules", "not json"), 400, "the request body is not JSON");
                assertError(post("/console/api/org-rules", "[\"0777\",\"DZ\"]"), 400, "must be a JSON object");
                assertError(post("/console/api/org-rules", "{\"shopNo\":\"0777\",\"useOrg\":\"DZ\",\"org\":\"DZ\"}"), 400,
                        "a field this action does not take: org (it takes note, shopNo, useOrg)");
                assertError(post("/console/api/dead-letters/resolve", "{\"id\":\"forty\",\"note\":\"x\"}"), 400,
                        "field id has the wrong type");
                // no body at all (a client may send none, or an empty one): refused, not "retry everything"
                assertError(post("/console/api/dead-letters/retry", ""), 400, "takes a JSON object as its request body");
                assertError(send("/console/api/org-rules", "POST", null, TOKEN), 400, "takes a JSON object as its request body");
                // a readable body that lacks what the action needs; a state that forbids it; nothing to delete
                assertError(post("/console/api/dead-letters/resolve", "{\"id\":" + letter + "}"), 400, "(note)");
                assertError(post("/console/api/dead-letters/resolve", "{\"id\":999999,\"note\":\"x\"}"), 409,
                        "no open dead letter with id 999999");
                assertError(post("/console/api/org-rules/delete", "{\"shopNo\":\"0777\"}"), 404, "no console organisation rule");
                // reads: a missing query parameter; assets: only the two
                assertError(get("/console/api/customers"), 400, "(q)");
                assertError(get("/console/assets/application.properties"), 404, "no such console asset");
                // each path answers its own method only
                assertThat(get("/console/api/org-rules").statusCode()).isEqualTo(405);
                assertThat(send("/console/api/overview", "POST", "{}", TOKEN).statusCode()).isEqualTo(405);
                // none of these changed anything; each write attempt was recorded as refused (issue 18.4), reads not
                assertThat(letters.countOpen(SCHEME)).isEqualTo(1);
                assertThat(new OrgRuleStore(TestDatabase.dataSource()).all()).isEmpty();
                List<ConsoleActionLog.Action> refused = new ConsoleActionLog(TestDatabase.dataSource()).latest(20);
                assertThat(refused).hasSize(9).allSatisfy(a -> {
                    assertThat(a.outcome()).matches("refused 4\\d\\d: .+");
                    assertThat(a.source()).isEqualTo("127.0.0.1");
                });

                // a write that is not JSON (what a cross-site form can send) is refused before any step (issue 18.1)
                assertError(send("/console/api/org-rules", "POST",
                        "{\"shopNo\":\"0777\",\"useOrg\":\"DZ\",\"note\":\"typed\"}", TOKEN, "text/plain"), 403,
                        "Content-Type: application/json");
                assertThat(new OrgRuleStore(TestDatabase.dataSource()).all()).isEmpty();
                // the answers are JSON; times in the scheme's zone
                HttpResponse<String> added = send("/console/api/org-rules", "POST",
                        "{\"shopNo\":\"0777\",\"useOrg\":\"DZ\",\"note\":\"typed\"}", TOKEN);
                assertThat(added.statusCode()).isEqualTo(200);
                assertThat(added.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
                JsonNode rule = json.readTree(added.body());
                assertThat(rule.path("message").asText()).isEqualTo("shop 0777 → DZ");
                assertThat(rule.path("rule").path("updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
                JsonNode deleted = json.readTree(post("/console/api/org-rules/delete", "{\"shopNo\":\"0777\",\"note\":\"gone\"}").body());
                assertThat(deleted.path("deleted").asText()).isEqualTo("0777");
                assertThat(json.readTree(get("/console/api/overview").body()).path("now").asText()).isEqualTo("2026-11-20 12:00:00");

                // a retry answers its sum, without the replay route's selection headers
                HttpResponse<String> retried = post("/console/api/dead-letters/retry", "{\"id\":" + letter + ",\"note\":\"again\"}");
                assertThat(retried.statusCode()).isEqualTo(200);
                assertThat(json.readTree(retried.body()).path("selected").asInt()).isEqualTo(1);
                assertThat(retried.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("replay"));
                // a stage with no open letter: an empty plan, answered as nothing selected
                JsonNode none = json.readTree(post("/console/api/dead-letters/retry", "{\"stage\":\"no-such-stage\"}").body());
                assertThat(none.path("selected").asInt()).isZero();
                assertThat(none.path("message").asText()).isEqualTo("0 selected, 0 resolved, 0 still open");

                assertThat(new ConsoleActionLog(TestDatabase.dataSource()).latest(4))
                        .extracting(ConsoleActionLog.Action::action)
                        .containsExactly("retry", "retry", "org-rule-delete", "org-rule");
            }
        }
    }

    @Test
    void withoutTheConsoleThereIsNoRestVerbNorConsoleRouteAndObserveStillAnswers() throws Exception {
        int port = freePort();
        ConfigSource config = config(port);
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, CLOCK, quiet())) {
            Settings settings = Settings.from(config);
            // console.enabled=false beside a running management server
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK).observeAlways()
                    .console(new ConsoleSettings(false, "")).start()) {
                base = "http://127.0.0.1:" + port;
                assertNoConsole(runtime.context());
                assertThat(get("/observe/health").statusCode()).isEqualTo(200);
                assertThat(get("/observe/metrics").statusCode()).isEqualTo(200);
                assertThat(get("/console/api/overview").statusCode()).isEqualTo(404);
                assertThat(get("/console").statusCode()).isEqualTo(404);
            }
            // a one-shot runtime: no management server, no console
            try (SyncRuntime runtime = new SyncRuntime(settings, Path.of(""), false, CLOCK)
                    .console(new ConsoleSettings(true, TOKEN)).start()) {
                assertNoConsole(runtime.context());
            }
        }
    }

    private static void assertNoConsole(CamelContext context) {
        assertThat(PluginHelper.getRestRegistry(context).size()).isZero();
        assertThat(context.getRoutes()).extracting(Route::getRouteId).noneMatch(id -> id.startsWith("console"))
                .isNotEmpty();
        assertThat(context.getRoutes()).extracting(r -> r.getEndpoint().getEndpointUri())
                .noneMatch(uri -> uri.startsWith("rest:") || uri.startsWith("platform-http:"));
    }

    private void assertError(HttpResponse<String> response, int status, String sentence) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).contains(sentence);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static ConfigSource config(int port) {
        return ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("observe.host", "127.0.0.1")
                .override("observe.port", Integer.toString(port));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(path, "POST", body, TOKEN);
    }

    private HttpResponse<String> send(String path, String method, String body, String token) throws Exception {
        return send(path, method, body, token, "application/json");
    }

    private HttpResponse<String> send(String path, String method, String body, String token, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .header("Origin", base.replaceFirst("(https?://[^/]+).*", "$1"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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
