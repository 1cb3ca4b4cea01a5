package com.wdtkingdee.sync.wdt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * TOP (淘宝奇门) MD5 signature: {@code UPPER_HEX(MD5(secret + k1v1k2v2… + secret))} over every sent parameter
 * except {@code sign}, sorted by key in ASCII order, with empty keys or values dropped.
 */
public final class QimenSigner {

    private QimenSigner() {
    }

    /** The string that is hashed (exposed for tests and diagnostics; it contains the secret, never log it). */
    public static String canonical(Map<String, String> params, String secret) {
        StringBuilder sb = new StringBuilder(secret);
        new TreeMap<>(params).forEach((k, v) -> {
            if (k != null && !k.isEmpty() && v != null && !v.isEmpty() && !"sign".equals(k)) {
                sb.append(k).append(v);
            }
        });
        return sb.append(secret).toString();
    }

    /** Uppercase hex MD5 of {@link #canonical(Map, String)}; the value of the {@code sign} parameter. */
    public static String sign(Map<String, String> params, String secret) {
        return md5Hex(canonical(params, secret)).toUpperCase(java.util.Locale.ROOT);
    }

    static String md5Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
