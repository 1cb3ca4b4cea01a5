package com.wdtkingdee.sync.wdt;

import com.wdtkingdee.sync.wdt.WdtApiException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class WdtErrorClassifierTest {

    @ParameterizedTest(name = "{0} code={1} sub={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // Qimen gateway
            "GATEWAY  | 7    | accesscontrol.limited-by-app-access-count | true",
            "GATEWAY  | 7    | null                                      | true",
            "GATEWAY  | 15   | null                                      | true",
            "GATEWAY  | 15   | isv.remote-error                          | true",
            "GATEWAY  | 25   | null                                      | false",
            "GATEWAY  | 29   | null                                      | false",
            "GATEWAY  | 31   | null                                      | false",
            "GATEWAY  | 40   | null                                      | false",
            "GATEWAY  | 41   | isv.invalid-parameter                     | false",
            "GATEWAY  | 27   | null                                      | false",
            "GATEWAY  | 99   | isp.top-remote-connection-timeout         | true",
            "GATEWAY  | null | isp.unknown-error                         | true",
            "GATEWAY  | 25   | isp.whatever                              | false",
            "GATEWAY  | null | null                                      | false",
            "GATEWAY  | null | accesscontrol.limited-by-api-access-count | true",
            // openapi2 / WDT business
            "BUSINESS | 1012 | null | true",
            "BUSINESS | 1013 | null | true",
            "BUSINESS | 1020 | null | true",
            "BUSINESS | 1030 | null | true",
            "BUSINESS | 1040 | null | true",
            "BUSINESS | 1200 | null | true",
            "BUSINESS | 1610 | null | true",
            "BUSINESS | ' 1012 ' | null | true",
            "BUSINESS | 1060 | null | false",
            "BUSINESS | 2030 | null | false",
            "BUSINESS | 2060 | null | false",
            "BUSINESS | 2100 | null | false",
            "BUSINESS | 1    | null | false",
            "BUSINESS | 100  | null | false",
            "BUSINESS | 2104 | null | false",
            "BUSINESS | 2900 | null | false",
            "BUSINESS | 2220 | null | false",
            "BUSINESS | 4711 | null | false",
            "BUSINESS | abc  | null | false",
            "BUSINESS | 4711 | isp.service-unavailable | true",
            // transport
            "MALFORMED | null | null | true",
            "HTTP | 500 | null | true",
            "HTTP | 502 | null | true",
            "HTTP | 503 | null | true",
            "HTTP | 504 | null | true",
            "HTTP | 408 | null | true",
            "HTTP | 429 | null | true",
            "HTTP | 400 | null | false",
            "HTTP | 401 | null | false",
            "HTTP | 403 | null | false",
            "HTTP | 404 | null | false",
            "HTTP | 302 | null | false",
    })
    void classification(Kind kind, String code, String subCode, boolean retryable) {
        assertThat(WdtErrorClassifier.retryable(kind, code, subCode)).isEqualTo(retryable);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "This ban will last for 5 more seconds | 5",
            "App Call Limited: this BAN will last for 120 more seconds. | 120",
            "App Call Limited | null",
            "This ban will last for many more seconds | null",
            "null | null",
    })
    void banSeconds(String text, Long seconds) {
        assertThat(WdtErrorClassifier.banSeconds(text)).isEqualTo(seconds);
    }

    @Test
    void banSecondsSearchesAllTexts() {
        assertThat(WdtErrorClassifier.banSeconds(null, "App Call Limited", "This ban will last for 9 more seconds"))
                .isEqualTo(9L);
    }

    @Test
    void httpStatusClassification() {
        assertThat(WdtErrorClassifier.retryableHttp(599)).isTrue();
        assertThat(WdtErrorClassifier.retryableHttp(418)).isFalse();
    }
}
