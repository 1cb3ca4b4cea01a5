package com.wdtkingdee.sync.flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryLadderTest {

    static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    static final RetryLadder LADDER = new RetryLadder(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12)), Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource({"0,2026-11-30T06:01:00Z", "1,2026-11-30T06:05:00Z", "2,2026-11-30T06:30:00Z",
            "3,2026-11-30T08:00:00Z", "4,2026-11-30T18:00:00Z"})
    void eachStepWaitsItsDurationFromNow(int step, String expected) {
        assertThat(LADDER.after(step)).isEqualTo(OffsetDateTime.ofInstant(Instant.parse(expected), ZoneOffset.UTC));
    }

    @Test
    void afterTheLastStepTheLetterIsExhausted() {
        assertThat(LADDER.after(5)).isNull();
        assertThat(LADDER.first()).isEqualTo(LADDER.after(0));
    }

    @Test
    void anEmptyLadderIsOff() {
        assertThat(RetryLadder.OFF.enabled()).isFalse();
        assertThat(RetryLadder.OFF.first()).isNull();
    }

    @Test
    void onlyRowsThatKeptAnsweringTryAgainAreOnTheLadder() {
        assertThat(RetryLadder.transientRows(new BatchWriter.KingdeeRetry("1 customer(s) failed transiently"))).isTrue();
        assertThat(RetryLadder.transientRows(new IllegalStateException("x",
                new BatchWriter.KingdeeRetry("wrapped")))).isTrue();
        assertThat(RetryLadder.transientRows(new PermanentFailure("Kingdee rejected customer"))).isFalse();
        assertThat(RetryLadder.transientRows(new com.wdtkingdee.sync.customer.NoOrgRuleException("0099"))).isFalse();
        assertThat(RetryLadder.transientRows(null)).isFalse();
    }
}
