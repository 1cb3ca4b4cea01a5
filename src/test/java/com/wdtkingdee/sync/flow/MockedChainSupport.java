package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.app.AppCamelConfig;
import com.wdtkingdee.sync.app.SyncBeans;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerKey;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import com.wdtkingdee.sync.wdt.QimenSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route tests on the application's own Camel Main configuration (camel-test-main-junit5: the project's
 * {@code application.properties}, {@code routes/*.camel.yaml} through its {@code camel.main.routes-include-pattern},
 * the values {@code SyncRuntime} hands Camel Main — {@link AppCamelConfig}) with the real beans of {@link SyncBeans}
 * and the embedded test database: every HTTP endpoint is advised by its id — the Qimen call ({@code qimen-http}) answers canned pages,
 * the Kingdee calls ({@code kingdee-login-password}, {@code kingdee-batch-save}, {@code kingdee-allocate},
 * {@code kingdee-bill-query}) are answered by {@link FakeKingdee}, a processor that parses the JSON bytes the route
 * marshalled, checks them and sets a canned answer (JSON text and {@code CamelHttpResponseCode}). Everything else —
 * loop, split, filter, org rule, mapping, aggregate, dead-letter channel, camel-jackson, the camel-jdbc steps — runs
 * as shipped. {@code sync.batch-size} is 3, the Qimen page size 3.
 */
@Timeout(60)
abstract class MockedChainSupport extends CamelMainTestSupport {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-20T04:00:00Z"), ZoneOffset.UTC); // 12:00 Shanghai
    static final String SECRET = "route-test-secret";
    static final String SCHEME = "customer-sync";
    /** The window the canned source is asked for: initial start .. now − lag. */
    static final Instant WINDOW_END = Instant.parse("2024-05-20T03:59:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Routes every test advises or enters (loaded from routes/ by camel.main.routes-include-pattern). */
    static final String[] CHAIN_ROUTES = {"sync-cycle", "sync-window", "qimen-call", "kingdee-send", "kingdee-login",
            "dead-letter", "write-batch"};

    /** Extra application settings of one test (key=value), e.g. a {@code customer.field.*} added to the mapping. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface WithSettings {
        String[] value();
    }

    protected SyncBeans beans;
    protected Settings settings;
    /** The orders of the canned source, served in pages of 3 (page numbers from 0). */
    protected final List<Map<String, Object>> source = new ArrayList<>();
    /** Calls in the order they happened: qimen, login, batch-save, allocate, bill-query, commit-window. */
    protected final List<String> events = Collections.synchronizedList(new ArrayList<>());
    protected final List<String> pagesAsked = Collections.synchronizedList(new ArrayList<>());
    /** Called with each page_no the route asks for, before the page is answered. */
    protected volatile java.util.function.Consumer<String> pageAsked = p -> { };
    protected FakeKingdee kingdee;

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        config.withUseAdviceWith(true);
    }

    /** Camel Main reads the project's own application.properties, which loads routes/*.camel.yaml. */
    @Override
    protected String getPropertyPlaceholderLocations() {
        return AppCamelConfig.PROPERTY_LOCATIONS;
    }

    /** What the application hands Camel Main (SyncRuntime), from the settings of {@link #baseConfig()}. */
    @Override
    public void configureContext(CamelContextConfiguration config) {
        super.configureContext(config);
        config.withUseOverridePropertiesWithPropertiesComponent(AppCamelConfig.overrides(Settings.from(baseConfig())));
    }

    /**
     * The application settings of every test; {@link WithSettings} adds to them. The retry ladder of the routes is
     * short (2 redeliveries, 5 ms doubling up to 20 ms); the HTTP endpoints are advised, their URLs never called.
     */
    ConfigSource baseConfig() {
        return new ConfigSource(Map.of(), Map.of(), Map.of())
                .override("sync.scheme", SCHEME)
                .override("sync.initial-start", "2024-05-20 09:00:00")
                .override("sync.batch-size", "3")
                .override("sync.retry.max-redeliveries", "2").override("sync.retry.delay-ms", "5")
                .override("sync.retry.multiplier", "2").override("sync.retry.max-delay-ms", "20")
                .override("wdt.url", "http://qimen.invalid/router/qm")
                .override("wdt.app-key", "app").override("wdt.app-secret", SECRET)
                .override("wdt.target-app-key", "21363512").override("wdt.sid", "sid")
                .override("wdt.page-size", "3")
                .override("wdt.calls-per-minute", "100000")
                .override("kingdee.url", "http://kingdee.invalid/k3cloud/").override("kingdee.acct-id", "acct")
                .override("kingdee.username", "user").override("kingdee.password", "pw")
                .override("kingdee.timeout", "PT5S");
    }

    @BeforeEach
    void wireRoutes(TestInfo info) throws Exception {
        TestDatabase.truncateAll();
        ConfigSource c = baseConfig();
        info.getTestMethod().map(m -> m.getAnnotation(WithSettings.class)).ifPresent(w -> {
            for (String kv : w.value()) {
                int eq = kv.indexOf('=');
                c.override(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
        });
        settings = Settings.from(c);
        assertThat(AppCamelConfig.overrides(settings)).as("@WithSettings changes only what the beans read: Camel's"
                + " properties are computed once, from baseConfig()").isEqualTo(AppCamelConfig.overrides(Settings.from(baseConfig())));
        beans = new SyncBeans(settings, stateDataSource(), CLOCK, CycleMode.ONCE);
        kingdee = new FakeKingdee(events);

        // as SyncRuntime binds them into its Main, and compiles the mapping after Camel Main configured the context
        CamelContext ctx = context();
        beans.beans().forEach(ctx.getRegistry()::bind);
        beans.customerMapping().compile(ctx);
        assertThat(((ModelCamelContext) ctx).getRouteDefinitions()).as("routes/ loaded by the application's configuration")
                .extracting(r -> r.getRouteId()).contains(CHAIN_ROUTES);
        AdviceWith.adviceWith(ctx, "qimen-call", a -> a.weaveById("qimen-http").replace().process(checked(this::answerQimen)));
        AdviceWith.adviceWith(ctx, "kingdee-send", a -> {
            a.weaveById("kingdee-batch-save").replace().process(checked(kingdee::batchSave));
            a.weaveById("kingdee-allocate").replace().process(checked(kingdee::allocate));
            a.weaveById("kingdee-bill-query").replace().process(checked(kingdee::billQuery));
        });
        AdviceWith.adviceWith(ctx, "kingdee-login", a ->
                a.weaveById("kingdee-login-password").replace().process(checked(kingdee::login)));
        AdviceWith.adviceWith(ctx, "sync-window", a ->
                a.weaveById("commit-window").before().process(ex -> events.add("commit-window")));
    }

    /** The state database the beans and the camel-jdbc steps use (a test may wrap it, e.g. to count statements). */
    protected javax.sql.DataSource stateDataSource() {
        return TestDatabase.dataSource();
    }

    /** Assertion failures inside the advised endpoints (the routes would only see them as failed calls). */
    protected final List<Throwable> problems = Collections.synchronizedList(new ArrayList<>());

    /** An advised endpoint whose failed request checks are kept in {@link #problems} and fail the call. */
    Processor checked(Processor p) {
        return ex -> {
            try {
                p.process(ex);
            } catch (AssertionError e) {
                problems.add(e);
                throw new IllegalStateException("request check failed: " + e.getMessage(), e);
            }
        };
    }

    @AfterEach
    void noRequestCheckFailed() {
        assertThat(problems).as("request checks inside the advised endpoints").isEmpty();
    }

    /** Every window a test ran: each order read in exactly one bucket (issue 16 item 4). */
    @AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }

    // ---------------------------------------------------------------- the canned source

    static Map<String, Object> order(String id, String shop, String title, String tax) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stockout_id", id);
        m.put("order_no", "CK" + id);
        m.put("shop_no", shop);
        m.put("status", 95);
        m.put("consign_time", "2024-05-20 10:00:00");
        m.put("invoice_title", title);
        m.put("invoice_content", tax);
        return m;
    }

    /** The Qimen router: checks the signed form, answers page {@code page_no} of {@link #source} (3 per page). */
    private void answerQimen(Exchange ex) throws Exception {
        String body = ex.getMessage().getBody(String.class);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        String sign = form.remove("sign");
        assertThat(sign).isEqualTo(QimenSigner.sign(form, SECRET));
        assertThat(form).containsEntry("method", "wdt.stockout.order.query.trade")
                .containsEntry("start_time", "2024-05-20 09:00:00").containsEntry("end_time", "2024-05-20 11:59:00")
                .containsEntry("page_size", "3");
        pagesAsked.add(form.get("page_no"));
        events.add("qimen");
        pageAsked.accept(form.get("page_no"));
        int page = Integer.parseInt(form.get("page_no"));
        List<Map<String, Object>> rows = source.subList(Math.min(source.size(), page * 3),
                Math.min(source.size(), page * 3 + 3));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("errorcode", 0);
        response.put("message", "");
        if (page == 0) {
            response.put("total_count", source.size());
        }
        response.put("stockout_list", rows);
        ex.getMessage().removeHeaders("*", "CamelRedelivery*");
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        ex.getMessage().setBody(JSON.writeValueAsString(Map.of("response", response)));
    }

    // ---------------------------------------------------------------- helpers

    CycleOutcome runCycle() {
        template.sendBody("direct:sync-cycle", null);
        return beans.syncCycle().lastOutcome();
    }

    /** The FNumber the sync derives for a customer (use org, invoice title). */
    String numberOf(String useOrg, String title) {
        return CustomerKey.of(useOrg, title).number(settings.mapping().numberPrefix());
    }

    Optional<Instant> checkpoint() {
        return new CheckpointStore(TestDatabase.dataSource()).get(SCHEME);
    }

    RunRow windowRow() {
        return beans.runLog().recent(SCHEME, 10).stream().filter(r -> "window".equals(r.kind())).findFirst()
                .orElseThrow();
    }

    static List<String> modelValues(JsonNode batchSave, String field) {
        List<String> out = new ArrayList<>();
        batchSave.path("data").path("Model").forEach(m -> out.add(m.path(field).isValueNode()
                ? m.path(field).asText() : m.path(field).toString()));
        return out;
    }

    static Set<String> pkIds(JsonNode allocate) {
        return Set.of(allocate.path("data").path("PkIds").asText().split(","));
    }

    // ---------------------------------------------------------------- the fake Kingdee

    /** How the fake answers one BatchSave; the default saves every row. */
    @FunctionalInterface
    interface SaveScript {
        void answer(FakeKingdee k, Exchange ex, JsonNode request) throws Exception;
    }

    /**
     * Kingdee behind the four advised endpoints. It keeps the customers it saved (FNumber → FCUSTID), so
     * ExecuteBillQuery finds what an earlier BatchSave really wrote. Every call checks the request the route
     * marshalled (JSON bytes, session header) and records it.
     */
    static final class FakeKingdee {
        final List<String> events;
        final List<JsonNode> logins = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> saves = Collections.synchronizedList(new ArrayList<>());
        final List<byte[]> rawSaves = Collections.synchronizedList(new ArrayList<>());
        final List<String> saveSessions = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> allocates = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> queries = Collections.synchronizedList(new ArrayList<>());
        /** What Kingdee holds: FNumber → FCUSTID. */
        final Map<String, String> stored = Collections.synchronizedMap(new LinkedHashMap<>());
        final Deque<SaveScript> saveScripts = new ArrayDeque<>();
        private int nextId = 100001;
        private int sessions;

        FakeKingdee(List<String> events) {
            this.events = events;
        }

        /** How BatchSave calls beyond the scripted ones answer (by default: every row saved). */
        SaveScript otherwise = FakeKingdee::saveAll;

        /** The next BatchSave calls answer as scripted, in order; later ones as {@link #otherwise}. */
        FakeKingdee thenSave(SaveScript script) {
            saveScripts.add(script);
            return this;
        }

        /** The body the route marshalled, read once (it may be a stream cache). */
        static byte[] bytes(Exchange ex) {
            byte[] bytes = ex.getMessage().getBody(byte[].class);
            assertThat(bytes).as("the marshalled request body").isNotEmpty();
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("POST");
            assertThat(ex.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("application/json");
            return bytes;
        }

        static JsonNode request(Exchange ex) throws Exception {
            return JSON.readTree(bytes(ex));
        }

        /** As camel-http does, the answer keeps the request's headers (among them the error handler's counters). */
        static void answer(Exchange ex, int status, Object body) throws Exception {
            ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            ex.getMessage().setBody(body instanceof String s ? s : JSON.writeValueAsString(body));
        }

        /** How long a login takes (to let concurrent callers meet in it). */
        volatile long loginDelayMs;

        synchronized void login(Exchange ex) throws Exception {
            if (loginDelayMs > 0) {
                Thread.sleep(loginDelayMs);
            }
            JsonNode req = request(ex);
            assertThat(req.path("parameters").toString()).isEqualTo("[\"acct\",\"user\",\"pw\",2052]");
            logins.add(req);
            events.add("login");
            ObjectNode a = JSON.createObjectNode();
            a.put("LoginResultType", 1);
            a.put("KDSVCSessionId", "sid-" + (++sessions));
            a.put("IsSuccessByAPI", true);
            answer(ex, 200, a);
        }

        String sessionOf(Exchange ex) {
            return ex.getMessage().getHeader("kdservice-sessionid", String.class);
        }

        void batchSave(Exchange ex) throws Exception {
            byte[] raw = bytes(ex);
            JsonNode req = JSON.readTree(raw);
            assertThat(req.path("formid").asText()).isEqualTo("BD_Customer");
            SaveScript script;
            synchronized (this) {
                rawSaves.add(raw);
                saves.add(req);
                saveSessions.add(sessionOf(ex));
                events.add("batch-save");
                script = saveScripts.poll();
            }
            assertThat(sessionOf(ex)).as("the session of the last login").isEqualTo("sid-" + sessions);
            int now = savesInFlight.incrementAndGet();
            maxSavesInFlight.accumulateAndGet(now, Math::max);
            try {
                if (saveDelayMs > 0) {
                    Thread.sleep(saveDelayMs);
                }
                (script == null ? otherwise : script).answer(this, ex, req);
            } finally {
                savesInFlight.decrementAndGet();
            }
        }

        /** How long a BatchSave takes; how many were in flight at once (kingdee.writers). */
        volatile long saveDelayMs;
        final java.util.concurrent.atomic.AtomicInteger savesInFlight = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxSavesInFlight = new java.util.concurrent.atomic.AtomicInteger();

        /** Saves every row and answers success per DIndex. */
        static void saveAll(FakeKingdee k, Exchange ex, JsonNode req) throws Exception {
            k.saveExcept(ex, req, Map.of());
        }

        /** Saves every row but those of {@code errors} (DIndex → [FieldName, Message]), answered per DIndex. */
        void saveExcept(Exchange ex, JsonNode req, Map<Integer, String[]> errors) throws Exception {
            ArrayNode ok = JSON.createArrayNode();
            ArrayNode err = JSON.createArrayNode();
            JsonNode model = req.path("data").path("Model");
            for (int i = 0; i < model.size(); i++) {
                String[] e = errors.get(i);
                if (e != null) {
                    err.addObject().put("FieldName", e[0]).put("Message", e[1]).put("DIndex", i);
                    continue;
                }
                String number = model.get(i).path("FNumber").asText();
                String id = store(number);
                ok.addObject().put("Id", Long.parseLong(id)).put("Number", number).put("DIndex", i);
            }
            answer(ex, 200, operation(errors.isEmpty(), errors.isEmpty() ? 0 : 11, ok, err));
        }

        /** Kingdee writes the rows of the given DIndexes, then the answer never arrives as a business answer. */
        void executeOnly(JsonNode req, Set<Integer> indexes) {
            JsonNode model = req.path("data").path("Model");
            for (int i = 0; i < model.size(); i++) {
                if (indexes.contains(i)) {
                    store(model.get(i).path("FNumber").asText());
                }
            }
        }

        synchronized String store(String number) {
            return stored.computeIfAbsent(number, n -> Integer.toString(nextId++));
        }

        static ObjectNode operation(boolean success, int msgCode, ArrayNode ok, ArrayNode errors) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode status = root.putObject("Result").putObject("ResponseStatus");
            if (!success) {
                status.put("ErrorCode", 500);
            }
            status.put("IsSuccess", success);
            status.set("Errors", errors);
            status.set("SuccessEntitys", ok);
            status.putArray("SuccessMessages");
            status.put("MsgCode", msgCode);
            return root;
        }

        /** MsgCode 1: the session is gone, nothing was executed. */
        static void sessionLost(FakeKingdee k, Exchange ex, JsonNode req) throws Exception {
            ArrayNode err = JSON.createArrayNode();
            err.addObject().putNull("FieldName").put("Message", "会话信息已丢失，请重新登录").put("DIndex", 0);
            answer(ex, 200, operation(false, 1, JSON.createArrayNode(), err));
        }

        void allocate(Exchange ex) throws Exception {
            JsonNode req = request(ex);
            assertThat(req.path("formid").asText()).isEqualTo("BD_Customer");
            assertThat(sessionOf(ex)).isEqualTo("sid-" + sessions);
            allocates.add(req);
            events.add("allocate");
            ArrayNode ok = JSON.createArrayNode();
            String[] ids = req.path("data").path("PkIds").asText().split(",");
            for (int i = 0; i < ids.length; i++) {
                assertThat(stored.values()).as("Allocate of an FCUSTID Kingdee issued").contains(ids[i]);
                ok.addObject().put("Id", Long.parseLong(ids[i])).put("Number", "").put("DIndex", i);
            }
            answer(ex, 200, operation(true, 0, ok, JSON.createArrayNode()));
        }

        private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");

        /** ExecuteBillQuery on FCUSTID,FNumber,FUseOrgId.FNumber: the stored rows of the numbers in the filter. */
        void billQuery(Exchange ex) throws Exception {
            JsonNode req = request(ex);
            assertThat(sessionOf(ex)).isEqualTo("sid-" + sessions);
            queries.add(req);
            events.add("bill-query");
            JsonNode data = req.path("data");
            assertThat(data.path("FormId").asText()).isEqualTo("BD_Customer");
            assertThat(data.path("FieldKeys").asText()).isEqualTo("FCUSTID,FNumber,FUseOrgId.FNumber");
            List<String> literals = new ArrayList<>();
            Matcher m = LITERAL.matcher(data.path("FilterString").asText());
            while (m.find()) {
                literals.add(m.group(1).replace("''", "'"));
            }
            String org = literals.remove(literals.size() - 1);
            ArrayNode rows = JSON.createArrayNode();
            for (String number : literals) {
                String id = stored.get(number);
                if (id != null) {
                    rows.addArray().add(Long.parseLong(id)).add(number).add(org);
                }
            }
            answer(ex, 200, rows);
        }

        /** FNumbers of the Model rows of the n-th BatchSave (0-based). */
        List<String> savedNumbers(int n) {
            return modelValues(saves.get(n), "FNumber");
        }
    }
}
