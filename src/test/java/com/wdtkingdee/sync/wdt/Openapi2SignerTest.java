package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class Openapi2SignerTest {

    static final String SECRET2 = "0123456789abcdef0123456789abcdef";

    static Map<String, String> vector1Params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sid", "test2");
        p.put("appkey", "test2-xx");
        p.put("timestamp", "1470042310");
        p.put("start_time", "2016-08-01 12:00:00");
        p.put("end_time", "2016-08-01 13:00:00");
        p.put("page_size", "40");
        p.put("page_no", "0");
        return p;
    }

    static Map<String, String> vector2Params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sid", "demo2");
        p.put("appkey", "demo2-ot");
        p.put("timestamp", "1716170400");
        p.put("start_time", "2024-05-20 09:00:00");
        p.put("end_time", "2024-05-20 10:00:00");
        p.put("page_no", "0");
        p.put("page_size", "100");
        p.put("status", "95");
        return p;
    }

    @Test
    void vector1() {
        assertThat(Openapi2Signer.canonical(vector1Params())).isEqualTo(
                "06-appkey:0008-test2-xx;08-end_time:0019-2016-08-01 13:00:00;07-page_no:0001-0;"
                        + "09-page_size:0002-40;03-sid:0005-test2;10-start_time:0019-2016-08-01 12:00:00;"
                        + "09-timestamp:0010-1470042310");
        assertThat(Openapi2Signer.sign(vector1Params(), "12345")).isEqualTo("ad4e6fe037ea6e3ba4768317be9d1309");
    }

    @Test
    void vector2() {
        assertThat(Openapi2Signer.canonical(vector2Params())).isEqualTo(
                "06-appkey:0008-demo2-ot;08-end_time:0019-2024-05-20 10:00:00;07-page_no:0001-0;"
                        + "09-page_size:0003-100;03-sid:0005-demo2;10-start_time:0019-2024-05-20 09:00:00;"
                        + "06-status:0002-95;09-timestamp:0010-1716170400");
        assertThat(Openapi2Signer.sign(vector2Params(), SECRET2)).isEqualTo("a03681034c79119531808226f4d6ff57");
    }

    @Test
    void vector2WithChineseShopNoCountsCharactersNotBytes() {
        Map<String, String> p = vector2Params();
        p.put("shop_no", "天猫旗舰店");
        assertThat(Openapi2Signer.canonical(p))
                .contains("09-page_size:0003-100;07-shop_no:0005-天猫旗舰店;03-sid:0005-demo2");
        assertThat(Openapi2Signer.sign(p, SECRET2)).isEqualTo("db7db686a2039f6c369407541a9aff39")
                .isNotEqualTo("e1a0e9a1de893bf5edc9762a79ce9647");
    }

    @Test
    void emptyValuesAndSignAreNotSigned() {
        Map<String, String> p = new HashMap<>(vector2Params());
        p.put("sign", "abc");
        p.put("warehouse_no", "");
        p.put("src_tid", null);
        assertThat(Openapi2Signer.canonical(p)).doesNotContain("sign").doesNotContain("warehouse_no")
                .doesNotContain("src_tid");
        assertThat(Openapi2Signer.sign(p, SECRET2)).isEqualTo("a03681034c79119531808226f4d6ff57");
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "k|v|01-k:0001-v",
            "page_no|0|07-page_no:0001-0",
            "a_key_with_more_than_ten|x|24-a_key_with_more_than_ten:0001-x",
    })
    void lengthPrefixes(String key, String value, String piece) {
        assertThat(Openapi2Signer.canonical(Map.of(key, value))).isEqualTo(piece);
    }

    @Test
    void valueLengthLongerThanFourDigitsIsPrintedAsIs() {
        String value = "x".repeat(12345);
        assertThat(Openapi2Signer.canonical(Map.of("src_tid", value))).isEqualTo("07-src_tid:12345-" + value);
    }

    @Test
    void supplementaryCharacterCountsAsOne() {
        assertThat(Openapi2Signer.canonical(Map.of("remark", "a\uD83D\uDE00"))).isEqualTo("06-remark:0002-a\uD83D\uDE00");
    }

    @Test
    void signIsLowercaseHex() {
        assertThat(Openapi2Signer.sign(vector1Params(), "other")).matches("[0-9a-f]{32}");
    }
}
