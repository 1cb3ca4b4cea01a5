package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.wdt.QimenSigner;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTest {

    @Test
    void propertiesPointAtWorkingSimulatorsWithDemoOrders() throws Exception {
        try (Sandbox sandbox = Sandbox.start(5, 60, 2, Clock.systemUTC())) {
            Map<String, String> props = sandbox.properties();
            HttpClient http = TestHttp.cookieClient();
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

            Map<String, String> p = new TreeMap<>();
            p.put("method", "wdt.stockout.order.query.trade");
            p.put("app_key", props.get("wdt.app-key"));
            p.put("target_app_key", props.get("wdt.target-app-key"));
            p.put("sid", props.get("wdt.sid"));
            p.put("timestamp", LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(f));
            p.put("format", "json");
            p.put("v", "2.0");
            p.put("sign_method", "md5");
            p.put("start_time", sandbox.ordersFrom().format(f));
            p.put("end_time", sandbox.ordersTo().format(f));
            p.put("status", "95,105,110,113");
            p.put("page_size", "100");
            p.put("sign", QimenSigner.sign(p, props.get("wdt.app-secret")));
            JsonNode orders = TestHttp.json(TestHttp.postForm(http, props.get("wdt.url"), TestHttp.form(p)));

            JsonNode login = TestHttp.json(TestHttp.postJson(http, props.get("kingdee.url")
                    + KingdeeSimulatorTest.LOGIN, "{\"acctID\":\"" + props.get("kingdee.acct-id") + "\",\"username\":\""
                    + props.get("kingdee.username") + "\",\"password\":\"" + props.get("kingdee.password")
                    + "\",\"lcid\":2052}"));

            assertThat(orders.at("/response/errorcode").asInt()).isZero();
            assertThat(orders.at("/response/total_count").asInt()).isBetween(40, 60);
            assertThat(login.get("LoginResultType").asInt()).isEqualTo(1);
            assertThat(props.get("kingdee.url")).startsWith("http://127.0.0.1:").endsWith("/k3cloud/");
        }
    }
}
