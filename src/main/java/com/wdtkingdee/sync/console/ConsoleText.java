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

    /** At most {@code max} characters of a value quoted back in an error (with … when cut). */
    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
