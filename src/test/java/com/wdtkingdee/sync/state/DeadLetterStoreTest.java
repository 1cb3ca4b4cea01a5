package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterStoreTest {

    private static final String SCHEME = "customer-sync";

    private DeadLetterStore store;

    @BeforeEach
    void setUp() {
        TestDatabase.truncateAll();
        store = new DeadLetterStore(TestDatabase.dataSource());
    }

    @Test
    void parkingStoresTheItem() {
        long id = store.park(SCHEME, "org-rule", "SO-1", "{\"shop_no\":\"009\",\"title\":\"甲公司\"}",
                "no organisation rule for shop_no 009", 1);

        DeadLetter letter = store.open(SCHEME, null, null).get(0);
        assertThat(letter.id()).isEqualTo(id);
        assertThat(letter.stage()).isEqualTo("org-rule");
        assertThat(letter.itemKey()).isEqualTo("SO-1");
        assertThat(letter.payload()).isEqualTo("{\"title\": \"甲公司\", \"shop_no\": \"009\"}");
        assertThat(letter.reason()).isEqualTo("no organisation rule for shop_no 009");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.firstAttempt()).isNotNull();
        assertThat(letter.open()).isTrue();
        assertThat(store.countOpen(SCHEME)).isEqualTo(1);
    }

    @Test
    void parkingTheSameOpenItemAgainAccumulatesAttempts() {
        long id = store.park(SCHEME, "batch-save", "C-1", "{\"n\":1}", "timeout", 1);

        long again = store.park(SCHEME, "batch-save", "C-1", "{\"n\":2}", "MsgCode 2: bad field", 3);

        assertThat(again).isEqualTo(id);
        DeadLetter letter = store.open(SCHEME, id, null).get(0);
        assertThat(letter.attempts()).isEqualTo(4);
        assertThat(letter.reason()).isEqualTo("MsgCode 2: bad field");
        assertThat(letter.payload()).isEqualTo("{\"n\": 2}");
        assertThat(letter.lastAttempt()).isAfterOrEqualTo(letter.firstAttempt());
        assertThat(store.countOpen(SCHEME)).isEqualTo(1);
    }

    @Test
    void stageAndSchemeSeparateItems() {
        long a = store.park(SCHEME, "batch-save", "C-1", null, "r", 1);
        long b = store.park(SCHEME, "allocate", "C-1", null, "r", 1);
        long c = store.park("other", "batch-save", "C-1", null, "r", 1);

        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(store.countOpen(SCHEME)).isEqualTo(2);
        assertThat(store.countOpen("other")).isEqualTo(1);
        assertThat(store.open(SCHEME, null, null).get(0).payload()).isNull();
    }

    @Test
    void resolvingHidesTheItemAndAFreshFailureOpensANewRow() {
        long id = store.park(SCHEME, "org-rule", "SO-1", "{}", "no rule", 2);

        store.resolve(id, "rule added, retried");

        assertThat(store.open(SCHEME, null, null)).isEmpty();
        assertThat(store.open(SCHEME, id, null)).isEmpty();
        assertThat(store.countOpen(SCHEME)).isZero();
        assertThatThrownBy(() -> store.resolve(id, "twice")).isInstanceOf(StateException.class)
                .hasMessageContaining(String.valueOf(id));

        long reopened = store.park(SCHEME, "org-rule", "SO-1", "{}", "no rule", 1);
        assertThat(reopened).isNotEqualTo(id);
        assertThat(store.open(SCHEME, null, null)).singleElement()
                .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(1));
    }

    @Test
    void openFiltersByIdAndByReasonText() {
        long a = store.park(SCHEME, "org-rule", "SO-1", "{}", "no organisation rule for shop_no 009", 1);
        long b = store.park(SCHEME, "batch-save", "C-2", "{}", "MsgCode 2: FName is empty", 1);
        store.park(SCHEME, "batch-save", "C-3", "{}", "100% sure it failed", 1);

        assertThat(store.open(SCHEME, null, "SHOP_NO")).extracting(DeadLetter::id).containsExactly(a);
        assertThat(store.open(SCHEME, null, "msgcode")).extracting(DeadLetter::id).containsExactly(b);
        assertThat(store.open(SCHEME, null, "_")).extracting(DeadLetter::id).containsExactly(a);
        assertThat(store.open(SCHEME, null, "%")).hasSize(1);
        assertThat(store.open(SCHEME, b, null)).extracting(DeadLetter::id).containsExactly(b);
        assertThat(store.open(SCHEME, b, "shop_no")).isEmpty();
        assertThat(store.open(SCHEME, null, null)).hasSize(3);
        assertThat(store.open("other", null, null)).isEmpty();
    }

    @Test
    void payloadMustBeJson() {
        assertThatThrownBy(() -> store.park(SCHEME, "org-rule", "SO-1", "not json", "r", 1))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("park");
        assertThat(store.countOpen(SCHEME)).isZero();
    }
}
