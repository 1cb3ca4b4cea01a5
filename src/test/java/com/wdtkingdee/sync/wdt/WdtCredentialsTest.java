package com.wdtkingdee.sync.wdt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WdtCredentialsTest {

    @Test
    void toStringMasksTheSecret() {
        WdtCredentials c = new WdtCredentials("12345678", "s3cr3t-value", "21363512", "demo2");
        assertThat(c.toString()).doesNotContain("s3cr3t-value").contains("appSecret=****")
                .contains("appKey=12345678").contains("targetAppKey=21363512").contains("sid=demo2");
        assertThat(c.appSecret()).isEqualTo("s3cr3t-value");
    }

    @Test
    void toStringShowsAMissingSecretAsEmpty() {
        assertThat(new WdtCredentials("k", null, "t", "s").toString()).contains("appSecret=<empty>");
    }
}
