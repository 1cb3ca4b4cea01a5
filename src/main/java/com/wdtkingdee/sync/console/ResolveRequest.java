package com.wdtkingdee.sync.console;

/** Body of {@code POST /console/api/dead-letters/resolve}: the letter and the operator's note (both required). */
public record ResolveRequest(Long id, String note) {

    public ResolveRequest {
        note = ConsoleText.trimmed(note);
    }
}
