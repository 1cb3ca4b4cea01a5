package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KingdeeAuthModeTest {

    @ParameterizedTest
    @CsvSource({
            "password,PASSWORD", "app-secret,APP_SECRET", "sign,SIGN", "signed-headers,SIGNED_HEADERS",
            "' Signed-Headers ',SIGNED_HEADERS", "APP_SECRET,APP_SECRET", "Password,PASSWORD"})
    void parsesTheConfigurationSpellings(String text, KingdeeAuthMode expected) {
        assertThat(KingdeeAuthMode.parse(text)).isEqualTo(expected);
        assertThat(KingdeeAuthMode.parse(expected.configName())).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "appsecret", "headers", "login-by-sign", "oauth"})
    void rejectsOtherValuesNamingTheValidOnes(String text) {
        assertThatThrownBy(() -> KingdeeAuthMode.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password|app-secret|sign|signed-headers");
    }

    @ParameterizedTest
    @CsvSource({"PASSWORD,false,true", "APP_SECRET,true,true", "SIGN,true,true", "SIGNED_HEADERS,true,false"})
    void whatEachModeNeeds(KingdeeAuthMode mode, boolean usesApp, boolean logsIn) {
        assertThat(mode.usesApp()).isEqualTo(usesApp);
        assertThat(mode.logsIn()).isEqualTo(logsIn);
    }
}
