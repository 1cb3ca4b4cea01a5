package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerRegistryTest {

    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        TestDatabase.truncateAll();
        registry = new CustomerRegistry(TestDatabase.dataSource());
    }

    private static CustomerCandidate candidate(String org, String title, String number) {
        return new CustomerCandidate(org, title, number, title + " 有限公司", "TAX-" + number, "SO-" + number,
                "ID-" + number);
    }

    @Test
    void registerStoresNewKeysAsNewAndReturnsThemByKey() {
        Map<String, CustomerRow> rows = registry.register(List.of(
                candidate("BZ", "甲公司", "C-1"), candidate("DZ", "甲公司", "C-2")));

        assertThat(rows).containsOnlyKeys("BZ|甲公司", "DZ|甲公司");
        CustomerRow bz = rows.get("BZ|甲公司");
        assertThat(bz.number()).isEqualTo("C-1");
        assertThat(bz.status()).isEqualTo(CustomerStatus.NEW);
        assertThat(bz.name()).isEqualTo("甲公司 有限公司");
        assertThat(bz.taxCode()).isEqualTo("TAX-C-1");
        assertThat(bz.firstStockoutNo()).isEqualTo("SO-C-1");
        assertThat(bz.fcustid()).isNull();
        assertThat(bz.allocatedAt()).isNull();
        assertThat(registry.byNumber("C-2")).map(CustomerRow::useOrg).contains("DZ");
        assertThat(registry.all()).hasSize(2);
    }

    @Test
    void registerIsIdempotentAndKeepsTheFirstNumberAndStockout() {
        long id = registry.register(List.of(candidate("BZ", "乙公司", "C-1"))).get("BZ|乙公司").id();

        Map<String, CustomerRow> again = registry.register(List.of(
                candidate("BZ", "乙公司", "C-99"), candidate("BZ", "丙公司", "C-3")));

        assertThat(again.get("BZ|乙公司").number()).isEqualTo("C-1");
        assertThat(again.get("BZ|乙公司").firstStockoutNo()).isEqualTo("SO-C-1");
        assertThat(again.get("BZ|乙公司").id()).isEqualTo(id);
        assertThat(again.get("BZ|丙公司").number()).isEqualTo("C-3");
        assertThat(registry.all()).extracting(CustomerRow::number).containsExactly("C-1", "C-3");
        assertThat(registry.byNumber("C-99")).isEmpty();
    }

    @Test
    void registerKeepsStatusOfExistingRows() {
        registry.register(List.of(candidate("BZ", "丁公司", "C-1")));
        registry.markSaved("C-1", "100234");

        CustomerRow row = registry.register(List.of(candidate("BZ", "丁公司", "C-1"))).get("BZ|丁公司");

        assertThat(row.status()).isEqualTo(CustomerStatus.SAVED);
        assertThat(row.fcustid()).isEqualTo("100234");
    }

    @Test
    void theFirstOfTwoCandidatesWithTheSameKeyWins() {
        Map<String, CustomerRow> rows = registry.register(List.of(
                candidate("BZ", "戊公司", "C-first"), candidate("BZ", "戊公司", "C-second")));

        assertThat(rows.get("BZ|戊公司").number()).isEqualTo("C-first");
        assertThat(registry.all()).hasSize(1);
    }

    @Test
    void aNumberTakenByAnotherKeyIsNotStoredAndNotReturned() {
        registry.register(List.of(candidate("BZ", "己公司", "C-1")));

        Map<String, CustomerRow> rows = registry.register(List.of(
                candidate("BZ", "庚公司", "C-1"), candidate("BZ", "辛公司", "C-2")));

        assertThat(rows).containsOnlyKeys("BZ|辛公司");
        assertThat(registry.byNumber("C-1").orElseThrow().titleKey()).isEqualTo("己公司");
    }

    @Test
    void emptyRegistrationDoesNothing() {
        assertThat(registry.register(List.of())).isEmpty();
    }

    @Test
    void concurrentRegistrationsOfTheSameKeysYieldOneRowPerKey() throws Exception {
        int keys = 200;
        List<CustomerCandidate> fromA = new ArrayList<>();
        List<CustomerCandidate> fromB = new ArrayList<>();
        IntStream.range(0, keys).forEach(i -> {
            fromA.add(candidate("BZ", "客户" + i, "A-" + i));
            fromB.add(candidate("BZ", "客户" + i, "B-" + i));
        });
        Collections.reverse(fromB); // opposite order: must neither deadlock nor duplicate
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Map<String, CustomerRow>> a = () -> {
                start.await();
                return registry.register(fromA);
            };
            Callable<Map<String, CustomerRow>> b = () -> {
                start.await();
                return new CustomerRegistry(TestDatabase.dataSource()).register(fromB);
            };
            Future<Map<String, CustomerRow>> resultA = pool.submit(a);
            Future<Map<String, CustomerRow>> resultB = pool.submit(b);
            Map<String, CustomerRow> seenByA = resultA.get(60, TimeUnit.SECONDS);
            Map<String, CustomerRow> seenByB = resultB.get(60, TimeUnit.SECONDS);

            assertThat(registry.all()).hasSize(keys);
            assertThat(seenByA).hasSize(keys);
            assertThat(seenByB).hasSize(keys);
            for (String key : seenByA.keySet()) {
                assertThat(seenByB.get(key).number()).as(key).isEqualTo(seenByA.get(key).number());
                assertThat(seenByB.get(key).id()).as(key).isEqualTo(seenByA.get(key).id());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} -> markSending -> {1}")
    @CsvSource({
            "NEW,      SENDING",
            "FAILED,   SENDING",
            "SENDING,  SENDING",
            "SAVED,    SAVED",
            "EXISTING, EXISTING",
    })
    void markSendingMovesOnlyUnconfirmedRows(CustomerStatus from, CustomerStatus expected) {
        registry.register(List.of(candidate("BZ", "壬公司", "C-1")));
        bringTo("C-1", from);

        registry.markSending(List.of("C-1", "C-unknown"));

        assertThat(registry.byNumber("C-1").orElseThrow().status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> markFailed -> {1}")
    @CsvSource({
            "NEW,      FAILED,   Kingdee says no",
            "SENDING,  FAILED,   Kingdee says no",
            "FAILED,   FAILED,   Kingdee says no",
            "SAVED,    SAVED,    ",
            "EXISTING, EXISTING, ",
    })
    void markFailedNeverUndoesAConfirmedSave(CustomerStatus from, CustomerStatus expected, String expectedReason) {
        registry.register(List.of(candidate("BZ", "癸公司", "C-1")));
        bringTo("C-1", from);

        registry.markFailed("C-1", "Kingdee says no");

        CustomerRow row = registry.byNumber("C-1").orElseThrow();
        assertThat(row.status()).isEqualTo(expected);
        assertThat(row.reason()).isEqualTo(expectedReason);
    }

    private void bringTo(String number, CustomerStatus status) {
        switch (status) {
            case NEW -> { }
            case SENDING -> registry.markSending(List.of(number));
            case FAILED -> registry.markFailed(number, "earlier failure");
            case SAVED -> registry.markSaved(number, "F-" + number);
            case EXISTING -> registry.markExisting(number, "F-" + number);
            default -> throw new IllegalArgumentException(status.name());
        }
        assertThat(registry.byNumber(number).orElseThrow().status()).isEqualTo(status);
    }

    @Test
    void aSendThatFailsCanBeRetriedAndThenSaved() {
        registry.register(List.of(candidate("BZ", "甲", "C-1"), candidate("BZ", "乙", "C-2")));

        registry.markSending(List.of("C-1", "C-2"));
        registry.markFailed("C-1", "MsgCode 2: bad field");
        registry.markExisting("C-2", "200002");
        assertThat(registry.byNumber("C-1").orElseThrow().reason()).isEqualTo("MsgCode 2: bad field");

        registry.markSending(List.of("C-1"));
        registry.markSaved("C-1", "200001");

        CustomerRow saved = registry.byNumber("C-1").orElseThrow();
        assertThat(saved.status()).isEqualTo(CustomerStatus.SAVED);
        assertThat(saved.fcustid()).isEqualTo("200001");
        assertThat(saved.reason()).isNull();
        assertThat(registry.byNumber("C-2").orElseThrow().status()).isEqualTo(CustomerStatus.EXISTING);
        assertThat(registry.byNumber("C-2").orElseThrow().fcustid()).isEqualTo("200002");
        assertThat(registry.byStatus(CustomerStatus.SAVED)).extracting(CustomerRow::number).containsExactly("C-1");
    }

    @Test
    void marksOfUnknownNumbersAreRefused() {
        assertThatThrownBy(() -> registry.markSaved("nope", "1")).isInstanceOf(StateException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> registry.markExisting("nope", "1")).isInstanceOf(StateException.class);
        assertThatThrownBy(() -> registry.markFailed("nope", "x")).isInstanceOf(StateException.class);
    }

    @Test
    void allocationTimeIsSetOnceAndKept() throws Exception {
        registry.register(List.of(candidate("BZ", "甲", "C-1"), candidate("BZ", "乙", "C-2")));

        registry.markAllocated(List.of("C-1"));
        var first = registry.byNumber("C-1").orElseThrow().allocatedAt();
        registry.markAllocated(List.of("C-1", "C-2"));

        assertThat(first).isNotNull();
        assertThat(registry.byNumber("C-1").orElseThrow().allocatedAt()).isEqualTo(first);
        assertThat(registry.byNumber("C-2").orElseThrow().allocatedAt()).isNotNull();
    }

    @Test
    void countByStatusListsEveryStatus() {
        registry.register(List.of(candidate("BZ", "甲", "C-1"), candidate("BZ", "乙", "C-2"),
                candidate("BZ", "丙", "C-3")));
        registry.markSaved("C-1", "1");
        registry.markSaved("C-2", "2");

        Map<CustomerStatus, Long> counts = registry.countByStatus();

        assertThat(counts).containsOnlyKeys(CustomerStatus.values());
        assertThat(counts.get(CustomerStatus.SAVED)).isEqualTo(2L);
        assertThat(counts.get(CustomerStatus.NEW)).isEqualTo(1L);
        assertThat(counts.get(CustomerStatus.FAILED)).isZero();
    }

    @Test
    void confirmAllAndByNumbersWorkOnWholeBatches() {
        registry.register(List.of(candidate("BZ", "甲公司", "C-1"), candidate("BZ", "乙公司", "C-2"),
                candidate("DZ", "丙公司", "C-3")));
        registry.markSending(List.of("C-1", "C-2", "C-3"));
        registry.confirmAll(java.util.Map.of("C-1", "101", "C-2", "102"), CustomerStatus.SAVED);
        registry.confirmAll(java.util.Map.of("C-3", "103"), CustomerStatus.EXISTING);
        var rows = registry.byNumbers(List.of("C-1", "C-2", "C-3", "C-404"));
        assertThat(rows).containsOnlyKeys("C-1", "C-2", "C-3");
        assertThat(rows.get("C-1").status()).isEqualTo(CustomerStatus.SAVED);
        assertThat(rows.get("C-2").fcustid()).isEqualTo("102");
        assertThat(rows.get("C-3").status()).isEqualTo(CustomerStatus.EXISTING);
        assertThat(rows.get("C-3").fcustid()).isEqualTo("103");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                registry.confirmAll(java.util.Map.of("C-1", "1"), CustomerStatus.FAILED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> markAllFailed -> {1}")
    @CsvSource({
            "NEW,      FAILED,   Kingdee says no to C-1",
            "SENDING,  FAILED,   Kingdee says no to C-1",
            "FAILED,   FAILED,   Kingdee says no to C-1",
            "SAVED,    SAVED,    ",
            "EXISTING, EXISTING, ",
    })
    void markAllFailedNeverUndoesAConfirmedSaveAndKeepsEachRowsReason(CustomerStatus from, CustomerStatus expected,
                                                                      String expectedReason) {
        registry.register(List.of(candidate("BZ", "癸公司", "C-1"), candidate("BZ", "子公司", "C-2")));
        bringTo("C-1", from);

        registry.markAllFailed(new java.util.LinkedHashMap<>(Map.of("C-1", "Kingdee says no to C-1",
                "C-2", "Kingdee says no to C-2", "C-unknown", "ignored")));

        CustomerRow row = registry.byNumber("C-1").orElseThrow();
        assertThat(row.status()).isEqualTo(expected);
        assertThat(row.reason()).isEqualTo(expectedReason);
        assertThat(registry.byNumber("C-2").orElseThrow().reason()).isEqualTo("Kingdee says no to C-2");
        assertThat(registry.byNumber("C-unknown")).isEmpty();
    }

    @Test
    void confirmAllAndReadRecordsTheConfirmedRowsAndReturnsTheWholeBatchAsItIsAfterwards() {
        registry.register(List.of(candidate("BZ", "甲公司", "C-1"), candidate("BZ", "乙公司", "C-2"),
                candidate("BZ", "丙公司", "C-3"), candidate("BZ", "丁公司", "C-4")));
        registry.markSending(List.of("C-1", "C-2", "C-3"));
        registry.markExisting("C-4", "104");
        registry.markAllocated(List.of("C-4"));

        Map<String, CustomerRow> rows = registry.confirmAllAndRead(Map.of("C-1", "101", "C-2", "102"),
                CustomerStatus.SAVED, List.of("C-1", "C-2", "C-3", "C-4", "C-404"));

        assertThat(rows).containsOnlyKeys("C-1", "C-2", "C-3", "C-4");
        assertThat(rows.get("C-1").status()).isEqualTo(CustomerStatus.SAVED);
        assertThat(rows.get("C-1").fcustid()).isEqualTo("101");
        assertThat(rows.get("C-2").fcustid()).isEqualTo("102");
        assertThat(rows.get("C-3").status()).isEqualTo(CustomerStatus.SENDING);   // not confirmed: as it was
        assertThat(rows.get("C-4").allocatedAt()).isNotNull();
        // what it returned is what the registry holds
        assertThat(registry.byNumbers(List.of("C-1", "C-2", "C-3", "C-4"))).isEqualTo(rows);

        Map<String, CustomerRow> none = registry.confirmAllAndRead(Map.of(), CustomerStatus.EXISTING, List.of("C-3"));
        assertThat(none).containsOnlyKeys("C-3");
        assertThatThrownBy(() -> registry.confirmAllAndRead(Map.of("C-3", "1"), CustomerStatus.NEW, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registrationOfAMixedBatchReturnsEveryKeyOnceWithTheStoredRow() {
        registry.register(List.of(candidate("BZ", "甲公司", "C-1")));
        registry.markSaved("C-1", "101");

        Map<String, CustomerRow> rows = registry.register(List.of(candidate("BZ", "甲公司", "C-1"),
                candidate("BZ", "乙公司", "C-2"), candidate("BZ", "乙公司", "C-2b"), candidate("DZ", "甲公司", "C-3")));

        assertThat(rows).containsOnlyKeys("BZ|甲公司", "BZ|乙公司", "DZ|甲公司");
        assertThat(rows.get("BZ|甲公司").status()).isEqualTo(CustomerStatus.SAVED);
        assertThat(rows.get("BZ|乙公司").number()).isEqualTo("C-2");
        assertThat(rows.get("DZ|甲公司").status()).isEqualTo(CustomerStatus.NEW);
        assertThat(registry.all()).hasSize(3);
    }
}
