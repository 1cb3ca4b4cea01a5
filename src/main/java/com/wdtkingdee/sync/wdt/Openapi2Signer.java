package com.wdtkingdee.sync.wdt;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * 旺店通·企业版 openapi2 signature: a length-prefixed canonical string
 * ({@code klen-key:vlen-value} pieces sorted by key, joined with {@code ;}) followed directly by the app
 * secret, hashed with MD5 and printed as lowercase hex.
 *
 * <p>Lengths are counted in characters (Unicode code points), as the official PHP SDK does with
 * {@code iconv_strlen}; the key length is zero-padded to two digits, the value length to four (a longer number
 * is printed as is, never truncated). Parameters with an empty key or value and the {@code sign} parameter
 * itself are not part of the signature (and must never be sent).
 */
public final class Openapi2Signer {

    private Openapi2Signer() {
    }

    /** The length-prefixed string without the secret; safe to log. */
    public static String canonical(Map<String, String> params) {
        StringJoiner joined = new StringJoiner(";");
        new TreeMap<>(params).forEach((k, v) -> {
            if (k != null && !k.isEmpty() && v != null && !v.isEmpty() && !"sign".equals(k)) {
                joined.add(String.format("%02d-%s:%04d-%s", charLength(k), k, charLength(v), v));
            }
        });
        return joined.toString();
    }

    /** Lowercase hex MD5 of {@code canonical(params) + secret}. */
    public static String sign(Map<String, String> params, String secret) {
        return QimenSigner.md5Hex(canonical(params) + secret);
    }

    private static int charLength(String s) {
        return s.codePointCount(0, s.length());
    }
}
