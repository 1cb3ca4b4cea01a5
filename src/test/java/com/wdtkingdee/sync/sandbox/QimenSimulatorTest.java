package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.wdt.QimenSigner;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class QimenSimulatorTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 20, 10, 5, 0);
    static final String SECRET = "testsecret";

    private QimenSimulator sim;
    private final HttpClient http = TestHttp.client();

    @BeforeEach
    void start() {
        sim = new QimenSimulator(new QimenSimulator.Config("12345678", SECRET, "21363512", "demo2", SHANGHAI,
                Clock.fixed(NOW.atZone(SHANGHAI).toInstant(), SHANGHAI)));
        sim.start();
        sim.addOrders(List.of(
                order(1003, "002", 95, "2024-05-20 09:00:00", "2024-05-20 09:00:05"),
                order(1001, "003", 110, "2024-05-20 09:30:00", "2024-05-20 09:31:00"),
                order(1002, "005", 95, "2024-05-20 10:00:00", "2024-05-20 10:00:02"),
                order(1004, "002", 55, "2024-05-20 09:10:00", "2024-05-20 09:10:30"),
                order(1005, "002", 95, "2024-05-20 10:00:01", "2024-05-20 10:00:03"),
                order(1006, "0071", 113, "2024-05-20 08:59:59", "2024-05-20 09:00:00"),
                order(1007, "004", 5, "2024-05-20 09:15:00", "2024-05-20 09:20:00")));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static Map<String, Object> order(long id, String shop, int status, String consign, String modified) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stockout_id", id);
        o.put("order_no", "CK" + id);
        o.put("shop_no", shop);
        o.put("status", status);
        o.put("consign_time", consign);
        o.put("modified", modified);
        o.put("invoice_title", "杭州测试科技有限公司");
        o.put("invoice_content", "91330106MA27XF2C4J");
        return o;
    }

    /** The system and business parameters of a valid call, unsigned. */
    static Map<String, String> base(String start, String end) {
        Map<String, String> p = new TreeMap<>();
        p.put("method", "wdt.stockout.order.query.trade");
        p.put("app_key", "12345678");
        p.put("target_app_key", "21363512");
        p.put("sid", "demo2");
        p.put("timestamp", "2024-05-20 10:05:00");
        p.put("format", "json");
        p.put("v", "2.0");
        p.put("sign_method", "md5");
        p.put("start_time", start);
        p.put("end_time", end);
        return p;
    }

    static Map<String, String> signed(Map<String, String> p) {
        Map<String, String> s = new TreeMap<>(p);
        s.remove("sign");
        s.put("sign", QimenSigner.sign(s, SECRET));
        return s;
    }

    JsonNode call(Map<String, String> params) throws Exception {
        HttpResponse<String> r = TestHttp.postForm(http, sim.url(), TestHttp.form(params));
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHttp.json(r).get("response");
    }

    JsonNode window(String extraKey, String extraValue) throws Exception {
        Map<String, String> p = base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        if (extraKey != null) {
            p.put(extraKey, extraValue);
        }
        return call(signed(p));
    }

    static List<Long> ids(JsonNode response) {
        List<Long> ids = new ArrayList<>();
        response.get("stockout_list").forEach(o -> ids.add(o.get("stockout_id").asLong()));
        return ids;
    }

    @Test
    void referenceTestVector3IsAcceptedWithItsPublishedSign() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_key", "12345678");
        p.put("end_time", "2024-05-20 10:00:00");
        p.put("format", "json");
        p.put("is_by_modified", "1");
        p.put("method", "wdt.stockout.order.query.trade");
        p.put("page_no", "0");
        p.put("page_size", "100");
        p.put("sid", "demo2");
        p.put("sign_method", "md5");
        p.put("start_time", "2024-05-20 09:00:00");
        p.put("target_app_key", "21363512");
        p.put("timestamp", "2024-05-20 10:05:00");
        p.put("v", "2.0");
        p.put("sign", "2E15473E0F4D6329A329C98AA1F7B221");

        JsonNode r = call(p);

        assertThat(r.get("errorcode").asInt()).isZero();
        assertThat(r.has("flag")).isFalse();
        // is_by_modified=1 without status: shipped rows whose modified time is in the window
        assertThat(ids(r)).containsExactly(1001L, 1003L, 1006L);
    }

    @Test
    void signedRequestReturnsSortedPageWithTotalCountOnlyOnPageZero() throws Exception {
        Map<String, String> p = base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        p.put("status", "95,105,110,113");
        p.put("page_size", "2");
        p.put("page_no", "0");
        JsonNode page0 = call(signed(p));
        p.put("page_no", "1");
        JsonNode page1 = call(signed(p));

        assertThat(page0.get("errorcode").asInt()).isZero();
        assertThat(page0.get("message").asText()).isEmpty();
        assertThat(page0.get("total_count").asInt()).isEqualTo(3);
        assertThat(ids(page0)).containsExactly(1001L, 1002L);
        assertThat(page1.has("total_count")).isFalse();
        assertThat(ids(page1)).containsExactly(1003L);
        assertThat(page0.get("stockout_list").get(0).get("invoice_title").asText()).isEqualTo("杭州测试科技有限公司");
    }

    @Test
    void systemParametersInTheQueryStringAndBusinessInTheBodyAreAccepted() throws Exception {
        Map<String, String> all = signed(base("2024-05-20 09:00:00", "2024-05-20 10:00:00"));
        Map<String, String> query = new TreeMap<>();
        Map<String, String> body = new TreeMap<>(all);
        for (String k : List.of("method", "app_key", "target_app_key", "timestamp", "format", "v", "sign_method",
                "sign")) {
            query.put(k, body.remove(k));
        }
        HttpResponse<String> r = TestHttp.postForm(http, sim.url() + "?" + TestHttp.form(query),
                TestHttp.form(body));
        assertThat(TestHttp.json(r).at("/response/errorcode").asInt()).isZero();
        assertThat(TestHttp.json(r).at("/response/total_count").asInt()).isEqualTo(3);
    }

    @Test
    void badSignatureIsRejectedWithCode25() throws Exception {
        Map<String, String> p = signed(base("2024-05-20 09:00:00", "2024-05-20 10:00:00"));
        p.put("page_size", "100"); // added after signing

        JsonNode r = call(p);

        assertThat(r.get("flag").asText()).isEqualTo("failure");
        assertThat(r.get("code").asInt()).isEqualTo(25);
        assertThat(r.get("message").asText()).isEqualTo("Invalid signature");
        assertThat(r.get("request_id").asText()).isNotBlank();
        assertThat(r.has("stockout_list")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "2024-05-20 10:15:01, 31",
            "2024-05-20 09:54:59, 31",
            "2024/05/20 10:05:00, 31",
            "2024-05-20 10:15:00, 0",
            "2024-05-20 09:55:00, 0"})
    void timestampMustBeWithinTenMinutesOfTheSimulatorClock(String timestamp, int expectedCode) throws Exception {
        Map<String, String> p = base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        p.put("timestamp", timestamp);
        JsonNode r = call(signed(p));
        if (expectedCode == 0) {
            assertThat(r.get("errorcode").asInt()).isZero();
        } else {
            assertThat(r.get("code").asInt()).isEqualTo(expectedCode);
            assertThat(r.get("message").asText()).isEqualTo("Invalid Timestamp");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "app_key, 99999999, 29",
            "target_app_key, 11111111, 41",
            "sid, other, 41",
            "method, wdt.trade.query, 22",
            "format, xml, 23",
            "v, 1.0, 33",
            "sign_method, hmac, 41"})
    void systemParametersMustMatch(String key, String value, int code) throws Exception {
        Map<String, String> p = base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        p.put(key, value);
        JsonNode r = call(signed(p));
        assertThat(r.get("flag").asText()).isEqualTo("failure");
        assertThat(r.get("code").asInt()).isEqualTo(code);
    }

    @Test
    void onlyPostWithFormBodyIsAccepted() throws Exception {
        String query = TestHttp.form(signed(base("2024-05-20 09:00:00", "2024-05-20 10:00:00")));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(sim.url() + "?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = TestHttp.postJson(http, sim.url(), "{\"method\":\"x\"}");

        assertThat(TestHttp.json(get).at("/response/code").asInt()).isEqualTo(41);
        assertThat(TestHttp.json(json).at("/response/code").asInt()).isEqualTo(41);
    }

    @Test
    void windowOverThirtyDaysIsRejectedAndThirtyDaysIsAccepted() throws Exception {
        JsonNode tooLong = call(signed(base("2024-04-20 09:59:59", "2024-05-20 10:00:00")));
        JsonNode thirty = call(signed(base("2024-04-20 10:00:00", "2024-05-20 10:00:00")));

        assertThat(tooLong.get("errorcode").asInt()).isNotZero();
        assertThat(tooLong.get("message").asText()).contains("30");
        assertThat(tooLong.has("stockout_list")).isFalse();
        assertThat(thirty.get("errorcode").asInt()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "page_size, 101, 2220",
            "page_size, 0, 2220",
            "page_size, abc, 2220",
            "page_no, -1, 100",
            "end_time, 2024-05-20 08:00:00, 100",
            "start_time, 2024-05-20T09:00:00, 100",
            "status, 95;110, 100"})
    void invalidBusinessParametersAreRejected(String key, String value, int errorcode) throws Exception {
        JsonNode r = window(key, value);
        assertThat(r.get("errorcode").asInt()).isEqualTo(errorcode);
        assertThat(r.get("message").asText()).isNotBlank();
    }

    @Test
    void missingWindowIsRejectedWith2900() throws Exception {
        Map<String, String> p = base("x", "y");
        p.remove("start_time");
        p.remove("end_time");
        JsonNode r = call(signed(p));
        assertThat(r.get("errorcode").asInt()).isEqualTo(2900);
    }

    @Test
    void pageSizeDefaultsToForty() throws Exception {
        QimenSimulatorTestSupport.addDemo(sim, 120);
        JsonNode r = call(signed(base("2024-05-10 00:00:00", "2024-05-20 10:00:00")));
        assertThat(r.get("total_count").asInt()).isGreaterThan(40);
        assertThat(r.get("stockout_list")).hasSize(40);
    }

    @Test
    void windowIsClosedOnConsignTimeAndStatusFilterAppliesExactly() throws Exception {
        assertThat(ids(window("status", "95,105,110,113"))).containsExactly(1001L, 1002L, 1003L);
        assertThat(ids(window(null, null))).as("no status: shipped/completed only").containsExactly(1001L, 1002L,
                1003L);
        assertThat(ids(window("status", "95"))).containsExactly(1002L, 1003L);
        assertThat(ids(window("status", "55"))).as("status < 95 windows on modified").containsExactly(1004L);
    }

    @Test
    void shopFiltersSelectOnlyTheGivenShops() throws Exception {
        assertThat(ids(window("shop_nos", "002,003"))).containsExactly(1001L, 1003L);
        assertThat(ids(window("shop_no", "005"))).containsExactly(1002L);
        assertThat(ids(window("shop_nos", "0071"))).isEmpty();
    }

    @Test
    void pagingCoversEveryMatchingRowExactlyOnce() throws Exception {
        sim.clearOrders();
        List<Map<String, Object>> demo = DemoOrders.generate(7, 230, LocalDateTime.of(2024, 5, 19, 0, 0),
                LocalDateTime.of(2024, 5, 20, 9, 59, 59), List.of("002", "003", "004", "0071", "005"));
        sim.addOrders(demo);
        Set<Long> expected = new HashSet<>();
        for (Map<String, Object> o : demo) {
            if (Set.of(95, 105, 110, 113).contains((Integer) o.get("status"))
                    && Set.of("002", "003", "004", "0071").contains((String) o.get("shop_no"))) {
                expected.add((Long) o.get("stockout_id"));
            }
        }
        Map<String, String> p = base("2024-05-19 00:00:00", "2024-05-20 10:00:00");
        p.put("status", "95,105,110,113");
        p.put("shop_nos", "002,003,004,0071");
        p.put("page_size", "7");

        List<Long> seen = new ArrayList<>();
        int total = -1;
        for (int page = 0; ; page++) {
            p.put("page_no", Integer.toString(page));
            JsonNode r = call(signed(p));
            if (page == 0) {
                total = r.get("total_count").asInt();
            }
            List<Long> rows = ids(r);
            seen.addAll(rows);
            if (rows.size() < 7) {
                break;
            }
        }

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(total).isEqualTo(expected.size());
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    @Test
    void requestLogRecordsPagesWithoutSecrets() throws Exception {
        Map<String, String> p = base("2024-05-20 09:00:00", "2024-05-20 10:00:00");
        p.put("page_no", "3");
        call(signed(p));
        Map<String, String> bad = signed(p);
        bad.put("sign", "0000");
        call(bad);

        assertThat(sim.calls()).isEqualTo(2);
        assertThat(sim.requestLog()).hasSize(2);
        assertThat(sim.requestLog().get(0)).contains("wdt.stockout.order.query.trade", "page_no=3",
                "2024-05-20 09:00:00", "ok");
        assertThat(sim.requestLog().get(1)).contains("code 25");
        assertThat(String.join("\n", sim.requestLog())).doesNotContain(SECRET, signed(p).get("sign"));
    }

    @Test
    void configToStringMasksTheSecret() {
        assertThat(new QimenSimulator.Config("a", SECRET, "t", "s", SHANGHAI, Clock.systemUTC()).toString())
                .doesNotContain(SECRET);
    }
}
