package com.wdtkingdee.sync.customer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrgRuleTest {

    private final OrgRule rule = OrgRule.of(defaults());

    static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DZ", "005,006,007,0081,0091");
        m.put("BZ", "002,003,004,0071");
        return m;
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "005,DZ", "006,DZ", "007,DZ", "0081,DZ", "0091,DZ",
            "002,BZ", "003,BZ", "004,BZ", "0071,BZ",
            "' 004 ',BZ",
            "008,NULL", "0092,NULL", "5,NULL", "'',NULL", "NULL,NULL"})
    void defaultTable(String shop, String org) {
        assertThat(rule.orgFor(shop).orElse(null)).isEqualTo(org);
    }

    @Test
    void shopClaimedByTwoOrgsIsRejected() {
        assertThatThrownBy(() -> OrgRule.of(Map.of("DZ", "005", "BZ", "005,002")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("005");
    }

    @Test
    void emptyShopListIsRejected() {
        assertThatThrownBy(() -> OrgRule.of(Map.of("DZ", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DZ");
        assertThatThrownBy(() -> OrgRule.of(Map.of("DZ", "005,,006")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty shop");
        assertThatThrownBy(() -> OrgRule.of(Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
