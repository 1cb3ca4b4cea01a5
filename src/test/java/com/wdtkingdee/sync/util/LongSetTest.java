package com.wdtkingdee.sync.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LongSetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "zero,                 0",
            "one,                  1",
            "minus one,           -1",
            "Long.MIN_VALUE,      -9223372036854775808",
            "Long.MAX_VALUE,       9223372036854775807"})
    void anElementIsAddedOnceAndFound(String label, long v) {
        LongSet s = new LongSet();
        assertThat(s.contains(v)).isFalse();
        assertThat(s.add(v)).isTrue();
        assertThat(s.add(v)).isFalse();
        assertThat(s.contains(v)).isTrue();
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void behavesAsAHashSetThroughManyGrowthsWithConsecutiveAndRandomValues() {
        LongSet s = new LongSet();
        Set<Long> reference = new HashSet<>();
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long v = i % 3 == 0 ? i : r.nextLong() % 1_000_000;   // consecutive values and many repeats
            assertThat(s.add(v)).isEqualTo(reference.add(v));
        }
        assertThat(s.size()).isEqualTo(reference.size());
        for (long v = -1000; v < 1000; v++) {
            assertThat(s.contains(v)).isEqualTo(reference.contains(v));
        }
        assertThat(s.approximateBytes()).as("about 8 to 22 bytes per element")
                .isBetween(8L * reference.size(), 22L * reference.size());
    }

    @Test
    void clearForgetsEverything() {
        LongSet s = new LongSet();
        for (long v = 0; v < 100; v++) {
            s.add(v);
        }
        s.clear();
        assertThat(s.size()).isZero();
        assertThat(s.contains(0)).isFalse();
        assertThat(s.contains(50)).isFalse();
    }
}
