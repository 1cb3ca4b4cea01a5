package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Test vectors of reference §2c; every intermediate value is asserted. */
class KingdeeSignedHeadersTest {

    static final String ACCT = "65a1b2c3d4e5f6";
    static final String USER = "wdt_sync";
    static final int LCID = 2052;
    static final String ORG = "100";
    static final String APP_ID = "123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
    static final String URL =
            "http://erp.example.com/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc";
    static final long TS = 1718000000000L;

    static final String ENC_PATH =
            "%2Fk3cloud%2FKingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc";
    static final String TO_SIGN = "POST\n" + ENC_PATH
            + "\n\nx-api-nonce:1718000000000\nx-api-timestamp:1718000000000\n";

    @Test
    void decodesApiSecretFromAppId() {
        assertThat(KingdeeSignedHeaders.decodeApiSecret(APP_ID)).isEqualTo("MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr");
    }

    @Test
    void seedIsRot13OfObfuscatedSeed() {
        StringBuilder rot = new StringBuilder();
        for (char c : "0054s397p6234378o09pn7q3r5qropr7".toCharArray()) {
            rot.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26) : c);
        }
        assertThat(KingdeeSignedHeaders.SEED).isEqualTo(rot.toString());
    }

    @Test
    void intermediateValues() {
        String path = URI.create(URL).getRawPath();
        assertThat(KingdeeSignedHeaders.encodePath(path)).isEqualTo(ENC_PATH);
        assertThat(KingdeeSignedHeaders.stringToSign(ENC_PATH, "1718000000000", "1718000000000")).isEqualTo(TO_SIGN);
        assertThat(KingdeeSignedHeaders.hmacHex(TO_SIGN, "MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr"))
                .isEqualTo("9989cf3260d5525ea7fd52aa13f3f2e1f2470ba9928c07fc304f9a38c7c29181");
        assertThat(KingdeeSignedHeaders.appData(ACCT, USER, LCID, ORG)).isEqualTo("65a1b2c3d4e5f6,wdt_sync,2052,100");
        assertThat(KingdeeSignedHeaders.hmacHex(APP_ID + "65a1b2c3d4e5f6,wdt_sync,2052,100", APP_SECRET))
                .isEqualTo("28141230f587c275e33dea979384d1164040012c535fc5b2bb3633385e2a0c10");
    }

    @Test
    void buildsTheNineHeadersInOrder() {
        Map<String, String> h = KingdeeSignedHeaders.build(APP_ID, APP_SECRET, ACCT, USER, LCID, ORG,
                URI.create(URL).getRawPath(), TS, Long.toString(TS));

        assertThat(h).containsExactly(
                Map.entry("X-Api-ClientID", "123456"),
                Map.entry("X-Api-Auth-Version", "2.0"),
                Map.entry("x-api-timestamp", "1718000000000"),
                Map.entry("x-api-nonce", "1718000000000"),
                Map.entry("x-api-signheaders", "x-api-timestamp,x-api-nonce"),
                Map.entry("X-Api-Signature",
                        "OTk4OWNmMzI2MGQ1NTI1ZWE3ZmQ1MmFhMTNmM2YyZTFmMjQ3MGJhOTkyOGMwN2ZjMzA0ZjlhMzhjN2MyOTE4MQ=="),
                Map.entry("X-Kd-Appkey", APP_ID),
                Map.entry("X-Kd-Appdata", "NjVhMWIyYzNkNGU1ZjYsd2R0X3N5bmMsMjA1MiwxMDA="),
                Map.entry("X-Kd-Signature",
                        "MjgxNDEyMzBmNTg3YzI3NWUzM2RlYTk3OTM4NGQxMTY0MDQwMDEyYzUzNWZjNWIyYmIzNjMzMzg1ZTJhMGMxMA=="));
        assertThat(new String(Base64.getDecoder().decode(h.get("X-Kd-Appdata")), StandardCharsets.UTF_8))
                .isEqualTo("65a1b2c3d4e5f6,wdt_sync,2052,100");
    }

    @Test
    void signatureIsBase64OfHexTextNotOfRawBytes() {
        String b64 = KingdeeSignedHeaders.hmacBase64Hex("m", "k");
        assertThat(new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII))
                .isEqualTo(KingdeeSignedHeaders.hmacHex("m", "k")).hasSize(64);
    }

    @ParameterizedTest
    @CsvSource({
        "123_short, short",
        "123_a_b, a_b",
    })
    void secretPartOfUnexpectedLengthIsUsedAsIs(String appId, String expected) {
        assertThat(KingdeeSignedHeaders.decodeApiSecret(appId)).isEqualTo(expected);
    }

    @Test
    void appIdWithoutUnderscoreIsRejected() {
        assertThatThrownBy(() -> KingdeeSignedHeaders.decodeApiSecret("123456"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KingdeeSignedHeaders.build("123456", APP_SECRET, ACCT, USER, LCID, ORG, "/x", TS, "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
