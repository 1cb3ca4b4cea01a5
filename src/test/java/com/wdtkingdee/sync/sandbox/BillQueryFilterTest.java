package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FilterString dialect, table-driven over three rows (one with NULL values). */
class BillQueryFilterTest {

    static final List<Map<String, Object>> ROWS = List.of(
            row(100001L, "WDT-1", "O'Neil 贸易", "BZ", "C", "91440300MA5X", null),
            row(100002L, "WDT-2", "上海某某科技有限公司", "DZ", "A", "", "B11"),
            row(100003L, "CUST-10", "北京_测试%公司", "BZ", "A", null, "B11"));

    static Map<String, Object> row(long id, String number, String name, String org, String status, String tax,
                                   String group) {
        Map<String, Object> r = new HashMap<>();
        r.put("FCUSTID", id);
        r.put("FNumber", number);
        r.put("FName", name);
        r.put("FUseOrgId.FNumber", org);
        r.put("FDocumentStatus", status);
        r.put("FTAXREGISTERCODE", tax);
        r.put("FGroup.FNumber", group);
        return r;
    }

    static Predicate<Map<String, Object>> parse(String filter) throws BillQueryFilter.FilterException {
        return BillQueryFilter.parse(filter, CustomerStore::resolve);
    }

    /** The FCUSTIDs (last digit) of the rows the filter keeps, e.g. "13"; "-" for none. */
    static String kept(String filter) throws BillQueryFilter.FilterException {
        Predicate<Map<String, Object>> p = parse(filter);
        String ids = ROWS.stream().filter(p).map(r -> String.valueOf((Long) r.get("FCUSTID") % 10))
                .collect(Collectors.joining());
        return ids.isEmpty() ? "-" : ids;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // = and <> (and !=), text and numbers, any keyword case
            "FNumber = 'WDT-1'                                        | 1",
            "FNumber='WDT-2'                                          | 2",
            "fnumber = 'wdt-1'                                        | -",
            "FNumber <> 'WDT-1'                                       | 23",
            "FNumber != 'WDT-1'                                       | 23",
            "FCUSTID = 100002                                         | 2",
            "FCUSTID = '100002'                                       | 2",
            "FName = 'O''Neil 贸易'                                    | 1",
            "FName = N'上海某某科技有限公司'                              | 2",
            // > < >= <= on numbers (numerically) and text
            "FCUSTID > 100001                                         | 23",
            "FCUSTID >= 100002                                        | 23",
            "FCUSTID < 100002                                         | 1",
            "FCUSTID <= 100002                                        | 12",
            "FCUSTID>100001 AND FCUSTID<100003                        | 2",
            "FNumber > 'W'                                            | 12",
            "FDocumentStatus >= 'B'                                   | 1",
            "FCUSTID BETWEEN 100002 AND 100003                        | 23",
            // LIKE with %, _ and [..]; NOT LIKE
            "FNumber LIKE 'WDT-%'                                     | 12",
            "FNumber like '%-1%'                                      | 13",
            "FNumber LIKE 'WDT-_'                                     | 12",
            "FNumber LIKE 'WDT-[2-9]'                                 | 2",
            "FNumber LIKE 'WDT-[^2]'                                  | 1",
            "FName LIKE '%科技%'                                       | 2",
            "FName LIKE '%\\_%'                                        | -",
            "FName LIKE '北京_测试[%]公司'                               | 3",
            "FNumber NOT LIKE 'WDT%'                                  | 3",
            // IN and NOT IN
            "FNumber IN ('WDT-0','WDT-1')                             | 1",
            "FNumber in ('WDT-0')                                     | -",
            "FCUSTID IN (100001, 100003)                              | 13",
            "FNumber NOT IN ('WDT-1','WDT-2')                         | 3",
            // AND, OR, NOT, parentheses, precedence (AND before OR)
            "FNumber = 'WDT-1' AND FUseOrgId.FNumber = 'BZ'           | 1",
            "FNumber = 'WDT-1' and FUseOrgId.FNumber = 'DZ'           | -",
            "FNumber = 'WDT-1' OR FNumber = 'WDT-2'                   | 12",
            "FNumber = 'WDT-1' or FNumber = 'CUST-10' and FDocumentStatus = 'C' | 1",
            "(FNumber = 'WDT-1' or FNumber = 'CUST-10') and FDocumentStatus = 'A' | 3",
            "NOT FNumber = 'WDT-1'                                    | 23",
            "NOT (FUseOrgId.FNumber = 'BZ' AND FDocumentStatus = 'A') | 12",
            "((FNumber = 'WDT-2'))                                    | 2",
            "FForbidStatus = 'A' AND FDocumentStatus = 'C'            | -",
            // IS NULL / IS NOT NULL and three-valued logic: a comparison with NULL is unknown, also under NOT
            "FTAXREGISTERCODE IS NULL                                 | 3",
            "FTAXREGISTERCODE is not null                             | 12",
            "FGroup.FNumber IS NULL OR FGroup.FNumber = 'B11'         | 123",
            "FGroup.FNumber <> 'B11'                                  | -",
            "NOT FGroup.FNumber = 'B11'                               | -",
            "FTAXREGISTERCODE = ''                                    | 2",
            "FNumber = NULL                                           | -",
            // errors: 4 = syntax, 9 = unknown field
            "'WDT-1' = FNumber                                        | error4",
            "FNumber = 'unterminated                                  | error4",
            "FNumber IN ('a',)                                        | error4",
            "FNumber IN ()                                            | error4",
            "FNumber = 'a' AND                                        | error4",
            "FNumber = 'a' OR OR FNumber = 'b'                        | error4",
            "(FNumber = 'a'                                           | error4",
            "FNumber = 'a')                                           | error4",
            "FNumber LIKE 5                                           | error4",
            "FNumber IS 'a'                                           | error4",
            "FNumber == 'a'                                           | error4",
            "FNumber = 'a'; DROP TABLE T_BD_CUSTOMER                  | error4",
            "FNoSuchField = 'a'                                       | error9",
            "FNumber = 'a' OR FNoSuchField LIKE 'b%'                  | error9"})
    void keepsTheRowsSqlWouldKeep(String filter, String expected) throws Exception {
        if (expected.startsWith("error")) {
            assertThatThrownBy(() -> parse(filter)).isInstanceOfSatisfying(BillQueryFilter.FilterException.class,
                    e -> assertThat(e.msgCode()).isEqualTo(Integer.parseInt(expected.substring(5))));
        } else {
            assertThat(kept(filter)).as(filter).isEqualTo(expected);
        }
    }

    @Test
    void blankFilterMatchesEverything() throws Exception {
        assertThat(kept("")).isEqualTo("123");
        assertThat(kept("   ")).isEqualTo("123");
        assertThat(parse(null).test(ROWS.get(0))).isTrue();
    }

    @Test
    void unknownFieldMessageNamesTheField() {
        assertThatThrownBy(() -> BillQueryFilter.parse("FTaxNo = '1'", k -> Optional.empty()))
                .hasMessage("元数据中标识为FTaxNo的字段不存在");
    }

    @Test
    void syntaxErrorsAreGetRealExpressErrors() {
        assertThatThrownBy(() -> parse("FNumber LIKE")).hasMessageStartingWith("GetRealExpress error");
    }

    @Test
    void likeTreatsRegexCharactersLiterally() {
        assertThat(Arrays.asList("a.b", "a+b", "a(b", "a$b")).allSatisfy(s ->
                assertThat(BillQueryFilter.likePattern(s).matcher(s).matches()).as(s).isTrue());
        assertThat(BillQueryFilter.likePattern("a.b").matcher("axb").matches()).isFalse();
        assertThat(BillQueryFilter.likePattern("[a-c]x").matcher("bx").matches()).isTrue();
        assertThat(BillQueryFilter.likePattern("[a-c]x").matcher("dx").matches()).isFalse();
    }
}
