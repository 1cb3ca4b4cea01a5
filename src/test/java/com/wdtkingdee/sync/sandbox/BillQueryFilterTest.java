package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillQueryFilterTest {

    static final Map<String, Object> ROW = Map.of("FCUSTID", 100001L, "FNumber", "WDT-1", "FName", "O'Neil 贸易",
            "FUseOrgId.FNumber", "BZ");

    static Predicate<Map<String, Object>> parse(String filter) throws BillQueryFilter.FilterException {
        return BillQueryFilter.parse(filter, CustomerStore::resolve);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "FNumber = 'WDT-1'                                   | true",
            "FNumber='WDT-2'                                     | false",
            "fnumber = 'WDT-1'                                   | true",
            "FNumber IN ('WDT-0','WDT-1')                        | true",
            "FNumber in ('WDT-0')                                | false",
            "FNumber = 'WDT-1' AND FUseOrgId.FNumber = 'BZ'      | true",
            "FNumber = 'WDT-1' and FUseOrgId.FNumber = 'DZ'      | false",
            "(FNumber = 'WDT-1') AND (FUseOrgId.FNumber = 'BZ')  | true",
            "FName = 'O''Neil 贸易'                               | true",
            "FCUSTID = 100001                                    | true",
            "FCUSTID = '100001'                                  | true",
            "FNumber <> 'WDT-1'                                  | false",
            "'WDT-1' = FNumber                                   | error4",
            "FNumber = 'a' OR FNumber = 'b'                      | error4",
            "FNumber LIKE 'W%'                                   | error4",
            "FNumber = 'unterminated                             | error4",
            "FNumber IN ('a',)                                   | error4",
            "FNumber = 'a' AND                                   | error4",
            "FNoSuchField = 'a'                                  | error9"})
    void evaluatesOrRejects(String filter, String expected) {
        if (expected.startsWith("error")) {
            assertThatThrownBy(() -> parse(filter)).isInstanceOfSatisfying(BillQueryFilter.FilterException.class,
                    e -> assertThat(e.msgCode()).isEqualTo(Integer.parseInt(expected.substring(5))));
        } else {
            try {
                assertThat(parse(filter).test(ROW)).isEqualTo(Boolean.parseBoolean(expected));
            } catch (BillQueryFilter.FilterException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void blankFilterMatchesEverything() throws Exception {
        assertThat(parse("").test(ROW)).isTrue();
        assertThat(parse(null).test(ROW)).isTrue();
    }

    @Test
    void unknownFieldMessageNamesTheField() {
        assertThatThrownBy(() -> BillQueryFilter.parse("FTaxNo = '1'", k -> Optional.empty()))
                .hasMessage("元数据中标识为FTaxNo的字段不存在");
    }
}
