package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KingdeeClientConfigTest {

    @Test
    void toStringMasksPassword() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "wdt_sync", "S3cret!pw", 2052,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(c.toString()).doesNotContain("S3cret!pw").contains("password=****").contains("wdt_sync");
    }

    @Test
    void nullTimeoutsGetDefaults() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "u", "", 2052, null, null);
        assertThat(c.connectTimeout()).isEqualTo(KingdeeClientConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.requestTimeout()).isEqualTo(KingdeeClientConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> new KingdeeClientConfig("", "a", "u", "p", 2052, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KingdeeClientConfig("http://erp/", " ", "u", "p", 2052, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KingdeeClientConfig("http://erp/", "a", "u", "p", 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KingdeeClientConfig("http://erp/", "a", "u", "p", 2052, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
