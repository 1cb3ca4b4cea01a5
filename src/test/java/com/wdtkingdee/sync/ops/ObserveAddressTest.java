package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ObserveAddressTest {

    private static Settings.Observe observe(String host) {
        return new Settings.Observe(true, host, 9876, Duration.ofMinutes(30), Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|http://127.0.0.1:9876|false",
            "localhost|http://localhost:9876|false",
            "10.1.2.3|http://10.1.2.3:9876|false",
            "::1|http://[::1]:9876|false",
            "0.0.0.0||true",
            "::||true"})
    void theLoggedUrlIsTheBoundOneAndAWildcardBindIsSaid(String host, String url, boolean wildcard) {
        String described = ObserveAddress.describe(observe(host));
        if (wildcard) {
            assertThat(ObserveAddress.url(observe(host))).doesNotContain("0.0.0.0").doesNotContain("://::").endsWith(":9876");
            assertThat(described).contains("bound to all interfaces, " + host);
        } else {
            assertThat(ObserveAddress.url(observe(host))).isEqualTo(url);
            assertThat(described).isEqualTo(url);
        }
    }
}
