package com.wdtkingdee.sync.flow;

/**
 * The result of one sync cycle, as {@code --once} reports it.
 *
 * @param status          the outcome
 * @param windows         windows completed in this cycle
 * @param openDeadLetters dead letters still open after the cycle
 * @param error           the failure, when status is FAILED
 */
public record CycleOutcome(Status status, int windows, long openDeadLetters, String error) {

    /** The exchange property that carries a cycle's outcome from {@code syncCycle} to the alert and the caller. */
    public static final String PROPERTY = "cycleOutcome";

    public enum Status {
        /** every order of every window resolved, no open dead letter. Exit code 0. */
        SYNCED(0),
        /** the checkpoint advanced, but dead letters remain open. Exit code 3. */
        SYNCED_WITH_DEAD_LETTERS(3),
        /** a window failed; the checkpoint did not move past it. Exit code 1. */
        FAILED(1),
        /** another process holds the scheme's lock; nothing was done. Exit code 4. */
        SKIPPED(4);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
