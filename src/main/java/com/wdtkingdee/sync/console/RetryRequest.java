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

    /** The request, or 400 when the body was empty ({@code {}} asks for every open letter). */
    static RetryRequest given(RetryRequest r) {
        if (r == null) {
            throw ConsoleException.noBody(RetryRequest.class);
        }
        return r;
    }

    /** What the retry is about, as recorded in {@code console_action}. */
    String target() {
        return id != null ? "dead letter " + id
                : "open dead letters" + (stage == null ? "" : " at stage " + stage)
                + (reason == null ? "" : " with reason containing '" + reason + "'");
    }
}
