package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WdtQueryTest {

    static final LocalDateTime T0 = LocalDateTime.of(2024, 5, 20, 9, 0, 0);

    @ParameterizedTest(name = "[{index}] +{0}s page {1}/{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "3600     | 0  | 100 | ",
            "0        | 0  | 1   | ",
            "2592000  | 5  | 40  | ",
            "2592001  | 0  | 100 | longer than the API limit of 30 days",
            "-1       | 0  | 100 | before start",
            "3600     | -1 | 100 | pageNo must be >= 0",
            "3600     | 0  | 0   | pageSize must be between 1 and 100",
            "3600     | 0  | 101 | pageSize must be between 1 and 100",
    })
    void validation(long spanSeconds, int pageNo, int pageSize, String error) {
        LocalDateTime end = T0.plusSeconds(spanSeconds);
        if (error == null) {
            WdtQuery q = new WdtQuery(T0, end, pageNo, pageSize, null);
            assertThat(q.end()).isEqualTo(end);
            assertThat(q.extra()).isEmpty();
        } else {
            assertThatThrownBy(() -> new WdtQuery(T0, end, pageNo, pageSize, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(error);
        }
    }

    @ParameterizedTest
    @CsvSource({"sign", "sid", "page_no", "start_time", "appkey", "app_key", "timestamp"})
    void reservedKeysCannotBeOverridden(String key) {
        assertThatThrownBy(() -> new WdtQuery(T0, T0.plusHours(1), 0, 100, Map.of(key, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
    }

    @Test
    void blankExtraKeyIsRejected() {
        assertThatThrownBy(() -> new WdtQuery(T0, T0.plusHours(1), 0, 100, Map.of(" ", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank name");
    }

    @Test
    void extraIsAnUnmodifiableOrderedCopyThatKeepsNullValues() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("status", "95,105");
        extra.put("src_tid", null);
        extra.put("shop_nos", "002");
        WdtQuery q = new WdtQuery(T0, T0.plusHours(1), 0, 100, extra);
        extra.put("later", "x");
        assertThat(q.extra().keySet()).containsExactly("status", "src_tid", "shop_nos");
        assertThatThrownBy(() -> q.extra().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withPageNoKeepsEverythingElse() {
        WdtQuery q = new WdtQuery(T0, T0.plusHours(1), 0, 40, new HashMap<>(Map.of("status", "95")));
        WdtQuery p3 = q.withPageNo(3);
        assertThat(p3.pageNo()).isEqualTo(3);
        assertThat(p3).isEqualTo(new WdtQuery(T0, T0.plusHours(1), 3, 40, Map.of("status", "95")));
        assertThat(WdtQuery.of(T0, T0, 0, 1).extra()).isEmpty();
    }
}
