package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's own signature code reproduces every vector of reference §2c. */
class SimSignaturesTest {

    static final String ACCT = "65a1b2c3d4e5f6";
    static final String USER = "wdt_sync";
    static final String APP_ID = "123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
    static final String PATH = "/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc";

    @Test
    void loginBySignVector() {
        assertThat(SimSignatures.loginBySign(ACCT, USER, APP_ID, APP_SECRET, 1718000000L))
                .isEqualTo("cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3c");
    }

    @Test
    void gatewaySecretVector() {
        assertThat(SimSignatures.apiSecret(APP_ID)).isEqualTo("MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr");
    }

    @Test
    void apiSignatureVector() {
        assertThat(SimSignatures.apiSignature(APP_ID, PATH, "1718000000000", "1718000000000")).isEqualTo(
                "OTk4OWNmMzI2MGQ1NTI1ZWE3ZmQ1MmFhMTNmM2YyZTFmMjQ3MGJhOTkyOGMwN2ZjMzA0ZjlhMzhjN2MyOTE4MQ==");
    }

    @Test
    void kdSignatureVector() {
        assertThat(SimSignatures.kdSignature(APP_ID, "65a1b2c3d4e5f6,wdt_sync,2052,100", APP_SECRET)).isEqualTo(
                "MjgxNDEyMzBmNTg3YzI3NWUzM2RlYTk3OTM4NGQxMTY0MDQwMDEyYzUzNWZjNWIyYmIzNjMzMzg1ZTJhMGMxMA==");
    }

    @ParameterizedTest
    @CsvSource({"123456_short,short", "1_,''"})
    void aSecondHalfThatIsNot32CharactersIsUsedAsIs(String appId, String expected) {
        assertThat(SimSignatures.apiSecret(appId)).isEqualTo(expected);
    }

    @Test
    void anAppIdWithoutUnderscoreHasNoGatewaySecret() {
        assertThatThrownBy(() -> SimSignatures.apiSecret("123456")).isInstanceOf(IllegalArgumentException.class);
    }
}
