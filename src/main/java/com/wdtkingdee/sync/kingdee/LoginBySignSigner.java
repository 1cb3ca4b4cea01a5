package com.wdtkingdee.sync.kingdee;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The {@code sign} of {@code AuthService.LoginBySign}:
 * {@code lowercase_hex(SHA256(concat(sort([acctID, username, appId, appSecret, str(unixSeconds)]))))}, parts sorted
 * lexicographically (Java {@link String} order), UTF-8.
 */
public final class LoginBySignSigner {

    private LoginBySignSigner() {
    }

    public static String sign(String acctId, String username, String appId, String appSecret, long unixSeconds) {
        String joined = String.join("", sortedParts(acctId, username, appId, appSecret, unixSeconds));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The five parts in signing order (exposed for tests; contains the secret, never log it). */
    static List<String> sortedParts(String acctId, String username, String appId, String appSecret,
                                    long unixSeconds) {
        List<String> parts = new ArrayList<>(List.of(Objects.requireNonNull(acctId, "acctId"),
                Objects.requireNonNull(username, "username"), Objects.requireNonNull(appId, "appId"),
                Objects.requireNonNull(appSecret, "appSecret"), Long.toString(unixSeconds)));
        Collections.sort(parts);
        return parts;
    }
}
