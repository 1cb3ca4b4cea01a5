package com.wdtkingdee.sync.console;

/**
 * Body of {@code POST /console/api/dead-letters/retry}: one letter ({@code id}), or the open letters of a stage
 * and/or whose reason contains a text; {@code note} says why (recorded).
 */
public record RetryRequest(Long id, String stage, String reason, String note) {

    public RetryRequest {
        stage = ConsoleText.trimmed(stage);
        reason = ConsoleText.trimmed(reason);
        note = ConsoleText.trimmed(note);
    }

    /** An empty body asks for every open letter. */
    static RetryRequest orEmpty(RetryRequest r) {
        return r == null ? new RetryRequest(null, null, null, null) : r;
    }

    /** What the retry is about, as recorded in {@code console_action}. */
    String target() {
        return id != null ? "dead letter " + id
                : "open dead letters" + (stage == null ? "" : " at stage " + stage)
                + (reason == null ? "" : " with reason containing '" + reason + "'");
    }
}
