package com.wdtkingdee.sync.customer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerFieldsTest {

    private static Map<String, String> with(String field, String value) {
        Map<String, String> m = new LinkedHashMap<>(TestMappings.defaultFields());
        m.put(field, value);
        return m;
    }

    @Test
    void theDefaultsReproduceTheSchemesRowInTemplateOrder() {
        CustomerFields f = TestMappings.fields(TestMappings.defaultFields());
        assertThat(f.fields()).extracting(CustomerFields.Field::name).containsExactly("FCreateOrgId", "FUseOrgId",
                "FName", "FINVOICETITLE", "FTAXREGISTERCODE", "FGroup", "FTRADINGCURRID");
        assertThat(f.fields().get(0)).isEqualTo(new CustomerFields.Field("FCreateOrgId", CustomerFields.Kind.CONSTANT, "100", true));
        assertThat(f.fields().get(1)).isEqualTo(new CustomerFields.Field("FUseOrgId", CustomerFields.Kind.EXPRESSION,
                "${variable.useOrg}", true));
        assertThat(f.fields().get(5)).isEqualTo(new CustomerFields.Field("FGroup", CustomerFields.Kind.CONSTANT, "B11", true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FDescription|来自旺店通|CONSTANT|来自旺店通|false",
            "FSELLER|ref:${variable.shopNo}|EXPRESSION|${variable.shopNo}|true",
            "FSELLER|ref:  S01|CONSTANT|S01|true",
            "FMemo|${body.orderNo}-${variable.useOrg}|EXPRESSION|${body.orderNo}-${variable.useOrg}|false",
            "FGroup|ref:{{customer.group}}|CONSTANT|B11|true",
            "FRemark|price: $100|CONSTANT|price: $100|false"})
    void aDeclaredValueIsAConstantAnExpressionOrAReference(String field, String value, CustomerFields.Kind kind,
                                                           String text, boolean ref) {
        CustomerFields f = TestMappings.fields(with(field, value));
        assertThat(f.fields()).filteredOn(x -> x.name().equals(field)).singleElement()
                .isEqualTo(new CustomerFields.Field(field, kind, text, ref));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FNumber|X|customer.field.FNumber|identity",
            "FCUSTID|1|customer.field.FCUSTID|identity",
            "FSELLER|ref:|customer.field.FSELLER|'ref:' needs",
            "FMemo|${body.orderNo|customer.field.FMemo|unclosed expression",
            "FMemo|ref:{{no.such.key}}|customer.field.FMemo|unknown setting {{no.such.key}}",
            "F Name|x|customer.field.F Name|not a Kingdee field key"})
    void anUnusableValueNamesItsKey(String field, String value, String key, String message) {
        assertThatThrownBy(() -> TestMappings.fields(with(field, value)))
                .isInstanceOfSatisfying(CustomerFields.Invalid.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"FName", "FCreateOrgId", "FUseOrgId", "FGroup"})
    void aMissingRequiredFieldNamesItsKey(String required) {
        Map<String, String> m = new LinkedHashMap<>(TestMappings.defaultFields());
        m.remove(required);
        assertThatThrownBy(() -> TestMappings.fields(m))
                .isInstanceOfSatisfying(CustomerFields.Invalid.class,
                        e -> assertThat(e.key()).isEqualTo("customer.field." + required))
                .hasMessageContaining("required BD_Customer field " + required);
    }

    @Test
    void addedFieldsFollowTheTemplateFieldsInNameOrder() {
        Map<String, String> m = with("FZeta", "z");
        m.put("FAlpha", "a");
        assertThat(TestMappings.fields(m).fields()).extracting(CustomerFields.Field::name)
                .endsWith("FTRADINGCURRID", "FAlpha", "FZeta");
    }
}
