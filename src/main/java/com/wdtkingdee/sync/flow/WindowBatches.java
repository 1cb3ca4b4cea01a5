package com.wdtkingdee.sync.flow;

import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batches of one window, as its thread and the writer pool see them. One completion primitive: a {@link Phaser}
 * in which the window is a party from the start and every batch handed to the writer pool registers on hand-over (in
 * the window's thread, {@link CustomerBatchStrategy#onCompletion}) and arrives (and deregisters) when its exchange is
 * done, whatever its outcome (on its writer's thread). The window's wait ({@link #awaitAll}) ends when every batch
 * handed so far has arrived.
 *
 * <p>Thread-safe without locks: the phaser, one {@link AtomicReference} for the first failure, and counters.
 */
final class WindowBatches {

    /** The window is party 0; each batch in flight is one more. */
    private final Phaser inFlight = new Phaser(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();

    /** The aggregator completed a batch; it is handed to the writers (window thread, before the hand-over). */
    void handed() {
        inFlight.register();
    }

    /** The exchange of a handed batch is done: written, parked, failed or skipped (a writer thread). */
    void finished() {
        inFlight.arriveAndDeregister();
    }

    /** Batches handed to the writers whose exchange is not done yet. */
    int inFlight() {
        return inFlight.getRegisteredParties() - 1;
    }

    /**
     * Waits until every batch handed so far is done (the window's own arrival ends the phase once all batches have
     * arrived). May be called again: each call waits for the batches handed since the previous one too.
     *
     * @return false when the wait was interrupted (the interrupt flag is set again)
     */
    boolean awaitAll() {
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A batch was neither written nor parked; the first cause is kept. */
    void failed(Throwable cause) {
        failure.compareAndSet(null, cause == null ? new IllegalStateException("a batch failed") : cause);
    }

    Throwable failure() {
        return failure.get();
    }

    void opened() {
        opened.incrementAndGet();
    }

    void resolved() {
        resolved.incrementAndGet();
    }

    /** Batches opened by the writer and not resolved (written, found existing or parked). */
    int unresolved() {
        return opened.get() - resolved.get();
    }
}
