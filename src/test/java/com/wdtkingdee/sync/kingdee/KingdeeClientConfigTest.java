package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KingdeeClientConfigTest {

    static final String APP_ID = KingdeeSignedHeadersTest.APP_ID;
    static final String APP_SECRET = KingdeeSignedHeadersTest.APP_SECRET;

    static KingdeeClientConfig config(KingdeeAuthMode mode, String password, String appId, String appSecret) {
        return new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "wdt_sync", password, 2052, null, null, mode,
                appId, appSecret, null);
    }

    @Test
    void toStringMasksPassword() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "wdt_sync", "S3cret!pw", 2052,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(c.toString()).doesNotContain("S3cret!pw").contains("password=****").contains("wdt_sync");
    }

    @Test
    void toStringMasksAppSecretAndTheSecretHalfOfTheAppId() {
        KingdeeClientConfig c = config(KingdeeAuthMode.SIGNED_HEADERS, null, APP_ID, APP_SECRET);
        assertThat(c.toString()).doesNotContain(APP_SECRET).doesNotContain("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY")
                .contains("appSecret=****").contains("appId=123456_****").contains("auth=signed-headers");
    }

    @Test
    void sevenArgumentConstructorIsPasswordModeWithDefaults() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "u", "pw", 2052, null, null);
        assertThat(c.auth()).isEqualTo(KingdeeAuthMode.PASSWORD);
        assertThat(c.appId()).isNull();
        assertThat(c.appSecret()).isNull();
        assertThat(c.orgNum()).isEqualTo("0");
    }

    @Test
    void nullTimeoutsGetDefaults() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "u", "", 2052, null, null);
        assertThat(c.connectTimeout()).isEqualTo(KingdeeClientConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(c.requestTimeout()).isEqualTo(KingdeeClientConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void nullModeIsPasswordAndBlankOrgNumIsZero() {
        KingdeeClientConfig c = new KingdeeClientConfig("http://erp/k3cloud/", "65a1", "u", "pw", 2052, null, null,
                null, null, null, " ");
        assertThat(c.auth()).isEqualTo(KingdeeAuthMode.PASSWORD);
        assertThat(c.orgNum()).isEqualTo(KingdeeClientConfig.DEFAULT_ORG_NUM);
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

    /** Per mode: which credentials are required; "-" = null. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PASSWORD       | -  | -                     | -      | password is required",
            "APP_SECRET     | pw | -                     | secret | appId",
            "APP_SECRET     | pw | 123                   | -      | appSecret",
            "SIGN           | -  | ' '                   | secret | appId",
            "SIGN           | -  | 123                   | ' '    | appSecret",
            "SIGNED_HEADERS | -  | -                     | secret | appId",
            "SIGNED_HEADERS | -  | 123456                | secret | <clientId>_<secret part>",
            "SIGNED_HEADERS | -  | _AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY | secret | <clientId>_<secret part>",
            "SIGNED_HEADERS | -  | 123456_!!!!BAUGBwgJCgsMDQ4PEBESExQVFhcY | secret | not valid base64",
            "SIGNED_HEADERS | -  | 123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY | - | appSecret"})
    void validatesPerMode(KingdeeAuthMode mode, String password, String appId, String appSecret, String message) {
        assertThatThrownBy(() -> config(mode, dash(password), dash(appId), dash(appSecret)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PASSWORD       | pw | -                                       | -",
            "PASSWORD       | '' | -                                       | -",
            "APP_SECRET     | -  | 123                                     | secret",
            "SIGN           | -  | 123                                     | secret",
            "SIGNED_HEADERS | -  | 123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY | secret",
            "SIGNED_HEADERS | -  | 123456_short                            | secret"})
    void acceptsWhatEachModeNeeds(KingdeeAuthMode mode, String password, String appId, String appSecret) {
        KingdeeClientConfig c = config(mode, dash(password), dash(appId), dash(appSecret));
        assertThat(c.auth()).isEqualTo(mode);
        assertThat(c.password()).isNotNull();
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }
}
