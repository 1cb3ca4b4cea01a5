package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.app.AppCamelConfig;
import com.wdtkingdee.sync.app.SyncBeans;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;
import com.wdtkingdee.sync.wdt.QimenSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YAML routes as shipped in {@code routes/}, booted by the application's own Camel Main configuration
 * ({@link AppCamelConfig}: application.properties, routes-include-pattern, SyncRuntime's values), with the HTTP call to 旺店通 replaced by a mock that answers with
 * canned pages and (per test) the batch route replaced by a mock: the wiring, the EIPs (aggregate, dead-letter
 * channel, camel-jdbc steps) and the error handling are real; Kingdee is a WireMock server behind the camel-http
 * endpoints of routes/kingdee.camel.yaml.
 */
class RouteChainTest extends CamelMainTestSupport {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-20T04:00:00Z"), ZoneOffset.UTC); // 12:00 Shanghai
    static final String SECRET = "route-test-secret";

    /** A Kingdee that logs in and then answers every BatchSave with HTTP 503 (its lookups find nothing). */
    static final WireMockServer KINGDEE = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @BeforeAll
    static void startKingdee() {
        KINGDEE.start();
        KINGDEE.stubFor(post(urlPathMatching(".*AuthService.ValidateUser.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Set-Cookie", "kdservice-sessionid=s1; path=/")
                .withBody("{\"LoginResultType\":1,\"KDSVCSessionId\":\"s1\",\"IsSuccessByAPI\":true}")));
        KINGDEE.stubFor(post(urlPathMatching(".*BatchSave.*")).willReturn(aResponse().withStatus(503).withBody("busy")));
        KINGDEE.stubFor(post(urlPathMatching(".*ExecuteBillQuery.*")).willReturn(aResponse().withStatus(200).withBody("[]")));
    }

    @AfterAll
    static void stopKingdee() {
        KINGDEE.stop();
    }

    private SyncBeans beans;
    private final List<String> pages = new ArrayList<>();
    private final AtomicInteger httpFailuresBeforeSuccess = new AtomicInteger();
    private final AtomicInteger reportedTotal = new AtomicInteger(-1);

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

    /** What the application hands Camel Main (SyncRuntime) with {@link #config()}; the beans bound as it binds them. */
    @Override
    public void configureContext(CamelContextConfiguration config) {
        super.configureContext(config);
        config.withUseOverridePropertiesWithPropertiesComponent(AppCamelConfig.overrides(Settings.from(config())));
        config.withRegistryBinder(registry -> beans().beans().forEach(registry::bind));
    }

    /** The application settings: batches of 2, pages of 3, a short retry ladder (2 redeliveries, 5 ms up to 20 ms). */
    private static ConfigSource config() {
        return new ConfigSource(Map.of(), Map.of(), Map.of())
                .override("sync.initial-start", "2024-05-20 09:00:00")
                .override("sync.batch-size", "2")
                .override("sync.retry.max-redeliveries", "2").override("sync.retry.delay-ms", "5")
                .override("sync.retry.multiplier", "2").override("sync.retry.max-delay-ms", "20")
                // one writer: the failure test counts the calls of the first batch alone (ChainRoutesTest covers
                // two writers)
                .override("kingdee.writers", "1")
                .override("wdt.url", "http://qimen.invalid/router/qm")
                .override("wdt.app-key", "app").override("wdt.app-secret", SECRET)
                .override("wdt.target-app-key", "21363512").override("wdt.sid", "sid")
                .override("wdt.page-size", "3")
                .override("kingdee.url", KINGDEE.baseUrl() + "/k3cloud/").override("kingdee.acct-id", "a")
                .override("kingdee.username", "u").override("kingdee.password", "p")
                .override("kingdee.timeout", "PT5S");
    }

    private SyncBeans beans() {
        if (beans == null) {
            TestDatabase.truncateAll();
            beans = new SyncBeans(Settings.from(config()), TestDatabase.dataSource(), CLOCK, CycleMode.ONCE);
        }
        return beans;
    }

    /** Every window a test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }

    @BeforeEach
    void loadRoutes() throws Exception {
        CamelContext ctx = context();
        beans().customerMapping().compile(ctx);
        assertThat(((ModelCamelContext) ctx).getRouteDefinitions()).as("routes/ loaded by the application's configuration")
                .extracting(r -> r.getRouteId()).contains("sync-cycle", "qimen-call", "write-batch", "dead-letter");
        AdviceWith.adviceWith(ctx, "qimen-call", a -> a.weaveById("qimen-http").replace().process(this::answerQimen));
    }

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

    /** The canned source: pages of 3 of five orders; a page number past the end answers an empty list. */
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
                .containsEntry("status", "95,105,110,113");
        pages.add(form.get("page_no"));
        ex.getMessage().removeHeaders("*", "CamelRedelivery*");
        if (httpFailuresBeforeSuccess.getAndDecrement() > 0) {
            ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 502);
            ex.getMessage().setBody("<html><body>502 Bad Gateway</body></html>");
            return;
        }
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        List<Map<String, Object>> all = List.of(
                order("1", "002", "甲公司", "91330106MA2AAAAA1A"),
                order("2", "005", "乙公司", ""),
                order("3", "0099", "丙公司", ""),
                order("4", "002", "\u3000", ""),
                order("5", "003", " 甲公司 ", "91330106MA2AAAAA1A"));
        int page = Integer.parseInt(form.get("page_no"));
        List<Map<String, Object>> rows = all.subList(Math.min(all.size(), page * 3), Math.min(all.size(), page * 3 + 3));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("errorcode", 0);
        response.put("message", "");
        if (page == 0) {
            response.put("total_count", reportedTotal.get() >= 0 ? reportedTotal.get() : all.size());
        }
        response.put("stockout_list", rows);
        ex.getMessage().setBody(new ObjectMapper().writeValueAsString(Map.of("response", response)));
    }

    private CycleOutcome runCycle() {
        template.sendBody("direct:sync-cycle", null);
        return beans.syncCycle().lastOutcome();
    }

    @Test
    @SuppressWarnings("unchecked")
    void ordersAreFilteredMappedBatchedAndTheCheckpointAdvances() throws Exception {
        takeBatches();
        context.start();
        MockEndpoint batches = getMockEndpoint("mock:batches");
        batches.expectedMessageCount(1);

        CycleOutcome outcome = runCycle();

        assertThat(context.getRoute("sync-schedule")).as("no Quartz trigger outside service mode").isNull();
        batches.assertIsSatisfied();
        List<CustomerDraft> first = batches.getExchanges().get(0).getMessage().getBody(List.class);
        assertThat(first).extracting(CustomerDraft::name).containsExactly("甲公司", "乙公司");
        assertThat(first).extracting(CustomerDraft::useOrg).containsExactly("BZ", "DZ");
        // order 5 (" 甲公司 " of shop 003, also BZ) is the same customer as order 1, already in a batch of this
        // window: it is not batched again, so no second batch at the window's end
        assertThat(pages).containsExactly("0", "1");

        List<DeadLetter> dead = beans.deadLetters().open("customer-sync", null, null);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo("org-rule");
            assertThat(d.reason()).isEqualTo("no organisation rule for shop_no 0099");
            assertThat(d.itemKey()).isEqualTo("CK3");
            assertThat(d.payload()).contains("丙公司");
        });
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync"))
                .contains(Instant.parse("2024-05-20T03:59:00Z"));
        RunRow window = beans.runLog().recent("customer-sync", 10).stream()
                .filter(r -> "window".equals(r.kind())).findFirst().orElseThrow();
        assertThat(window.status()).isEqualTo("DONE");
        assertThat(window.pages()).isEqualTo(2);
        assertThat(window.orders()).isEqualTo(5);
        assertThat(window.filtered()).isEqualTo(1);
        assertThat(List.of(window.deadLettered(), window.saved(), window.repeated()))
                .as("parked CK3, new 甲公司 and 乙公司, repeated order 5").containsExactly(1, 2, 1);
    }

    /** The batches are taken by mock:batches instead of written: their customers count as new. */
    @SuppressWarnings("unchecked")
    private void takeBatches() throws Exception {
        AdviceWith.adviceWith(context, "write-batch", a -> a.weaveAddFirst().to("mock:batches").process(ex ->
                ((List<CustomerDraft>) ex.getMessage().getBody(List.class)).forEach(d ->
                        BatchBuckets.of(ex).settle(d.number(), Bucket.NEW))).stop());
    }

    @Test
    void transientSourceFailuresAreRetriedWithoutLosingThePage() throws Exception {
        takeBatches();
        context.start();
        httpFailuresBeforeSuccess.set(2);
        getMockEndpoint("mock:batches").expectedMessageCount(1);

        CycleOutcome outcome = runCycle();

        getMockEndpoint("mock:batches").assertIsSatisfied();
        assertThat(pages).containsExactly("0", "0", "0", "1");   // page 0 asked three times, then page 1
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
    }

    @Test
    void aWindowWhoseCountDoesNotMatchIsReadAgainThenFailsLoudly() throws Exception {
        AdviceWith.adviceWith(context, "write-batch", a -> a.weaveAddFirst().to("mock:batches").stop());
        context.start();
        reportedTotal.set(6);   // the source claims 6 orders but serves 5 (rows moved while paging)

        CycleOutcome outcome = runCycle();

        assertThat(pages).containsExactly("0", "1", "0", "1", "0", "1");   // first pass + wdt.rereads=2
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("read 5 distinct orders but total_count is 6");
        assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();
    }

    @Test
    void exhaustedSourceRetriesFailTheWindowAndKeepTheCheckpoint() throws Exception {
        AdviceWith.adviceWith(context, "write-batch", a -> a.weaveAddFirst().to("mock:batches").stop());
        context.start();
        httpFailuresBeforeSuccess.set(100);

        CycleOutcome outcome = runCycle();

        assertThat(pages).hasSize(3);   // first try + sync.retry.max-redeliveries=2
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("502");
        assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();
        assertThat(beans.runLog().recent("customer-sync", 10)).filteredOn(r -> "window".equals(r.kind()))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("FAILED"));
    }

    @Test
    void aKingdeeThatKeepsFailingFailsTheWindowInsteadOfParkingItsCustomers() throws Exception {
        context.start();

        CycleOutcome outcome = runCycle();

        // the first batch: first send + 2 redeliveries; a redelivery looks the rows up before sending them again
        assertThat(KINGDEE.findAll(postRequestedFor(urlPathMatching(".*BatchSave.*")))).hasSize(3);
        assertThat(KINGDEE.findAll(postRequestedFor(urlPathMatching(".*ExecuteBillQuery.*")))).hasSize(2 * 2);
        // an outage is not bad data: nothing parked at batch-save, the window fails, the checkpoint stays
        assertThat(beans.deadLetters().open("customer-sync", null, null)).extracting(DeadLetter::stage)
                .doesNotContain("batch-save");
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("Kingdee did not complete a batch of 2 customer(s) after 3 attempt(s)")
                .contains("503");
        assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();
        // the rows whose outcome is unknown stay SENDING: the next cycle looks them up before sending again
        assertThat(beans.registry().all()).extracting(r -> r.status().name()).containsOnly("SENDING");
    }

    @Test
    void aDeadLetterThatCannotBeWrittenFailsTheWindow() throws Exception {
        AdviceWith.adviceWith(context, "write-batch", a -> a.weaveAddFirst().to("mock:batches").stop());
        AdviceWith.adviceWith(context, "dead-letter", a -> a.weaveAddFirst().process(ex -> {
            throw new IllegalStateException("dead_letter table unavailable");
        }));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("dead_letter table unavailable");
        assertThat(new CheckpointStore(TestDatabase.dataSource()).get("customer-sync")).isEmpty();
    }
}
