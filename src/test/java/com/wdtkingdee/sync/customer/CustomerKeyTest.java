package com.wdtkingdee.sync.customer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerKeyTest {

    /** digest64 is exactly the 64 bits the FNumber shows, so a set of them tells keys apart as Kingdee does. */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"BZ, 甲公司", "DZ, 甲公司", "BZ, 乙公司", "BZ, 'A|B ''q'' 😀'", "DZ, x"})
    void digest64IsTheFNumbersHexDigits(String org, String title) {
        CustomerKey k = CustomerKey.of(org, title);
        String number = k.number("WDT-");
        String hex = HexFormat.of().toHexDigits(k.digest64()).toUpperCase(Locale.ROOT);
        assertThat(number).isEqualTo("WDT-" + org + "-" + hex);
    }
}
