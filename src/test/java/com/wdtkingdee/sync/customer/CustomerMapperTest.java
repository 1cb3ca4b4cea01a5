package com.wdtkingdee.sync.customer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerMapperTest {

    private final CustomerMapper mapper = new CustomerMapper(TestMappings.config());

    private static StockoutOrder order(String no, String shop, String title, String tax) {
        return new StockoutOrder("1001", no, shop, title, tax, "2024-05-20 09:41:07", "2024-05-20 09:41:08", 95);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "' 杭州某某科技有限公司 ',91330106MA2XXXXX1K,杭州某某科技有限公司,91330106MA2XXXXX1K",
            "张三,'',张三,''",
            "张三,NULL,张三,''",
            "'\u3000李四\u3000',' 123 ',李四,123"})
    void mapsDesignSectionOne(String title, String tax, String name, String taxOut) {
        CustomerDraft c = mapper.toCustomer(order("CK1", "005", title, tax), "DZ");
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.taxCode()).isEqualTo(taxOut);
        assertThat(c.useOrg()).isEqualTo("DZ");
        assertThat(c.stockoutNo()).isEqualTo("CK1");
        assertThat(c.number()).startsWith("WDT-DZ-").hasSize("WDT-DZ-".length() + 16);

    }

    @Test
    void sameNormalisedTitleSameOrgGivesSameNumber() {
        List<String> variants = List.of("ＡＢＣ贸易（上海）有限公司", " ABC贸易(上海)有限公司", "ABC贸易(上海)有限公司\u3000");
        List<String> numbers = variants.stream().map(t -> mapper.toCustomer(order("x", "002", t, ""), "BZ").number()).distinct().toList();
        assertThat(numbers).hasSize(1);
    }

    @Test
    void orgIsPartOfIdentity() {
        CustomerDraft dz = mapper.toCustomer(order("x", "005", "张三", ""), "DZ");
        CustomerDraft bz = mapper.toCustomer(order("y", "002", "张三", ""), "BZ");
        assertThat(dz.key()).isNotEqualTo(bz.key());
        assertThat(dz.number()).isNotEqualTo(bz.number());
        assertThat(CustomerKey.of("DZ", "张三").number("WDT-")).isEqualTo(dz.number());
    }

    @Test
    void differentTitlesDifferentNumbers() {
        assertThat(CustomerKey.of("DZ", "张三").number("WDT-")).isNotEqualTo(CustomerKey.of("DZ", "张四").number("WDT-"));
    }

    @Test
    void blankTitleIsRejected() {
        assertThatThrownBy(() -> mapper.toCustomer(order("CK9", "005", "\u3000", ""), "DZ"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CK9");
    }
}
