package com.wdtkingdee.sync.flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowStateTest {

    private static int seq;

    private static java.util.List<String> ids(int n) {
        java.util.List<String> l = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("id" + (seq++));
        }
        return l;
    }

    @ParameterizedTest(name = "total {0}, page size {1} → pages {2}")
    @CsvSource({"95,40,'0,2,1'", "40,40,'0'", "41,40,'0,1'", "0,40,'0'", "200,40,'0,4,3,2,1'"})
    void reversePagingReadsPageZeroThenLastToFirst(long total, int size, String expected) {
        WindowState w = new WindowState(1, new Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)), true);
        java.util.List<String> order = new java.util.ArrayList<>();
        do {
            order.add(Integer.toString(w.pageNo()));
            int rows = (int) Math.max(0, Math.min(size, total - (long) w.pageNo() * size));
            w.pageFetched(w.pageNo() == 0 ? total : null, ids(rows), size, 100);
        } while (w.isMore());
        assertThat(String.join(",", order)).isEqualTo(expected);
        assertThat(w.countMatches()).isTrue();
        assertThat(w.distinctOrders()).isEqualTo((int) total);
    }

    @Test
    void aShiftedPageIsDetectedByTheDistinctCount() {
        WindowState w = state();
        w.pageFetched(80L, java.util.List.of("a", "b"), 2, 100);
        w.pageFetched(null, java.util.List.of("b", "c"), 2, 100);   // "b" slid onto the next page: one row missed
        assertThat(w.countMatches()).isFalse();
        w.restartPass();
        assertThat(w.pageNo()).isZero();
        assertThat(w.isMore()).isTrue();
        assertThat(w.passes()).isEqualTo(2);
        assertThat(w.distinctOrders()).isZero();
    }

    private static WindowState state() {
        return new WindowState(1, new Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));
    }

    @ParameterizedTest(name = "page {0}: total={1} rows={2} → more={3}")
    @CsvSource(nullValues = "NULL", value = {
            // pageNo, totalCount(page 0), rows, expected more
            "0,100,40,true",
            "0,40,40,false",     // total reached on page 0
            "0,0,0,false",       // empty page
            "0,NULL,40,true",    // no total: continue while pages are full
            "0,NULL,39,false",   // short page
            "0,NULL,0,false"})
    void firstPageDecides(int pageNo, Long total, int rows, boolean more) {
        WindowState w = state();
        w.pageFetched(total, ids(rows), 40, 100);
        assertThat(w.isMore()).isEqualTo(more);
        assertThat(w.pageNo()).isEqualTo(1);
        assertThat(w.counts().orders()).isEqualTo(rows);
    }

    @Test
    void totalCountIsTakenFromPageZeroOnly() {
        WindowState w = state();
        w.pageFetched(120L, ids(40), 40, 100);
        w.pageFetched(null, ids(40), 40, 100);   // later pages carry no total: keep the one from page 0
        assertThat(w.isMore()).isTrue();
        w.pageFetched(5L, ids(40), 40, 100);     // a bogus total on a later page is ignored; 120 reached
        assertThat(w.isMore()).isFalse();
        assertThat(w.totalCount()).isEqualTo(120L);
        assertThat(w.counts().pages()).isEqualTo(3);
        assertThat(w.counts().orders()).isEqualTo(120);
    }

    @Test
    void maxPagesGuardFailsLoudly() {
        WindowState w = state();
        w.pageFetched(null, ids(40), 40, 2);
        assertThatThrownBy(() -> w.pageFetched(null, ids(40), 40, 2))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("sync.max-pages=2");
    }

    @Test
    void batchesMustAllBeResolved() {
        WindowState w = state();
        w.batchOpened();
        w.batchOpened();
        w.batchResolved();
        assertThat(w.unresolvedBatches()).isEqualTo(1);
        w.batchWritten(new BatchOutcome(3, 2, 1, 0, 3, 0));
        w.deadLettered(2);
        assertThat(w.counts().saved()).isEqualTo(2);
        assertThat(w.counts().existing()).isEqualTo(1);
        assertThat(w.counts().deadLettered()).isEqualTo(2);
    }
}
