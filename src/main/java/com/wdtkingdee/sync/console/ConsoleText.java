package com.wdtkingdee.sync.console;

/** Text fields of console requests: trimmed, and blank counts as not given. */
final class ConsoleText {

    private ConsoleText() {
    }

    static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
