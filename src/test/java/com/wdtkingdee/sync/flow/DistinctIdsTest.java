package com.wdtkingdee.sync.flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DistinctIdsTest {

    /** Which texts are stored as longs: exactly those equal to {@code Long.toString} of their value. */
    @ParameterizedTest(name = "''{0}'' canonical={1}")
    @CsvSource(value = {
            "0|true", "7|true", "1284431|true", "-1|true",
            "9223372036854775807|true", "-9223372036854775808|true",
            "9223372036854775808|false", "-9223372036854775809|false", "99999999999999999999|false",
            "0123|false", "-0|false", "+5|false", "00|false", "''|false", "-|false", "12a|false", "' 1'|false",
            "1.0|false", "SO-42|false", "１２|false"}, delimiter = '|', emptyValue = "")
    void canonicalDecimalTextsAreRecognisedExactly(String text, boolean expected) {
        DistinctIds ids = new DistinctIds();
        assertThat(ids.canonical(text)).isEqualTo(expected);
        if (expected) {
            assertThat(Long.toString(ids.canonicalValueForTest())).isEqualTo(text);
        }
    }

    /** Counts as a HashSet of the strings would, whatever mix of forms arrives. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
            "numeric repeats          ; 1,2,3,2,1                           ; 3",
            "zero and its spellings   ; 0,0,00,-0,0                         ; 3",
            "leading zeros are others ; 123,0123,123,00123                  ; 3",
            "range edges              ; 9223372036854775807,-9223372036854775808,9223372036854775808,9223372036854775807 ; 3",
            "text ids                 ; SO-1,SO-2,SO-1,1,1                  ; 3",
            "empty (null) id          ; '',''                               ; 1",
            "negative and positive    ; -5,5,-5                             ; 2"}, delimiter = ';')
    void countsLikeASetOfTheStrings(String label, String list, int expected) {
        DistinctIds ids = new DistinctIds();
        List<String> values = Arrays.asList(list.split(",", -1));
        for (String v : values) {
            ids.add(v);
        }
        assertThat(ids.size()).as(label).isEqualTo(expected).isEqualTo(new HashSet<>(values).size());
    }

    @Test
    void nullCountsAsTheEmptyId() {
        DistinctIds ids = new DistinctIds();
        assertThat(ids.add(null)).isTrue();
        assertThat(ids.add("")).isFalse();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void manyIdsThroughSeveralGrowthsMatchAHashSetAndStayCompact() {
        DistinctIds ids = new DistinctIds();
        Set<String> reference = new HashSet<>();
        Random random = new Random(11);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            // consecutive ids (as the source issues them), 19-digit ones, repeats of earlier ids, a few texts
            String id = switch (i % 5) {
                case 0, 1 -> Long.toString(1_000_000L + i);
                case 2 -> Long.toString(1_000_000_000_000_000_000L + random.nextInt(1 << 20));
                case 3 -> sample.isEmpty() ? "0" : sample.get(random.nextInt(sample.size()));
                default -> i % 1000 == 4 ? "SO-" + i : Long.toString(-random.nextInt(50_000));
            };
            if (i % 97 == 0) {
                sample.add(id);
            }
            assertThat(ids.add(id)).isEqualTo(reference.add(id));
        }
        assertThat(ids.size()).isEqualTo(reference.size());
        // 8 B per slot, at most 2^k slots with more than 3/8 of them used: under 22 B per id here
        assertThat(ids.approximateBytes()).isLessThan(22L * reference.size());

        ids.clear();
        assertThat(ids.size()).isZero();
        assertThat(ids.add("1000000")).isTrue();
        assertThat(ids.approximateBytes()).isLessThan(1024);
    }
}
