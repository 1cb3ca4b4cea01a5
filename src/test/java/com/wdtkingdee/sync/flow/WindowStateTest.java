package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.customer.CustomerDraft;
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
        BatchBuckets batch = new BatchBuckets(java.util.List.of(draft("BZ", "甲"), draft("BZ", "乙"), draft("DZ", "丙")));
        batch.settle(draft("BZ", "甲").number(), Bucket.NEW);
        batch.settle(draft("BZ", "乙").number(), Bucket.NEW);
        batch.settle(draft("DZ", "丙").number(), Bucket.EXISTING);
        w.batchSettled(batch);
        w.landed(Bucket.PARKED, 2);
        assertThat(w.counts().saved()).isEqualTo(2);
        assertThat(w.counts().existing()).isEqualTo(1);
        assertThat(w.counts().deadLettered()).isEqualTo(2);
    }

    /**
     * Issue 16 item 4: every order read lands in exactly one bucket. Ten orders: two filtered, one parked on its own
     * (no organisation rule), 甲 three times (batched and created, then repeated twice), 乙 twice (already written,
     * then repeated), 丙 once (batched, rejected: parked), 丁 once (created by a first attempt that failed, found
     * written by the second: still new), 戊 once (batched in a window that failed before its batch was written).
     */
    @Test
    void everyOrderReadIsInExactlyOneBucket() {
        WindowState w = state();
        w.pageFetched(null, ids(11), 100, 10);
        w.filtered();
        w.filtered();
        w.landed(Bucket.PARKED, 1);
        java.util.List<CustomerDraft> batched = new java.util.ArrayList<>();
        for (String title : java.util.List.of("甲", "甲", "乙", "甲", "乙", "丙", "丁", "戊")) {
            CustomerDraft d = draft("BZ", title);
            if (!w.firstInWindow(d.key())) {
                w.landed(Bucket.REPEATED, 1);
            } else if (title.equals("乙")) {
                w.landed(Bucket.ALREADY_WRITTEN, 1);   // the registry holds it as written
            } else {
                batched.add(d);
            }
        }
        assertThat(batched).extracting(CustomerDraft::name).containsExactly("甲", "丙", "丁", "戊");
        BatchBuckets batch = new BatchBuckets(batched);
        batch.settle(draft("BZ", "丁").number(), Bucket.NEW);        // attempt 1 saved it, then failed transiently
        batch.foundWritten(draft("BZ", "丁").number());               // attempt 2 finds it written
        batch.foundWritten(draft("BZ", "甲").number());
        batch.settle(draft("BZ", "甲").number(), Bucket.NEW);        // (an earlier found-written is replaced)
        batch.settle(draft("BZ", "丙").number(), Bucket.PARKED);
        w.batchSettled(batch);

        var c = w.counts();
        assertThat(java.util.List.of(c.orders(), c.filtered(), c.deadLettered(), c.saved(), c.existing(),
                c.alreadyWritten(), c.repeated())).containsExactly(11, 2, 2, 2, 0, 1, 3);
        assertThat(w.unsettled()).as("戊: its batch ended without an outcome").isEqualTo(1);
        assertThat(c.bucketed()).isEqualTo(10);
        assertThat(c.bucketsAddUp()).as("a failing window's order is in no bucket").isFalse();

        BatchBuckets late = new BatchBuckets(java.util.List.of(draft("BZ", "戊")));
        late.settle(draft("BZ", "戊").number(), Bucket.EXISTING);
        w.batchSettled(late);
        assertThat(w.counts().bucketsAddUp()).isTrue();
        assertThat(w.counts().bucketed()).isEqualTo(11);
    }

    /** Batches settle on the writer pool while the window thread counts its orders: no count is lost. */
    @Test
    void bucketsAddUpWhenBatchesSettleOnOtherThreads() throws Exception {
        WindowState w = state();
        int batches = 200;
        int perBatch = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int b = 0; b < batches; b++) {
                w.pageFetched(null, ids(perBatch * 2), 1_000_000, 1_000_000);
                java.util.List<CustomerDraft> drafts = new java.util.ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    CustomerDraft d = draft(i % 2 == 0 ? "BZ" : "DZ", "t" + b + "-" + i);
                    assertThat(w.firstInWindow(d.key())).isTrue();
                    assertThat(w.firstInWindow(d.key())).isFalse();
                    w.landed(Bucket.REPEATED, 1);
                    drafts.add(d);
                }
                w.batchHanded();
                Bucket outcome = Bucket.values()[1 + b % 4];   // parked, new, existing, already written
                done.add(pool.submit(() -> {
                    BatchBuckets bb = new BatchBuckets(drafts);
                    drafts.forEach(d -> bb.settle(d.number(), outcome));
                    w.batchSettled(bb);
                    w.batchFinished();
                }));
            }
            assertThat(w.awaitBatches()).isTrue();
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        var c = w.counts();
        assertThat(c.orders()).isEqualTo(batches * perBatch * 2);
        assertThat(c.repeated()).isEqualTo(batches * perBatch);
        assertThat(c.bucketsAddUp()).as("%s", c).isTrue();
    }

    /**
     * The window's one completion primitive: its wait ends only when every batch handed so far is done (a batch done
     * on another thread later), reports a failed batch, and may be waited on again.
     */
    @Test
    void awaitBatchesWaitsForEveryHandedBatchAndReportsAFailure() throws Exception {
        WindowState w = state();
        assertThat(w.awaitBatches()).as("no batch handed").isTrue();
        w.batchHanded();
        w.batchHanded();
        assertThat(w.batchesInFlight()).isEqualTo(2);
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Boolean> awaited = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return w.awaitBatches();
        });
        waiting.await();
        w.batchFinished();
        Thread.sleep(100);
        assertThat(awaited).as("one batch still in flight").isNotDone();
        w.batchFailed(new IllegalStateException("boom"));
        w.batchFinished();
        assertThat(awaited.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("a batch failed").isFalse();
        assertThat(w.batchesInFlight()).isZero();
        assertThat(w.batchFailure()).hasMessage("boom");
        w.batchHanded();
        w.batchFinished();
        assertThat(w.awaitBatches()).as("waited on again: the failure stays").isFalse();
    }

    private static CustomerDraft draft(String org, String title) {
        com.wdtkingdee.sync.customer.CustomerKey key = com.wdtkingdee.sync.customer.CustomerKey.of(org, title);
        return new CustomerDraft(key, "WDT-" + org + "-" + Long.toHexString(key.digest64()), title, "", "CK-" + title,
                "1", "001");
    }
}
