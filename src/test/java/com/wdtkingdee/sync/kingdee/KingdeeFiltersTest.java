package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KingdeeFiltersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A|100|FNumber IN ('A') AND FUseOrgId.FNumber='100'",
        "A,B|X|FNumber IN ('A','B') AND FUseOrgId.FNumber='X'",
        "WDT-C0001,WDT-C0002|100|FNumber IN ('WDT-C0001','WDT-C0002') AND FUseOrgId.FNumber='100'",
        "O'Brien|100|FNumber IN ('O''Brien') AND FUseOrgId.FNumber='100'",
        "A,A,B|1|FNumber IN ('A','B') AND FUseOrgId.FNumber='1'",
        "A|x' OR '1'='1|FNumber IN ('A') AND FUseOrgId.FNumber='x'' OR ''1''=''1'",
        "客户一|总部|FNumber IN ('客户一') AND FUseOrgId.FNumber='总部'",
    })
    void numbersInOrg(String numbers, String org, String expected) {
        assertThat(KingdeeFilters.numbersInOrg(List.of(numbers.split(",")), org)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(null, "100"),
                Arguments.of(List.of(), "100"),
                Arguments.of(Arrays.asList("A", null), "100"),
                Arguments.of(List.of("A", " "), "100"),
                Arguments.of(List.of("A"), null),
                Arguments.of(List.of("A"), ""));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalidInput(List<String> numbers, String org) {
        assertThatThrownBy(() -> KingdeeFilters.numbersInOrg(numbers, org))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
