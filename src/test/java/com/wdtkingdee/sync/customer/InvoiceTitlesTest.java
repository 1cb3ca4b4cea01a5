package com.wdtkingdee.sync.customer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceTitlesTest {

    static Stream<Arguments> blanks() {
        return Stream.of(
                Arguments.of(null, true),
                Arguments.of("", true),
                Arguments.of("   ", true),
                Arguments.of("\t\n", true),
                Arguments.of("\u3000", true),
                Arguments.of("\u3000 \u3000", true),
                Arguments.of("\u00A0", true),
                Arguments.of("\u200B", true),
                Arguments.of("\uFEFF ", true),
                Arguments.of("张三", false),
                Arguments.of(" 某某科技有限公司 ", false),
                Arguments.of("\u3000A", false),
                Arguments.of("0", false));
    }

    @ParameterizedTest
    @MethodSource("blanks")
    void blankTitles(String title, boolean blank) {
        assertThat(InvoiceTitles.isBlank(title)).isEqualTo(blank);
    }

    static Stream<Arguments> cleaned() {
        return Stream.of(
                Arguments.of(" 张三 ", "张三"),
                Arguments.of("\u3000杭州某某科技有限公司\u3000", "杭州某某科技有限公司"),
                Arguments.of("A  B", "A  B"),
                Arguments.of(null, ""));
    }

    @ParameterizedTest
    @MethodSource("cleaned")
    void cleanTrimsUnicodeWhitespaceOnly(String in, String out) {
        assertThat(InvoiceTitles.clean(in)).isEqualTo(out);
    }

    static Stream<Arguments> normalised() {
        return Stream.of(
                Arguments.of("杭州某某科技有限公司", "杭州某某科技有限公司"),
                Arguments.of("  杭州某某科技有限公司\u3000", "杭州某某科技有限公司"),
                Arguments.of("ＡＢＣ贸易（上海）有限公司", "ABC贸易(上海)有限公司"),
                Arguments.of("A \u3000 B\t\tC", "A B C"),
                Arguments.of("张\u00A0三", "张 三"));
    }

    @ParameterizedTest
    @MethodSource("normalised")
    void normaliseIsNfkcTrimCollapse(String in, String out) {
        assertThat(InvoiceTitles.normalise(in)).isEqualTo(out);
    }
}
