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

    /**
     * An AppID with its secret half hidden: {@code 123456_AQID…} becomes {@code 123456_****}; without {@code _}
     * the whole value is masked; null stays "null".
     */
    static String appId(String value) {
        if (value == null) {
            return "null";
        }
        int i = value.indexOf('_');
        return i < 0 ? "****" : value.substring(0, i) + "_****";
    }

    /** Replaces every secret (at least 3 characters long) occurring in {@code text} by {@code ****}. */
    static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                out = out.replace(s, "****");
            }
        }
        return out;
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
