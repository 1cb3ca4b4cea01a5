package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QimenRequestBuilderTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2024-05-20 10:05:00 in Shanghai. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-20T02:05:00Z"), ZoneOffset.UTC);
    static final WdtCredentials CREDS = new WdtCredentials("12345678", "testsecret", "21363512", "demo2");

    static WdtQuery query(Map<String, String> extra) {
        return new WdtQuery(LocalDateTime.of(2024, 5, 20, 9, 0), LocalDateTime.of(2024, 5, 20, 10, 0), 0, 100, extra);
    }

    @Test
    void reproducesReferenceVector3() {
        Map<String, String> p = new QimenRequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(Map.of("is_by_modified", "1")));
        assertThat(p).isInstanceOf(LinkedHashMap.class);
        assertThat(p.keySet()).containsExactly("method", "app_key", "target_app_key", "timestamp", "format", "v",
                "sign_method", "sid", "start_time", "end_time", "page_no", "page_size", "is_by_modified", "sign");
        assertThat(p).containsEntry("method", "wdt.stockout.order.query.trade")
                .containsEntry("app_key", "12345678")
                .containsEntry("target_app_key", "21363512")
                .containsEntry("timestamp", "2024-05-20 10:05:00")
                .containsEntry("format", "json")
                .containsEntry("v", "2.0")
                .containsEntry("sign_method", "md5")
                .containsEntry("sid", "demo2")
                .containsEntry("start_time", "2024-05-20 09:00:00")
                .containsEntry("end_time", "2024-05-20 10:00:00")
                .containsEntry("page_no", "0")
                .containsEntry("page_size", "100")
                .containsEntry("sign", "2E15473E0F4D6329A329C98AA1F7B221");
        assertThat(p.values()).doesNotContain("testsecret");
    }

    @Test
    void timestampUsesTheGivenZone() {
        Map<String, String> p = new QimenRequestBuilder(CREDS, ZoneOffset.UTC, CLOCK).params(query(Map.of()));
        assertThat(p).containsEntry("timestamp", "2024-05-20 02:05:00");
    }

    @Test
    void blankExtrasAreNeverSentAndOthersKeepTheirOrder() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("status", "95,105,110,113");
        extra.put("src_order_no", "");
        extra.put("src_tid", "  ");
        extra.put("stockout_no", null);
        extra.put("shop_nos", "002,003,004,0071");
        Map<String, String> p = new QimenRequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(extra));
        assertThat(p).doesNotContainKeys("src_order_no", "src_tid", "stockout_no");
        assertThat(p.keySet()).containsSubsequence("page_size", "status", "shop_nos", "sign");
        assertThat(p.values()).allSatisfy(v -> assertThat(v).isNotBlank());
        assertThat(p.get("sign")).isEqualTo(QimenSigner.sign(p, "testsecret"));
    }

    @ParameterizedTest
    @CsvSource(value = {"'',s,t,d,appKey", "k,'',t,d,appSecret", "k,s,'',d,targetAppKey", "k,s,t,'',sid",
            "k,s,t,' ',sid"})
    void missingCredentialsFailFast(String key, String secret, String target, String sid, String name) {
        assertThatThrownBy(() -> new QimenRequestBuilder(new WdtCredentials(key, secret, target, sid), SHANGHAI, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void formBodyIsUtf8UrlEncodedInOrder() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("start_time", "2024-05-20 09:00:00");
        p.put("shop_nos", "002,003");
        p.put("shop_no", "天猫旗舰店");
        p.put("odd", "a&b=c+d");
        String body = QimenRequestBuilder.formBody(p);
        assertThat(body).isEqualTo("start_time=2024-05-20+09%3A00%3A00&shop_nos=002%2C003"
                + "&shop_no=%E5%A4%A9%E7%8C%AB%E6%97%97%E8%88%B0%E5%BA%97&odd=a%26b%3Dc%2Bd");
        assertThat(URLDecoder.decode(body.split("&")[2].substring("shop_no=".length()), StandardCharsets.UTF_8))
                .isEqualTo("天猫旗舰店");
    }

    @Test
    void formBodyOfBuiltParamsRoundTrips() {
        Map<String, String> p = new QimenRequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(Map.of("status", "95")));
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String pair : QimenRequestBuilder.formBody(p).split("&")) {
            String[] kv = pair.split("=", 2);
            decoded.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(decoded).containsExactlyEntriesOf(p);
    }

    @Test
    void describeOmitsSignAndSecret() {
        Map<String, String> p = new QimenRequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(Map.of("status", "95")));
        String d = QimenRequestBuilder.describe(p);
        assertThat(d).contains("method=wdt.stockout.order.query.trade").contains("page_no=0").contains("status=95")
                .doesNotContain("sign=").doesNotContain(p.get("sign")).doesNotContain("testsecret");
        assertThat(d).contains("sign_method=md5");
    }

    @Test
    void describeMasksAnythingNamedSecret() {
        assertThat(QimenRequestBuilder.describe(Map.of("appsecret", "hunter2"))).isEqualTo("{appsecret=****}");
    }
}
