package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class RetryLogTest {

    @ParameterizedTest
    @CsvSource({"1,1000 ms,1 s", "2,1000 ms,2 s", "3,1000 ms,4 s", "7,1000 ms,60 s", "1,5 ms,5 ms", "2,1500 ms,3 s"})
    void theWaitIsTheExponentialPolicysDelayCappedAtTheMaximum(int redelivery, String first, String expected) {
        long delay = Long.parseLong(first.replace(" ms", ""));
        RetryLog log = new RetryLog(new Settings.Retry(5, delay, 2.0, 60_000), ZoneId.of("Asia/Shanghai"));
        assertThat(log.wait(redelivery)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theCauseIsOneLineAndComesFromTheFirstMessageThatSaysSomething() {
        assertThat(RetryLog.brief(new IllegalStateException("Kingdee BatchSave answered HTTP 503: busy")))
                .isEqualTo("Kingdee BatchSave answered HTTP 503: busy");
        assertThat(RetryLog.brief(new IllegalStateException("line one\n   line two"))).isEqualTo("line one line two");
        assertThat(RetryLog.brief(new RuntimeException(null, new IllegalStateException("inner")))).isEqualTo("inner");
        assertThat(RetryLog.brief(new org.apache.camel.CamelExchangeException("Multicast processing failed for number 0",
                null, new java.net.ConnectException("Connection refused")))).isEqualTo("Connection refused");
        assertThat(RetryLog.brief(new IllegalStateException("x".repeat(400)))).hasSize(301).endsWith("…");
    }

    @org.junit.jupiter.api.Test
    void aCauseThatNamesTheSamePageIsNotRepeated() {
        String what = "page 3 of window 2026-11-27 19:35:15 → 2026-11-28 19:35:15";
        assertThat(RetryLog.cause(what, new IllegalStateException(what + ": WDT HTTP error: code=500")))
                .isEqualTo("WDT HTTP error: code=500");
        assertThat(RetryLog.cause(what, new IllegalStateException("page 4 of window x: busy")))
                .isEqualTo("page 4 of window x: busy");
    }
}
