package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerKey;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.customer.StockoutOrder;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WrittenCustomersTest {

    private static final OrgRule RULE = OrgRule.of(Map.of("DZ", "005,006", "BZ", "002,003"));

    private final List<Collection<CustomerKey>> lookups = new ArrayList<>();

    private WrittenCustomers bean(Set<String> writtenIds) {
        return new WrittenCustomers(RULE, keys -> {
            lookups.add(List.copyOf(keys));
            return keys.stream().map(CustomerKey::id).filter(writtenIds::contains).collect(Collectors.toSet());
        });
    }

    private static StockoutOrder order(String no, String shop, String title) {
        return new StockoutOrder("1001", no, shop, title, "91330106MA2AAAAA1A", "2024-05-20 09:41:07",
                "2024-05-20 09:41:08", 95);
    }

    @ParameterizedTest(name = "shop {0}, title ''{1}'' → key {2}")
    @CsvSource(delimiter = ';', value = {
            "005 ; 甲公司      ; DZ|甲公司",
            "002 ; 甲公司      ; BZ|甲公司",
            "003 ; '  乙公司 ' ; BZ|乙公司",
            "0099; 甲公司      ; (none: no rule)",
            "005 ; ''         ; (none: blank title)",
            "005 ; '　'        ; (none: blank title)"})
    void keysComeFromTheSameRuleAndNormalisationAsTheOrderRoute(String shop, String title, String expected) {
        Set<CustomerKey> keys = bean(Set.of()).keysOf(List.of(order("CK1", shop, title)));
        if (expected.startsWith("(none")) {
            assertThat(keys).isEmpty();
        } else {
            assertThat(keys).extracting(CustomerKey::id).containsExactly(expected);
        }
    }

    @Test
    void onePageIsOneLookupOfItsDistinctCustomers() {
        WrittenCustomers bean = bean(Set.of("DZ|甲公司"));
        Exchange page = exchange(CycleMode.ONCE);
        page.getMessage().setBody(List.of(order("CK1", "005", "甲公司"), order("CK2", "006", "甲公司"),
                order("CK3", "002", "甲公司"), order("CK4", "005", "乙公司"), order("CK5", "0099", "丙公司")));

        page.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page));

        assertThat(lookups).hasSize(1);
        assertThat(lookups.get(0)).extracting(CustomerKey::id).containsExactly("DZ|甲公司", "BZ|甲公司", "DZ|乙公司");
        assertThat(page.getProperty(WrittenCustomers.PROPERTY, Set.class)).containsExactly("DZ|甲公司");
    }

    @Test
    void aWrittenCustomerIsDroppedAndCountedOncePerWindow() {
        WrittenCustomers bean = bean(Set.of("DZ|甲公司"));
        Exchange page = exchange(CycleMode.SERVICE);
        WindowState w = new WindowState(1, null);
        page.setProperty(WindowState.PROPERTY, w);
        page.getMessage().setBody(List.of(order("CK1", "005", "甲公司")));
        page.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page));

        assertThat(bean.needsWrite(orderExchange(page, "DZ", "甲公司"))).isFalse();
        assertThat(bean.needsWrite(orderExchange(page, "DZ", "甲公司"))).isFalse();
        assertThat(bean.needsWrite(orderExchange(page, "BZ", "甲公司"))).isTrue();
        assertThat(w.alreadyWritten()).isEqualTo(1);
        assertThat(w.count(Bucket.REPEATED)).as("the second order of the written customer").isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"DRY_RUN", "RECONCILE"})
    void inTheModesThatOnlyReadACustomerStillGoesToOneBatchPerWindow(CycleMode mode) {
        WrittenCustomers bean = bean(Set.of("DZ|甲公司"));
        Exchange page = exchange(mode);
        WindowState w = new WindowState(1, null);
        page.setProperty(WindowState.PROPERTY, w);
        page.getMessage().setBody(List.of(order("CK1", "005", "甲公司"), order("CK2", "005", "甲公司")));
        page.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page));

        assertThat(bean.needsWrite(orderExchange(page, "DZ", "甲公司"))).isTrue();
        assertThat(bean.needsWrite(orderExchange(page, "DZ", "甲公司"))).isFalse();
        assertThat(w.alreadyWritten()).as("no registry lookup").isZero();
        assertThat(w.count(Bucket.REPEATED)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"DRY_RUN", "RECONCILE"})
    void modesThatOnlyReadLookNothingUpAndDropNothing(CycleMode mode) {
        WrittenCustomers bean = bean(Set.of("DZ|甲公司"));
        Exchange page = exchange(mode);
        page.getMessage().setBody(List.of(order("CK1", "005", "甲公司")));
        page.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page));

        assertThat(lookups).isEmpty();
        assertThat(bean.needsWrite(orderExchange(page, "DZ", "甲公司"))).isTrue();
    }

    @Test
    void aCustomerAlreadyBatchedInTheWindowIsNotBatchedAgainOnALaterPage() {
        WrittenCustomers bean = bean(Set.of());
        Exchange page1 = exchange(CycleMode.ONCE);
        WindowState w = new WindowState(1, null);
        page1.setProperty(WindowState.PROPERTY, w);
        page1.getMessage().setBody(List.of(order("CK1", "005", "甲公司")));
        page1.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page1));
        assertThat(bean.needsWrite(orderExchange(page1, "DZ", "甲公司"))).isTrue();

        Exchange page2 = exchange(CycleMode.ONCE);
        page2.setProperty(WindowState.PROPERTY, w);
        page2.getMessage().setBody(List.of(order("CK9", "005", " 甲公司 ")));
        page2.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(page2));   // not written yet (its batch may still be in flight)
        assertThat(bean.needsWrite(orderExchange(page2, "DZ", " 甲公司 "))).isFalse();
        assertThat(bean.needsWrite(orderExchange(page2, "BZ", "甲公司"))).as("another organisation").isTrue();
        assertThat(w.alreadyWritten()).as("a repeat is not an already written customer").isZero();
        assertThat(w.count(Bucket.REPEATED)).as("but repeated").isEqualTo(1);

        WindowState next = new WindowState(2, null);
        Exchange otherWindow = exchange(CycleMode.ONCE);
        otherWindow.setProperty(WindowState.PROPERTY, next);
        otherWindow.getMessage().setBody(List.of(order("CK1", "005", "甲公司")));
        otherWindow.setProperty(WrittenCustomers.PROPERTY, bean.lookupPage(otherWindow));
        assertThat(bean.needsWrite(orderExchange(otherWindow, "DZ", "甲公司"))).as("a new window").isTrue();
    }

    private static Exchange exchange(CycleMode mode) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(CycleMode.PROPERTY, mode);
        return e;
    }

    private static Exchange orderExchange(Exchange page, String org, String title) {
        Exchange e = page.copy();
        StockoutOrder o = order("CKx", "005", title);
        e.getMessage().setBody(new com.wdtkingdee.sync.customer.CustomerMapper(com.wdtkingdee.sync.customer.TestMappings.config()).toCustomer(o, org));
        return e;
    }
}
