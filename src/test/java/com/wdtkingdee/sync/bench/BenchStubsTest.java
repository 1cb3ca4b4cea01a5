package com.wdtkingdee.sync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.kingdee.KingdeeFilters;
import com.wdtkingdee.sync.kingdee.KingdeeRequests;
import com.wdtkingdee.sync.kingdee.KingdeeResponses;
import com.wdtkingdee.sync.kingdee.KingdeeServices;
import com.wdtkingdee.sync.kingdee.OperationResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's own pieces that its verdicts rest on: the repeat feed's customers, the 金蝶 stub's streaming
 * reading of what the product sends, and its answers (unique numbers, lookups, per-window counts).
 */
class BenchStubsTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2026, 11, 1, 0, 0);

    @Test
    void repeatFeedRepeatsTitlesOfEarlierNewOrdersOfTheSameShopAboutHalfTheTime() {
        OrderFeed feed = new OrderFeed(20_000, FROM, FROM.plusDays(1), true);
        int repeats = 0;
        int titled = 0;
        for (int i = 0; i < feed.count(); i++) {
            int src = feed.source(i);
            if (i % 10 == 9) {
                assertThat(src).isEqualTo(-1);
                continue;
            }
            titled++;
            assertThat(src).isBetween(0, i);
            assertThat(src % OrderFeed.SHOPS.size()).isEqualTo(i % OrderFeed.SHOPS.size());
            assertThat(feed.source(src)).isEqualTo(src);
            if (src != i) {
                repeats++;
            }
        }
        assertThat(titled).isEqualTo((int) feed.titledOrders());
        assertThat(repeats / (double) titled).isBetween(0.45, 0.55);
        assertThat(feed.distinctCustomers()).isEqualTo(titled - repeats);
    }

    @Test
    void plainFeedHasOneCustomerPerTitledOrderAndPrerenderedJsonEqualsRenderedJson() throws Exception {
        OrderFeed plain = new OrderFeed(500, FROM, FROM.plusHours(1));
        assertThat(plain.distinctCustomers()).isEqualTo(plain.titledOrders());
        OrderFeed rendered = new OrderFeed(500, FROM, FROM.plusHours(1)).prerender();
        for (int i = 0; i < 500; i += 7) {
            assertThat(rendered.json(i)).isEqualTo(plain.json(i));
        }
        Map<?, ?> order = new ObjectMapper().readValue(plain.json(3), Map.class);
        assertThat(order.get("stockout_id")).isEqualTo((int) (OrderFeed.FIRST_ID + 3));
        assertThat((String) order.get("invoice_title")).endsWith("第3分公司");
    }

    @Test
    void kingdeeStubReadsTheProductsRequestsAndAnswersSavesDuplicatesLookupsAndAllocations() throws Exception {
        ObjectMapper json = new ObjectMapper();
        KingdeeRequests requests = new KingdeeRequests(json);
        KingdeeResponses responses = new KingdeeResponses(json);
        HttpClient http = HttpClient.newHttpClient();
        try (KingdeeStub k = new KingdeeStub("acct", "user", "pw", 0)) {
            String[] window = {"w1"};
            k.windowFrom(() -> window[0]);
            String login = post(http, k, KingdeeServices.VALIDATE_USER, null,
                    requests.validateUser("acct", "user", "pw", 2052).toString()).headers()
                    .allValues("Set-Cookie").get(0);
            String session = login.substring(login.indexOf('=') + 1, login.indexOf(';'));

            String save = requests.batchSave("BD_Customer", List.of(model("N-1", "BZ"), model("N-2", "BZ")), true)
                    .toString();
            KingdeeStub.Request parsed = KingdeeStub.Request.parse(save.getBytes(StandardCharsets.UTF_8));
            assertThat(parsed.formId).isEqualTo("BD_Customer");
            assertThat(parsed.verify).isTrue();
            assertThat(parsed.model).hasSize(2);
            assertThat(parsed.model.get(0)).containsEntry("FNumber", "N-1").containsEntry("FUseOrgId", "BZ")
                    .containsEntry("FGroup", "B11");

            OperationResult first = responses.parseOperation(200, post(http, k, KingdeeServices.BATCH_SAVE, session, save).body());
            assertThat(first.success()).isTrue();
            String id1 = first.savedAt(0).orElseThrow().id();

            window[0] = "w2";
            OperationResult again = responses.parseOperation(200, post(http, k, KingdeeServices.BATCH_SAVE, session,
                    requests.batchSave("BD_Customer", List.of(model("N-1", "BZ"), model("N-3", "BZ")), true)
                            .toString()).body());
            assertThat(again.savedAt(0)).isEmpty();
            assertThat(again.savedAt(1)).isPresent();
            assertThat(k.duplicateRows()).isEqualTo(1);
            assertThat(k.rejected()).isZero();
            assertThat(k.customers()).isEqualTo(3);

            String query = requests.executeBillQuery("BD_Customer", List.of("FCUSTID", "FNumber", "FUseOrgId.FNumber"),
                    KingdeeFilters.numbersInOrg(List.of("N-1", "N-9"), "BZ"), 0, 2).toString();
            List<List<com.fasterxml.jackson.databind.JsonNode>> rows = responses.parseBillQuery(200,
                    post(http, k, KingdeeServices.EXECUTE_BILL_QUERY, session, query).body());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get(0).asText()).isEqualTo(id1);
            assertThat(rows.get(0).get(1).asText()).isEqualTo("N-1");
            String otherOrg = requests.executeBillQuery("BD_Customer", List.of("FCUSTID", "FNumber",
                    "FUseOrgId.FNumber"), KingdeeFilters.numbersInOrg(List.of("N-1"), "DZ"), 0, 1).toString();
            assertThat(responses.parseBillQuery(200, post(http, k, KingdeeServices.EXECUTE_BILL_QUERY, session,
                    otherOrg).body())).isEmpty();

            OperationResult alloc = responses.parseOperation(200, post(http, k, KingdeeServices.ALLOCATE, session,
                    requests.allocate("BD_Customer", List.of(id1, id1), List.of(KingdeeStub.DISTRIBUTION_ORG_ID), true)
                            .toString()).body());
            assertThat(alloc.success()).isTrue();
            assertThat(k.allocated()).isEqualTo(2);
            assertThat(k.allocatedCustomers()).isEqualTo(1);

            Map<String, long[]> perWindow = k.perWindow();
            assertThat(perWindow.keySet()).containsExactly("w1", "w2");
            assertThat(perWindow.get("w1")).containsExactly(1, 2, 2);
            assertThat(perWindow.get("w2")).containsExactly(1, 2, 1);

            // without a live session a data call is refused (MsgCode 1) and counted
            post(http, k, KingdeeServices.BATCH_SAVE, "nope", save);
            assertThat(k.rejected()).isEqualTo(1);
        }
    }

    private static Map<String, Object> model(String number, String useOrg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FCUSTID", 0);
        m.put("FCreateOrgId", Map.of("FNumber", "100"));
        m.put("FNumber", number);
        m.put("FUseOrgId", Map.of("FNumber", useOrg));
        m.put("FName", "客户 " + number);
        m.put("FGroup", Map.of("FNumber", "B11"));
        m.put("FTRADINGCURRID", Map.of("FNumber", "PRE001"));
        return m;
    }

    private static HttpResponse<String> post(HttpClient http, KingdeeStub k, String service, String session,
                                             String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(k.baseUrl() + "Kingdee.BOS.WebApi.ServicesStub."
                        + service + ".common.kdsvc"))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (session != null) {
            b.header("Cookie", KingdeeStub.SESSION_COOKIE + "=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
