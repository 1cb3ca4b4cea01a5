package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LoginBySign vector of reference §2c. */
class LoginBySignSignerTest {

    @Test
    void sortsPartsLexicographically() {
        assertThat(LoginBySignSigner.sortedParts("65a1b2c3d4e5f6", "wdt_sync",
                KingdeeSignedHeadersTest.APP_ID, KingdeeSignedHeadersTest.APP_SECRET, 1718000000L))
                .containsExactly("0123456789abcdef0123456789abcdef", "123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY",
                        "1718000000", "65a1b2c3d4e5f6", "wdt_sync");
    }

    @Test
    void signMatchesVector() {
        assertThat(LoginBySignSigner.sign("65a1b2c3d4e5f6", "wdt_sync", KingdeeSignedHeadersTest.APP_ID,
                KingdeeSignedHeadersTest.APP_SECRET, 1718000000L))
                .isEqualTo("cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3c");
    }

    @Test
    void signDoesNotDependOnArgumentOrder() {
        String a = LoginBySignSigner.sign("x", "y", "z", "w", 5);
        String b = LoginBySignSigner.sign("w", "z", "y", "x", 5);
        assertThat(a).isEqualTo(b).matches("[0-9a-f]{64}");
        assertThat(LoginBySignSigner.sign("x", "y", "z", "w", 6)).isNotEqualTo(a);
    }
}
