package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QimenSignerTest {

    static final String SECRET = "testsecret";

    /** Reference §3.2 test vector 3. */
    static Map<String, String> vector3() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("method", "wdt.stockout.order.query.trade");
        p.put("app_key", "12345678");
        p.put("target_app_key", "21363512");
        p.put("timestamp", "2024-05-20 10:05:00");
        p.put("format", "json");
        p.put("v", "2.0");
        p.put("sign_method", "md5");
        p.put("sid", "demo2");
        p.put("start_time", "2024-05-20 09:00:00");
        p.put("end_time", "2024-05-20 10:00:00");
        p.put("page_no", "0");
        p.put("page_size", "100");
        p.put("is_by_modified", "1");
        return p;
    }

    @Test
    void vector3CanonicalStringAndSign() {
        assertThat(QimenSigner.canonical(vector3(), SECRET)).isEqualTo(
                "testsecretapp_key12345678end_time2024-05-20 10:00:00formatjsonis_by_modified1"
                        + "methodwdt.stockout.order.query.tradepage_no0page_size100siddemo2sign_methodmd5"
                        + "start_time2024-05-20 09:00:00target_app_key21363512timestamp2024-05-20 10:05:00v2.0testsecret");
        assertThat(QimenSigner.sign(vector3(), SECRET)).isEqualTo("2E15473E0F4D6329A329C98AA1F7B221");
    }

    @Test
    void emptyValuesAreDropped() {
        Map<String, String> p = new HashMap<>(vector3());
        p.put("status", "");
        p.put("", "orphan");
        p.put("shop_no", null);
        assertThat(QimenSigner.canonical(p, SECRET)).doesNotContain("status").doesNotContain("orphan")
                .doesNotContain("shop_no");
        assertThat(QimenSigner.sign(p, SECRET)).isEqualTo("2E15473E0F4D6329A329C98AA1F7B221");
    }

    @Test
    void signKeyIsIgnored() {
        Map<String, String> p = new HashMap<>(vector3());
        p.put("sign", "WHATEVER");
        assertThat(QimenSigner.canonical(p, SECRET)).doesNotContain("WHATEVER");
        assertThat(QimenSigner.sign(p, SECRET)).isEqualTo("2E15473E0F4D6329A329C98AA1F7B221");
    }

    @Test
    void anyChangedValueChangesTheSign() {
        Map<String, String> p = new HashMap<>(vector3());
        p.put("page_no", "1");
        assertThat(QimenSigner.sign(p, SECRET)).isNotEqualTo("2E15473E0F4D6329A329C98AA1F7B221")
                .matches("[0-9A-F]{32}");
    }
}
