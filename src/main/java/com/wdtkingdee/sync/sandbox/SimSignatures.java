package com.wdtkingdee.sync.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Kingdee signatures as the simulator (the "server") recomputes them, written from reference §2a/§2b
 * independently of the product's signers so that a bug there cannot hide behind the same bug here. Pinned to the
 * reference test vectors of §2c by {@code SimSignaturesTest}.
 */
final class SimSignatures {

    /** XOR seed of the gateway secret: ROT13 of {@code 0054s397p6234378o09pn7q3r5qropr7}. */
    private static final byte[] SEED = rot13("0054s397p6234378o09pn7q3r5qropr7").getBytes(StandardCharsets.US_ASCII);

    private SimSignatures() {
    }

    /** LoginBySign: lowercase hex SHA-256 of the lexicographically sorted parts, concatenated. */
    static String loginBySign(String acctId, String username, String appId, String appSecret, long unixSeconds) {
        List<String> parts = new ArrayList<>(List.of(acctId, username, appId, appSecret, Long.toString(unixSeconds)));
        Collections.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code base64(lowercase_hex(HMAC-SHA256(key, message)))}, UTF-8 text. */
    static String hmac(String message, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hex = HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
            return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** X-Kd-Signature: {@code H(AppID + appData, AppSecret)}. */
    static String kdSignature(String appId, String appData, String appSecret) {
        return hmac(appId + appData, appSecret);
    }

    /**
     * X-Api-Signature: {@code H("POST\n" + urlencode(path) + "\n\nx-api-nonce:" + nonce + "\nx-api-timestamp:" + ts +
     * "\n", apiSecret(appId))}.
     */
    static String apiSignature(String appId, String rawPath, String timestamp, String nonce) {
        String toSign = "POST\n" + URLEncoder.encode(rawPath, StandardCharsets.UTF_8) + "\n\nx-api-nonce:" + nonce
                + "\nx-api-timestamp:" + timestamp + "\n";
        return hmac(toSign, apiSecret(appId));
    }

    /**
     * The gateway secret of an AppID: its second half (32 characters) base64-decoded, XORed with the seed,
     * base64-encoded; a second half of another length is used as is.
     *
     * @throws IllegalArgumentException if there is no {@code _} or the second half is not base64
     */
    static String apiSecret(String appId) {
        int i = appId.indexOf('_');
        if (i < 0) {
            throw new IllegalArgumentException("AppID without '_'");
        }
        String enc = appId.substring(i + 1);
        if (enc.length() != 32) {
            return enc;
        }
        byte[] raw = Base64.getDecoder().decode(enc);
        for (int k = 0; k < raw.length; k++) {
            raw[k] = (byte) (raw[k] ^ SEED[k]);
        }
        return Base64.getEncoder().encodeToString(raw);
    }

    private static String rot13(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                b.append((char) ('a' + (c - 'a' + 13) % 26));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
