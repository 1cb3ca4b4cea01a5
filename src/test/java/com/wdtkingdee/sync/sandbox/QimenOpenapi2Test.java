package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.wdt.Openapi2RequestBuilder;
import com.wdtkingdee.sync.wdt.Openapi2Signer;
import com.wdtkingdee.sync.wdt.QimenRequestBuilder;
import com.wdtkingdee.sync.wdt.WdtApiException;
import com.wdtkingdee.sync.wdt.WdtCredentials;
import com.wdtkingdee.sync.wdt.WdtPage;
import com.wdtkingdee.sync.wdt.WdtQuery;
import com.wdtkingdee.sync.wdt.WdtResponseParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The direct 旺店通·企业版 openapi2 protocol of {@link QimenSimulator}: hand-made requests signed with the
 * reference's published signs (§3.1 test vector 2), error codes, the {@code code}/{@code total_count} envelope, the
 * shared "qimen" faults, and a round trip through the product's {@link Openapi2RequestBuilder} and
 * {@link WdtResponseParser#parseOpenapi2}.
 */
class QimenOpenapi2Test {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2024-05-20 10:02 in Shanghai = epoch 1716170520; vector 2 is stamped 1716170400 (10:00). */
    static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 20, 10, 2, 0);
    static final String APP_KEY = "demo2-ot";
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String SID = "demo2";

    private QimenSimulator sim;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() {
        sim = new QimenSimulator(new QimenSimulator.Config(APP_KEY, SECRET, "21363512", SID, SHANGHAI,
                Clock.fixed(NOW.atZone(SHANGHAI).toInstant(), SHANGHAI)));
        sim.start();
        sim.addOrders(List.of(
                QimenSimulatorTest.order(2001, "002", 95, "2024-05-20 09:10:00", "2024-05-20 09:10:00"),
                QimenSimulatorTest.order(2002, "003", 95, "2024-05-20 09:20:00", "2024-05-20 09:20:00"),
                QimenSimulatorTest.order(2003, "天猫旗舰店", 95, "2024-05-20 09:30:00", "2024-05-20 09:30:00"),
                QimenSimulatorTest.order(2004, "002", 110, "2024-05-20 09:40:00", "2024-05-20 09:40:00"),
                QimenSimulatorTest.order(2005, "002", 95, "2024-05-20 09:50:00", "2024-05-20 09:50:00"),
                QimenSimulatorTest.order(2006, "002", 95, "2024-05-20 11:00:00", "2024-05-20 11:00:00")));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Reference §3.1 test vector 2, without its sign. */
    static Map<String, String> vector2() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("appkey", APP_KEY);
        p.put("end_time", "2024-05-20 10:00:00");
        p.put("page_no", "0");
        p.put("page_size", "100");
        p.put("sid", SID);
        p.put("start_time", "2024-05-20 09:00:00");
        p.put("status", "95");
        p.put("timestamp", "1716170400");
        return p;
    }

    static Map<String, String> signed(Map<String, String> p) {
        Map<String, String> s = new TreeMap<>(p);
        s.remove("sign");
        s.put("sign", Openapi2Signer.sign(s, SECRET));
        return s;
    }

    HttpResponse<String> post(Map<String, String> params) throws Exception {
        return TestHttp.postForm(http, sim.openapi2Url(), TestHttp.form(params));
    }

    JsonNode call(Map<String, String> params) throws Exception {
        HttpResponse<String> r = post(params);
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHttp.json(r);
    }

    static List<Long> ids(JsonNode root) {
        return root.get("stockout_list").findValues("stockout_id").stream().map(JsonNode::asLong).toList();
    }

    @Test
    void urlIsTheOpenapi2PathOnTheSamePort() {
        assertThat(sim.openapi2Url()).isEqualTo(sim.url().replace("/router/qm",
                "/openapi2/stockout_order_query_trade.php"));
    }

    @Test
    void referenceVector2IsAcceptedWithItsPublishedSign() throws Exception {
        Map<String, String> p = vector2();
        p.put("sign", "a03681034c79119531808226f4d6ff57");

        JsonNode r = call(p);

        assertThat(r.get("code").asInt()).isZero();
        assertThat(r.get("message").asText()).isEmpty();
        assertThat(r.has("response")).isFalse();
        assertThat(r.get("total_count").asInt()).isEqualTo(4);
        assertThat(ids(r)).containsExactly(2001L, 2002L, 2003L, 2005L);
    }

    @Test
    void lengthsAreCountedInCharactersAsTheOfficialSdks() throws Exception {
        Map<String, String> p = vector2();
        p.put("shop_no", "天猫旗舰店");
        p.put("sign", "db7db686a2039f6c369407541a9aff39");
        Map<String, String> byteLength = new LinkedHashMap<>(p);
        byteLength.put("sign", "e1a0e9a1de893bf5edc9762a79ce9647");

        JsonNode ok = call(p);
        JsonNode refused = call(byteLength);

        assertThat(ok.get("code").asInt()).isZero();
        assertThat(ids(ok)).containsExactly(2003L);
        assertThat(refused.get("code").asInt()).isEqualTo(2100);
        assertThat(refused.get("message").asText()).isEqualTo("签名错误");
    }

    /** {@code key=value} changes applied to vector 2 before signing ("-" removes the key). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "appkey=other-app            | 2030",
            "appkey=-                    | 2030",
            "sid=other-sid               | 2060",
            "sid=-                       | 2060",
            "page_size=0                 | 2220",
            "page_size=101               | 2220",
            "page_size=x                 | 2220",
            "start_time=-                | 100",
            "start_time=2024-04-01 00:00:00 | 100",
            "timestamp=1716170159        | 2104",
            "timestamp=1716170881        | 2104",
            "timestamp=2024-05-20 10:00:00 | 2104",
            "timestamp=-                 | 2104",
            "warehouse_no=               | 100"})
    void invalidRequestsGetTheirErrorCode(String change, int code) throws Exception {
        Map<String, String> p = vector2();
        String key = change.substring(0, change.indexOf('=')).strip();
        String value = change.substring(change.indexOf('=') + 1).strip();
        if (value.equals("-")) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        Map<String, String> s = signed(p);
        if (value.isEmpty()) {
            s.put(key, ""); // Openapi2Signer leaves empty values out of the sign; send it anyway
        }

        JsonNode r = call(s);

        assertThat(r.get("code").asInt()).isEqualTo(code);
        assertThat(r.get("message").asText()).isNotBlank();
        assertThat(r.has("stockout_list")).isFalse();
        assertThat(r.has("total_count")).isFalse();
    }

    @Test
    void noWindowAndNoOrderNumberIs2900() throws Exception {
        Map<String, String> p = vector2();
        p.remove("start_time");
        p.remove("end_time");

        JsonNode r = call(signed(p));

        assertThat(r.get("code").asInt()).isEqualTo(2900);
        assertThat(r.get("message").asText()).isEqualTo("时间范围与订单编号不能全部为空");
    }

    @Test
    void aTamperedValueOrAWrongSecretIsASignError() throws Exception {
        Map<String, String> tampered = signed(vector2());
        tampered.put("page_size", "99");
        Map<String, String> otherSecret = new TreeMap<>(vector2());
        otherSecret.put("sign", Openapi2Signer.sign(otherSecret, "not-the-secret"));
        Map<String, String> upper = signed(vector2());
        upper.put("sign", upper.get("sign").toUpperCase());

        assertThat(call(tampered).get("code").asInt()).isEqualTo(2100);
        assertThat(call(otherSecret).get("code").asInt()).isEqualTo(2100);
        assertThat(call(upper).get("code").asInt()).isEqualTo(2100);
        Map<String, String> unsigned = new TreeMap<>(vector2());
        assertThat(call(unsigned).get("code").asInt()).isEqualTo(2100);
    }

    @Test
    void onlyAFormPostIsAccepted() throws Exception {
        String query = TestHttp.form(signed(vector2()));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(sim.openapi2Url() + "?" + query))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = TestHttp.postJson(http, sim.openapi2Url(), "{\"appkey\":\"demo2-ot\"}");
        HttpResponse<String> otherPath = TestHttp.postForm(http, sim.openapi2Url().replace("stockout_order_query_trade",
                "trade_query"), query);

        assertThat(TestHttp.json(get).get("code").asInt()).isEqualTo(100);
        assertThat(TestHttp.json(json).get("code").asInt()).isEqualTo(100);
        assertThat(otherPath.statusCode()).isEqualTo(404);
    }

    @Test
    void qimenParametersAreNotOpenapi2Parameters() throws Exception {
        Map<String, String> qimenStyle = new TreeMap<>(vector2());
        qimenStyle.remove("appkey");
        qimenStyle.put("app_key", APP_KEY);
        JsonNode r = call(signed(qimenStyle));
        assertThat(r.get("code").asInt()).isEqualTo(2030);
    }

    @Test
    void theProductBuilderAndParserPageThroughTheWindowWithTotalCountOnPageZeroOnly() throws Exception {
        Openapi2RequestBuilder builder = new Openapi2RequestBuilder(new WdtCredentials(APP_KEY, SECRET, null, SID),
                SHANGHAI, Clock.fixed(NOW.atZone(SHANGHAI).toInstant(), SHANGHAI));
        WdtResponseParser parser = new WdtResponseParser(new ObjectMapper());
        WdtQuery first = new WdtQuery(LocalDateTime.of(2024, 5, 20, 9, 0), LocalDateTime.of(2024, 5, 20, 10, 0), 0, 2,
                Map.of("status", "95,110", "shop_no", ""));

        WdtPage p0 = parse(parser, builder.params(first));
        WdtPage p1 = parse(parser, builder.params(first.withPageNo(1)));
        WdtPage p2 = parse(parser, builder.params(first.withPageNo(2)));
        HttpResponse<String> raw1 = TestHttp.postForm(http, sim.openapi2Url(),
                QimenRequestBuilder.formBody(builder.params(first.withPageNo(1))));

        assertThat(p0.totalCount()).isEqualTo(5L);
        assertThat(p0.orders()).extracting(StockoutOrder::stockoutId).containsExactly("2001", "2002");
        assertThat(p1.orders()).extracting(StockoutOrder::stockoutId).containsExactly("2003", "2004");
        assertThat(p2.orders()).extracting(StockoutOrder::stockoutId).containsExactly("2005");
        assertThat(TestHttp.json(raw1).has("total_count")).isFalse();
        assertThat(sim.requestLog()).hasSize(4).allMatch(l -> l.startsWith("openapi2 stockout_order_query_trade.php"))
                .noneMatch(l -> l.contains(SECRET) || l.contains("sign"));
    }

    private WdtPage parse(WdtResponseParser parser, Map<String, String> params) throws Exception {
        HttpResponse<String> r = TestHttp.postForm(http, sim.openapi2Url(), QimenRequestBuilder.formBody(params));
        return parser.parseOpenapi2(r.statusCode(), r.body());
    }

    @Test
    void qimenFaultsApplyToOpenapi2Too() throws Exception {
        WdtResponseParser parser = new WdtResponseParser(new ObjectMapper());
        sim.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.BUSY);
        sim.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.RATE_LIMIT_BAN);
        sim.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.HTTP_500);
        sim.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.TRUNCATED_JSON);
        Map<String, String> p = signed(vector2());

        HttpResponse<String> busy = post(p);
        HttpResponse<String> ban = post(p);
        HttpResponse<String> http500 = post(p);
        HttpResponse<String> truncated = post(p);
        JsonNode ok = call(p);

        assertThat(TestHttp.json(busy).get("code").asInt()).isEqualTo(1012);
        assertThat(TestHttp.json(ban).get("code").asInt()).isEqualTo(1012);
        WdtApiException e = catchThrowableOfType(WdtApiException.class,
                () -> parser.parseOpenapi2(busy.statusCode(), busy.body()));
        assertThat(e.code()).isEqualTo("1012");
        assertThat(e.retryable()).isTrue();
        assertThat(http500.statusCode()).isEqualTo(500);
        assertThat(catchThrowableOfType(WdtApiException.class,
                () -> parser.parseOpenapi2(truncated.statusCode(), truncated.body())).retryable()).isTrue();
        assertThat(ok.get("code").asInt()).isZero();
        assertThat(sim.faults().applied()).containsExactly("qimen:BUSY", "qimen:RATE_LIMIT_BAN", "qimen:HTTP_500",
                "qimen:TRUNCATED_JSON");
        assertThat(sim.calls()).isEqualTo(5);
    }

    @Test
    void aQimenFaultHitsWhicheverEndpointIsCalledNext() throws Exception {
        sim.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.BUSY);

        JsonNode openapi2 = call(signed(vector2()));
        JsonNode qimen = TestHttp.json(TestHttp.postForm(http, sim.url(), TestHttp.form(qimenBase())));

        assertThat(openapi2.get("code").asInt()).isEqualTo(1012);
        assertThat(qimen.at("/response/errorcode").asInt()).as(qimen.toString()).isZero();
        assertThat(qimen.at("/response/flag").isMissingNode()).as(qimen.toString()).isTrue();
        assertThat(qimen.at("/response/total_count").asInt()).isEqualTo(5);
    }

    /** Qimen parameters for this simulator's credentials (the TOP signature uses the same secret). */
    private static Map<String, String> qimenBase() {
        Map<String, String> p = QimenSimulatorTest.base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        p.put("app_key", APP_KEY);
        p.put("sid", SID);
        p.put("timestamp", "2024-05-20 10:02:00");
        Map<String, String> s = new TreeMap<>(p);
        s.put("sign", com.wdtkingdee.sync.wdt.QimenSigner.sign(s, SECRET));
        return s;
    }

    @Test
    void timestampToleranceIsFiveMinutesInclusive() throws Exception {
        Map<String, String> edge = vector2();
        edge.put("timestamp", Long.toString(NOW.atZone(SHANGHAI).toEpochSecond() - Duration.ofMinutes(5).toSeconds()));
        assertThat(call(signed(edge)).get("code").asInt()).isZero();
    }
}
