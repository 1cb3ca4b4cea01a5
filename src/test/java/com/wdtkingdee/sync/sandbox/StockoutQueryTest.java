package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockoutQueryTest {

    static Map<String, String> params(String start, String end, String extra) {
        Map<String, String> p = new HashMap<>();
        if (!start.isEmpty()) {
            p.put("start_time", start);
        }
        if (!end.isEmpty()) {
            p.put("end_time", end);
        }
        if (extra != null && !extra.isEmpty()) {
            for (String kv : extra.split(";")) {
                String[] parts = kv.split("=", 2);
                p.put(parts[0], parts[1]);
            }
        }
        return p;
    }

    @ParameterizedTest(name = "{0}..{1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "2024-05-01 00:00:00 | 2024-05-31 00:00:00 |                      | 0",
            "2024-05-01 00:00:00 | 2024-05-31 00:00:01 |                      | 100",
            "2024-05-01 00:00:00 | 2024-05-01 00:00:00 |                      | 0",
            "2024-05-02 00:00:00 | 2024-05-01 23:59:59 |                      | 100",
            "2024-05-01          | 2024-05-02 00:00:00 |                      | 100",
            "                    |                     |                      | 2900",
            "                    |                     | src_order_no=JY1     | 0",
            "2024-05-01 00:00:00 |                     |                      | 100",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_size=100        | 0",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_size=1          | 0",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_size=101        | 2220",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_size=0          | 2220",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_no=-1           | 100",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | page_no=x            | 100",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | status=95,105,110,113| 0",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | status=95,x          | 100",
            "2024-05-01 00:00:00 | 2024-05-01 01:00:00 | is_by_modified=2     | 100"})
    void validatesBusinessParameters(String start, String end, String extra, int errorcode) {
        Map<String, String> p = params(start == null ? "" : start, end == null ? "" : end, extra);
        if (errorcode == 0) {
            try {
                assertThat(StockoutQuery.parse(p)).isNotNull();
            } catch (StockoutQuery.BusinessError e) {
                throw new AssertionError(e.code() + " " + e.getMessage());
            }
        } else {
            assertThatThrownBy(() -> StockoutQuery.parse(p)).isInstanceOfSatisfying(StockoutQuery.BusinessError.class,
                    e -> assertThat(e.code()).isEqualTo(errorcode));
        }
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({"9, 10, -1", "10, 9, 1", "1000000000000000000, 999, 1", "38120000000000000001, 38120000000000000002, -1",
            "a, b, -1", "7, 7, 0"})
    void idsSortNumericallyWhenNumeric(String a, String b, int sign) {
        assertThat(Integer.signum(StockoutQuery.compareIds(a, b))).isEqualTo(sign);
    }
}
