package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.state.WindowCounts;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of one window while it runs: the paging position and the counts that end up in its run-log row.
 * Carried as the exchange property {@value #PROPERTY}; batches and dead letters update it.
 */
public final class WindowState implements BatchWriter.Tally {

    public static final String PROPERTY = "window";

    private final long runId;
    private final Window window;
    private int pageNo;
    private boolean more = true;
    private Long totalCount;
    private final boolean reverse;
    private int pagesThisPass;
    private int passes = 1;
    private boolean passPending = true;
    private boolean passStarted;
    private final DistinctIds distinct = new DistinctIds();
    final AtomicInteger pages = new AtomicInteger();
    final AtomicInteger orders = new AtomicInteger();
    final AtomicInteger filtered = new AtomicInteger();
    final AtomicInteger customersSent = new AtomicInteger();
    final AtomicInteger saved = new AtomicInteger();
    final AtomicInteger existing = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger deadLettered = new AtomicInteger();
    final AtomicInteger batchesOpened = new AtomicInteger();
    /** batches the aggregator handed to the writer pool, and those whose routing has ended (any outcome) */
    private int batchesHanded;
    private int batchesFinished;
    final AtomicInteger alreadyWritten = new AtomicInteger();
    /** customers dropped before batching as already written, so that each counts once */
    private final java.util.Set<String> skippedWritten = new java.util.HashSet<>();
    /** customers of this window already handed to a batch, per use organisation (their {@code digest64}) */
    private final java.util.Map<String, com.wdtkingdee.sync.util.LongSet> batched = new java.util.HashMap<>();
    final AtomicInteger batchesResolved = new AtomicInteger();

    public WindowState(long runId, Window window) {
        this(runId, window, false);
    }

    public WindowState(long runId, Window window, boolean reverse) {
        this.runId = runId;
        this.window = window;
        this.reverse = reverse;
    }

    /** Parked items of this window per reason: count and a few sample keys (for one summary line each). */
    private final java.util.Map<String, Parked> parkedByReason = new java.util.LinkedHashMap<>();
    private volatile Throwable batchFailure;

    /** Items parked for one reason. */
    public static final class Parked {
        private int count;
        private final List<String> samples = new java.util.ArrayList<>();

        public int count() {
            return count;
        }

        public List<String> samples() {
            return samples;
        }
    }

    /** Counts items parked (or, in a dry run, that would be) for a reason, keeping up to 3 sample keys. */
    public synchronized void parked(int n, String reason, List<String> keys) {
        deadLettered(n);
        Parked p = parkedByReason.computeIfAbsent(reason, r -> new Parked());
        p.count += n;
        for (String k : keys) {
            if (p.samples.size() >= 3) {
                break;
            }
            p.samples.add(k);
        }
    }

    public synchronized java.util.Map<String, Parked> parkedByReason() {
        return new java.util.LinkedHashMap<>(parkedByReason);
    }

    /** A batch of this window was neither written nor parked: the window must fail. */
    public synchronized void batchFailed(Throwable cause) {
        if (batchFailure == null) {
            batchFailure = cause == null ? new IllegalStateException("a batch failed") : cause;
        }
        notifyAll();
    }

    /**
     * Waits until the routing of every batch handed to the writer pool has ended (written, parked or failed), so
     * that no batch of this window is still being written when the window commits or gives up.
     *
     * @return true when none failed; false when one failed or the wait was interrupted
     */
    public synchronized boolean awaitBatches() {
        while (batchesFinished < batchesHanded) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return batchFailure == null;
    }

    public Throwable batchFailure() {
        return batchFailure;
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
     * Records a fetched page and decides which page follows.
     * <ul>
     *   <li>Forward (default): pages 0, 1, 2, … until an empty or short page, or the {@code total_count} of
     *       page 0 is reached.</li>
     *   <li>Reverse ({@code wdt.reverse-paging}, the vendor's advice against rows shifting while paging): page 0
     *       for {@code total_count}, then the last page down to page 1. Without a total it pages forward.</li>
     * </ul>
     *
     * @param ids the stockout ids of the page, counted as distinct orders of the pass
     * @throws PermanentFailure when another page is needed beyond {@code maxPages}
     */
    public synchronized void pageFetched(Long total, List<String> ids, int pageSize, int maxPages) {
        int rows = ids.size();
        if (pageNo == 0) {
            totalCount = total;
        }
        pages.incrementAndGet();
        orders.addAndGet(rows);
        pagesThisPass++;
        ids.forEach(id -> distinct.add(id == null ? "" : id));
        if (reverse && totalCount != null) {
            long lastPage = totalCount == 0 ? 0 : (totalCount - 1) / pageSize;
            if (pageNo == 0) {
                pageNo = (int) Math.min(lastPage, Integer.MAX_VALUE);
                more = lastPage >= 1;
            } else {
                pageNo--;
                more = pageNo >= 1;
            }
        } else {
            boolean reachedTotal = totalCount != null && (long) (pageNo + 1) * pageSize >= totalCount;
            more = rows > 0 && rows >= pageSize && !reachedTotal;
            pageNo++;
        }
        if (more && pagesThisPass >= maxPages) {
            more = false;
            throw new PermanentFailure("window " + window + " needs more than sync.max-pages=" + maxPages
                    + " pages (total_count " + totalCount + "): refusing to continue");
        }
    }

    /** Read by the re-read loop of the window route: another pass over the window is due. */
    public synchronized boolean isPassPending() {
        return passPending;
    }

    /** Begins a pass: the first one as is, later ones from page 0 again. */
    public synchronized void beginPass() {
        if (passStarted) {
            restartPass();
        }
        passStarted = true;
        passPending = false;
    }

    public synchronized void requestPass() {
        passPending = true;
    }

    /** Reads the window again from page 0 (after the distinct count did not match {@code total_count}). */
    public synchronized void restartPass() {
        pageNo = 0;
        more = true;
        pagesThisPass = 0;
        distinct.clear();
        passes++;
    }

    /** Distinct stockout ids read in the current pass. */
    public synchronized int distinctOrders() {
        return distinct.size();
    }

    /** Passes over the window so far (1 for the first read). */
    public synchronized int passes() {
        return passes;
    }

    /** True when the pass read exactly {@code total_count} distinct orders, or the source gave no total. */
    public synchronized boolean countMatches() {
        return totalCount == null || totalCount == distinct.size();
    }

    public void filtered() {
        filtered.incrementAndGet();
    }

    public void deadLettered(int n) {
        deadLettered.addAndGet(n);
        failed.addAndGet(n);
    }

    /** Customers skipped because an earlier run wrote them (saved or existing, and allocated). */
    public void alreadyWritten(int n) {
        alreadyWritten.addAndGet(n);
    }

    /**
     * An order's customer was dropped before batching because the registry holds it as written; counted once per
     * customer and window.
     */
    public synchronized void skippedAsWritten(String customerId) {
        if (skippedWritten.add(customerId)) {
            alreadyWritten.incrementAndGet();
        }
    }

    /**
     * True the first time a customer of this window goes to a batch; a later order of the same customer in the same
     * window adds nothing (its customer is in a batch already, written, in flight or parked with it).
     */
    public synchronized boolean firstInWindow(com.wdtkingdee.sync.customer.CustomerKey key) {
        return batched.computeIfAbsent(key.useOrg(), o -> new com.wdtkingdee.sync.util.LongSet()).add(key.digest64());
    }

    public int alreadyWritten() {
        return alreadyWritten.get();
    }

    public void batchOpened() {
        batchesOpened.incrementAndGet();
    }

    /** The aggregator completed a batch of this window and hands it to the writer pool. */
    public synchronized void batchHanded() {
        batchesHanded++;
    }

    /** The routing of a handed batch has ended, whatever its outcome (its exchange is done). */
    public synchronized void batchFinished() {
        batchesFinished++;
        notifyAll();
    }

    public synchronized void batchResolved() {
        batchesResolved.incrementAndGet();
        notifyAll();
    }

    public int unresolvedBatches() {
        return batchesOpened.get() - batchesResolved.get();
    }

    @Override
    public void add(int sent, int saved, int existing, int parked) {
        this.customersSent.addAndGet(sent);
        this.saved.addAndGet(saved);
        this.existing.addAndGet(existing);
        deadLettered(parked);
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
