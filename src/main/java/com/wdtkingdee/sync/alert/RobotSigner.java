package com.wdtkingdee.sync.alert;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** The chat robots' signatures ({@code reference/chat-robots.md}). */
public final class RobotSigner {

    private RobotSigner() {
    }

    /**
     * DingTalk 加签: {@code Base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))}, timestamp in
     * milliseconds. Not URL-encoded; see {@link #dingTalkQuery}.
     */
    public static String dingTalk(String secret, long timestampMillis) {
        return hmacBase64(secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The query parameters DingTalk expects after the pasted URL: {@code timestamp=…&sign=<URL-encoded sign>}. */
    public static String dingTalkQuery(String secret, long timestampMillis) {
        return "timestamp=" + timestampMillis + "&sign="
                + URLEncoder.encode(dingTalk(secret, timestampMillis), StandardCharsets.UTF_8);
    }

    /**
     * Feishu / Lark: {@code Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty))}, timestamp in
     * seconds — key and message are the reverse of DingTalk's.
     */
    public static String feishu(String secret, long timestampSeconds) {
        return hmacBase64((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private static String hmacBase64(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
