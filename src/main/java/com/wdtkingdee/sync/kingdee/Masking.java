package com.wdtkingdee.sync.kingdee;

/** Helpers that keep secrets and session ids out of logs and messages. */
final class Masking {

    private static final int SNIPPET = 200;

    private Masking() {
    }

    /** A session id shortened to its first 4 characters, e.g. {@code 2c6d…(36)}; {@code null} stays "null". */
    static String id(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= 8) {
            return "****";
        }
        return value.substring(0, 4) + "…(" + value.length() + ")";
    }

    /** A secret: always {@code ****} (or "null"). */
    static String secret(String value) {
        return value == null ? "null" : "****";
    }

    /** The start of a response body for an error message, one line, at most 200 characters. */
    static String snippet(String body) {
        if (body == null) {
            return "<no body>";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "…";
    }
}
