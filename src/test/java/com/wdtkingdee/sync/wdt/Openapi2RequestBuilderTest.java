package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Openapi2RequestBuilderTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Epoch 1716170400. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1716170400L), ZoneOffset.UTC);
    static final WdtCredentials CREDS = new WdtCredentials("demo2-ot", "0123456789abcdef0123456789abcdef", null, "demo2");

    static WdtQuery query(Map<String, String> extra) {
        return new WdtQuery(LocalDateTime.of(2024, 5, 20, 9, 0), LocalDateTime.of(2024, 5, 20, 10, 0), 0, 100, extra);
    }

    @Test
    void reproducesReferenceVector2() {
        Map<String, String> p = new Openapi2RequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(Map.of("status", "95")));
        assertThat(p.keySet()).containsExactly("sid", "appkey", "timestamp", "start_time", "end_time", "page_no",
                "page_size", "status", "sign");
        assertThat(p).containsEntry("timestamp", "1716170400").containsEntry("appkey", "demo2-ot")
                .containsEntry("sid", "demo2").containsEntry("sign", "a03681034c79119531808226f4d6ff57");
    }

    @Test
    void reproducesVector2WithChineseShopNo() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("status", "95");
        extra.put("shop_no", "天猫旗舰店");
        Map<String, String> p = new Openapi2RequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(extra));
        assertThat(p).containsEntry("sign", "db7db686a2039f6c369407541a9aff39");
    }

    @Test
    void neverSendsAnEmptyParam() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("status", "95");
        extra.put("warehouse_no", "");
        extra.put("src_tid", null);
        extra.put("stockout_no", "\t");
        Map<String, String> p = new Openapi2RequestBuilder(CREDS, SHANGHAI, CLOCK).params(query(extra));
        assertThat(p).doesNotContainKeys("warehouse_no", "src_tid", "stockout_no", "app_key", "target_app_key");
        assertThat(p.values()).allSatisfy(v -> assertThat(v).isNotBlank());
        assertThat(p).containsEntry("sign", "a03681034c79119531808226f4d6ff57");
    }

    @Test
    void targetAppKeyIsNotRequiredButSecretIs() {
        assertThat(new Openapi2RequestBuilder(CREDS, SHANGHAI, CLOCK).zone()).isEqualTo(SHANGHAI);
        assertThatThrownBy(() -> new Openapi2RequestBuilder(new WdtCredentials("k", " ", null, "s"), SHANGHAI, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appSecret");
    }
}
