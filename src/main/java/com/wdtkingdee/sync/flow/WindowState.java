package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.state.WindowCounts;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of one window while it runs: the paging position and the counts that end up in its run-log row.
 * Carried as the exchange property {@value #PROPERTY}; batches and dead letters update it.
 */
public final class WindowState {

    public static final String PROPERTY = "window";

    private final long runId;
    private final Window window;
    private int pageNo;
    private boolean more = true;
    private Long totalCount;
    final AtomicInteger pages = new AtomicInteger();
    final AtomicInteger orders = new AtomicInteger();
    final AtomicInteger filtered = new AtomicInteger();
    final AtomicInteger customersSent = new AtomicInteger();
    final AtomicInteger saved = new AtomicInteger();
    final AtomicInteger existing = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger deadLettered = new AtomicInteger();
    final AtomicInteger batchesOpened = new AtomicInteger();
    final AtomicInteger batchesResolved = new AtomicInteger();

    public WindowState(long runId, Window window) {
        this.runId = runId;
        this.window = window;
    }

    public long runId() {
        return runId;
    }

    public Window window() {
        return window;
    }

    public int pageNo() {
        return pageNo;
    }

    /** Read by the paging loop of the window route. */
    public boolean isMore() {
        return more;
    }

    public Long totalCount() {
        return totalCount;
    }

    /**
     * Records a fetched page and decides whether another page follows: not after an empty or short page, nor
     * once the {@code total_count} of page 0 is reached.
     *
     * @throws PermanentFailure when another page is needed beyond {@code maxPages}
     */
    public synchronized void pageFetched(Long total, int rows, int pageSize, int maxPages) {
        if (pageNo == 0) {
            totalCount = total;
        }
        pages.incrementAndGet();
        orders.addAndGet(rows);
        boolean reachedTotal = totalCount != null && (long) (pageNo + 1) * pageSize >= totalCount;
        more = rows > 0 && rows >= pageSize && !reachedTotal;
        pageNo++;
        if (more && pageNo >= maxPages) {
            more = false;
            throw new PermanentFailure("window " + window + " needs more than sync.max-pages=" + maxPages
                    + " pages (total_count " + totalCount + "): refusing to continue");
        }
    }

    public void filtered() {
        filtered.incrementAndGet();
    }

    public void deadLettered(int n) {
        deadLettered.addAndGet(n);
        failed.addAndGet(n);
    }

    public void batchOpened() {
        batchesOpened.incrementAndGet();
    }

    public void batchResolved() {
        batchesResolved.incrementAndGet();
    }

    public int unresolvedBatches() {
        return batchesOpened.get() - batchesResolved.get();
    }

    public void batchWritten(BatchOutcome o) {
        customersSent.addAndGet(o.sent());
        saved.addAndGet(o.saved());
        existing.addAndGet(o.existing());
        deadLettered(o.parked());
    }

    public WindowCounts counts() {
        return new WindowCounts(pages.get(), orders.get(), filtered.get(), customersSent.get(), saved.get(),
                existing.get(), failed.get(), deadLettered.get());
    }
}
