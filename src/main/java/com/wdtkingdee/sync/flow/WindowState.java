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
    /** orders per bucket ({@link Bucket}): every order read lands in exactly one */
    private final AtomicInteger[] buckets = new AtomicInteger[Bucket.values().length];
    /** customers sent to BatchSave (re-sends included); in a dry run, the customers it would write */
    final AtomicInteger customersSent = new AtomicInteger();
    /** dead letters written (or, in a dry run, that would be): orders and customers */
    final AtomicInteger letters = new AtomicInteger();
    /** the window's batches: handed to the writers, done, failed, resolved ({@link WindowBatches}) */
    private final WindowBatches batches = new WindowBatches();
    /** customers of the batches whose routing ended without an outcome for them (a failing window's) */
    private int unsettled;
    /**
     * customers of this window already carried by an order, per use organisation (their {@code digest64}): batched,
     * or found already written
     */
    private final java.util.Map<String, com.wdtkingdee.sync.util.LongSet> carried = new java.util.HashMap<>();

    public WindowState(long runId, Window window) {
        this(runId, window, false);
    }

    public WindowState(long runId, Window window, boolean reverse) {
        this.runId = runId;
        this.window = window;
        this.reverse = reverse;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new AtomicInteger();
        }
    }

    /** Parked items of this window per reason: count and a few sample keys (for one summary line each). */
    private final java.util.Map<String, Parked> parkedByReason = new java.util.LinkedHashMap<>();

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

    /**
     * Counts dead letters written (or, in a dry run, that would be) for a reason, keeping up to 3 sample keys. The
     * orders they stand for are counted in their bucket where the parking is decided ({@link #landed}, or the
     * batch's {@link BatchBuckets}).
     */
    public synchronized void parked(int n, String reason, List<String> keys) {
        letters.addAndGet(n);
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
    public void batchFailed(Throwable cause) {
        batches.failed(cause);
    }

    /**
     * Waits until the exchange of every batch handed to the writer pool is done (written,
     * parked or failed), so that no batch of this window is still being written when the window commits or gives up.
     *
     * @return true when none failed; false when one failed or the wait was interrupted
     */
    public boolean awaitBatches() {
        return batches.awaitAll() && batches.failure() == null;
    }

    /** The first failure of a batch of this window, or null. */
    public Throwable batchFailure() {
        return batches.failure();
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

    /** Whether another page follows the last one read (the route loops on the header {@code WdtMorePages}). */
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
     * @return whether another page follows (the fetch route's header {@code WdtMorePages})
     * @throws PermanentFailure when another page is needed beyond {@code maxPages}
     */
    public synchronized boolean pageFetched(Long total, List<String> ids, int pageSize, int maxPages) {
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
        return more;
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

    /** {@code n} orders land in {@code bucket}; the one place where an order's bucket is counted. */
    public void landed(Bucket bucket, int n) {
        buckets[bucket.ordinal()].addAndGet(n);
    }

    /** Orders in {@code bucket} so far. */
    public int count(Bucket bucket) {
        return buckets[bucket.ordinal()].get();
    }

    public void filtered() {
        landed(Bucket.FILTERED, 1);
    }

    /** Orders whose customer the registry already held as written: the first order of each such customer. */
    public int alreadyWritten() {
        return count(Bucket.ALREADY_WRITTEN);
    }

    /**
     * True for the first order of the window that carries this customer (to a batch, or to "already written"); a
     * later order of the same customer in the same window is {@link Bucket#REPEATED}: its customer is carried already
     * (written, in flight or parked with its batch).
     */
    public synchronized boolean firstInWindow(com.wdtkingdee.sync.customer.CustomerKey key) {
        return carried.computeIfAbsent(key.useOrg(), o -> new com.wdtkingdee.sync.util.LongSet()).add(key.digest64());
    }

    /**
     * The routing of a batch has ended: each of its customers' carrying orders lands in the customer's final bucket
     * (new, existing, already written, parked). Called before {@link #batchFinished}, so the window's commit sees it.
     */
    public synchronized void batchSettled(BatchBuckets batch) {
        batch.tally().forEach(this::landed);
        unsettled += batch.unsettled();
    }

    /** Customers of ended batches that got no outcome (their orders are in no bucket: the window fails). */
    public synchronized int unsettled() {
        return unsettled;
    }

    public void batchOpened() {
        batches.opened();
    }

    /** The aggregator completed a batch of this window and hands it to the writer pool (in the window's thread). */
    public void batchHanded() {
        batches.handed();
    }

    /** The exchange of a handed batch is done, whatever its outcome (on its writer's thread). */
    public void batchFinished() {
        batches.finished();
    }

    /** Batches handed to the writers whose exchange is not done yet. */
    public int batchesInFlight() {
        return batches.inFlight();
    }

    public void batchResolved() {
        batches.resolved();
    }

    public int unresolvedBatches() {
        return batches.unresolved();
    }

    /** Counts the customers sent to BatchSave; their outcomes are counted per batch ({@link BatchBuckets}). */
    @Override
    public void add(int sent, int saved, int existing, int parked) {
        this.customersSent.addAndGet(sent);
    }

    /** A dry run's batch: {@code n} customers it would write (printed). */
    public void wouldWrite(int n) {
        customersSent.addAndGet(n);
    }

    public WindowCounts counts() {
        return new WindowCounts(pages.get(), orders.get(), count(Bucket.FILTERED), customersSent.get(),
                count(Bucket.NEW), count(Bucket.EXISTING), letters.get(), count(Bucket.PARKED),
                count(Bucket.ALREADY_WRITTEN), count(Bucket.REPEATED));
    }
}
