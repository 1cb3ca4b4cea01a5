package com.wdtkingdee.sync.flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowStateTest {

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
        w.pageFetched(total, rows, 40, 100);
        assertThat(w.isMore()).isEqualTo(more);
        assertThat(w.pageNo()).isEqualTo(1);
        assertThat(w.counts().orders()).isEqualTo(rows);
    }

    @Test
    void totalCountIsTakenFromPageZeroOnly() {
        WindowState w = state();
        w.pageFetched(120L, 40, 40, 100);
        w.pageFetched(null, 40, 40, 100);   // later pages carry no total: keep the one from page 0
        assertThat(w.isMore()).isTrue();
        w.pageFetched(5L, 40, 40, 100);     // a bogus total on a later page is ignored; 120 reached
        assertThat(w.isMore()).isFalse();
        assertThat(w.totalCount()).isEqualTo(120L);
        assertThat(w.counts().pages()).isEqualTo(3);
        assertThat(w.counts().orders()).isEqualTo(120);
    }

    @Test
    void maxPagesGuardFailsLoudly() {
        WindowState w = state();
        w.pageFetched(null, 40, 40, 2);
        assertThatThrownBy(() -> w.pageFetched(null, 40, 40, 2))
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
