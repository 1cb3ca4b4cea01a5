package com.wdtkingdee.sync.flow;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the {@code customer-batches} aggregator: completed batches are written by {@code writers} threads
 * while the window thread reads the next page. At most {@code maxInFlight} batches wait; when the queue is full the
 * window thread blocks until there is room (memory stays flat, never a batch run in the window thread).
 *
 * <p>Why not Camel's default (a single worker with a queue of 1,000 groups) or a synchronous executor: the first
 * lets the queue grow while the window keeps paging; the second runs each completed batch inside the processing
 * of the order that completed it, and the callbacks of that nested routing (Camel's reactive engine schedules
 * them behind the running window) kept every split order exchange of the window reachable until it ended.
 *
 * <p>Why not {@code seda:} with {@code blockWhenFull} and {@code concurrentConsumers} (tried and measured on
 * 2026-12-08): the window thread blocks on a full queue only if the aggregate completes in that thread, i.e. with a
 * synchronous executor, and {@code AggregateProcessor} then routes each completed batch with
 * {@code ReactiveExecutor.scheduleSync}, whose nested loop also drains the window's own pending work: the rest of the
 * window runs nested inside the completion (the 200,000-order backfill ran out of {@code -Xmx256m} after 71,100
 * orders, one exchange per order live). Camel's thread pool profiles cannot block their caller (rejected policies
 * Abort or CallerRuns), so this pool blocks in its own rejection handler.
 */
public final class BatchWriterPool extends ThreadPoolExecutor {

    /**
     * @param writers     batches written at once ({@code kingdee.writers})
     * @param maxInFlight completed batches waiting for a writer ({@code sync.max-in-flight})
     */
    public BatchWriterPool(int writers, int maxInFlight) {
        super(Math.max(1, writers), Math.max(1, writers), 0L, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(Math.max(1, maxInFlight)), threads(),
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the batch writer is shut down");
                    }
                    try {
                        pool.getQueue().put(task);   // back-pressure: the window waits for room
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RejectedExecutionException("interrupted while waiting for the batch writer", e);
                    }
                });
    }

    private static java.util.concurrent.ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wdt-batch-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
