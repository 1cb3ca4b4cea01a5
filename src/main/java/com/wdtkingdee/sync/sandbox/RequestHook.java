package com.wdtkingdee.sync.sandbox;

/**
 * A listener the simulators call at fixed points of every request they handle, so that a test can act at exactly
 * that point, typically kill the client process ({@code kill -9}) to prove crash safety. Registered with
 * {@link FaultPlan#onRequest(RequestHook)} (or the simulators' {@code onRequest}).
 *
 * <p>Operations are the {@link FaultPlan} operation names: {@code "qimen"}, {@code "ValidateUser"},
 * {@code "BatchSave"}, {@code "ExecuteBillQuery"}, {@code "Allocate"}. The hook runs synchronously in the
 * simulator's request thread: the request waits for it.
 *
 * <p>A hook that <b>throws</b> abandons the request at that point: the connection is closed without an answer.
 * At {@link Phase#BEFORE} the request is then not executed at all (as when a client dies while sending); at
 * {@link Phase#AFTER_COMMIT} it was executed and committed, but no answer is written; at
 * {@link Phase#AFTER_ANSWER} throwing changes nothing.
 */
@FunctionalInterface
public interface RequestHook {

    /** Where in the handling of a request the hook is called. */
    enum Phase {
        /** The request was received (body read), nothing was processed yet; faults are not applied yet either. */
        BEFORE,
        /** BatchSave / Allocate only: the write was executed and committed, the answer is not written yet. */
        AFTER_COMMIT,
        /** The answer was written (or the connection was closed by a fault); the request is over. */
        AFTER_ANSWER
    }

    /**
     * Called at {@code phase} of a request.
     *
     * @param operation the operation name ({@code "qimen"}, {@code "BatchSave"}, …)
     * @param phase     the point reached
     * @param sequence  1-based number of this request among the simulator's requests of {@code operation} (all
     *                  three phases of one request carry the same number)
     */
    void on(String operation, Phase phase, int sequence);
}
