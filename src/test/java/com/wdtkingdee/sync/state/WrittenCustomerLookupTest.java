package com.wdtkingdee.sync.state;

import com.wdtkingdee.sync.customer.CustomerKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the embedded PostgreSQL: only customers saved or existing AND allocated count as written. */
class WrittenCustomerLookupTest {

    private CustomerRegistry registry;
    private WrittenCustomerLookup lookup;

    @BeforeEach
    void setUp() {
        TestDatabase.truncateAll();
        registry = new CustomerRegistry(TestDatabase.dataSource());
        lookup = new WrittenCustomerLookup(TestDatabase.dataSource());
    }

    private void row(String org, String title, String number) {
        registry.register(List.of(new CustomerCandidate(org, title, number, title, "TAX", "SO-" + number, "1")));
    }

    @Test
    void onlySavedOrExistingAndAllocatedCustomersAreWritten() {
        row("BZ", "新", "C-1");                                     // NEW
        row("BZ", "发送中", "C-2");
        registry.markSending(List.of("C-2"));                         // SENDING: outcome unknown
        row("BZ", "已保存", "C-3");
        registry.markSaved("C-3", "101");                             // saved, not allocated
        row("BZ", "已分配", "C-4");
        registry.markSaved("C-4", "102");
        registry.markAllocated(List.of("C-4"));                       // written
        row("DZ", "已存在", "C-5");
        registry.markExisting("C-5", "103");
        registry.markAllocated(List.of("C-5"));                       // written
        row("DZ", "失败", "C-6");
        registry.markFailed("C-6", "rejected");

        var asked = List.of(new CustomerKey("BZ", "新"), new CustomerKey("BZ", "发送中"), new CustomerKey("BZ", "已保存"),
                new CustomerKey("BZ", "已分配"), new CustomerKey("DZ", "已存在"), new CustomerKey("DZ", "失败"),
                new CustomerKey("DZ", "已分配"),                      // same title, other organisation: another customer
                new CustomerKey("BZ", "不存在"));

        assertThat(lookup.writtenAmong(asked)).containsExactlyInAnyOrder("BZ|已分配", "DZ|已存在");
    }

    @Test
    void titlesWithSeparatorsQuotesAndEmojiAreMatchedExactly() {
        String odd = "A|B 'q' \"d\" \\ 😀";
        row("BZ", odd, "C-7");
        registry.markSaved("C-7", "107");
        registry.markAllocated(List.of("C-7"));

        assertThat(lookup.writtenAmong(List.of(new CustomerKey("BZ", odd), new CustomerKey("BZ", "A"))))
                .containsExactly("BZ|" + odd);
        assertThat(lookup.writtenAmong(List.of())).isEmpty();
    }
}
