package com.wdtkingdee.sync.kingdee;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 9 stateless signed headers of 第三方系统登录授权 (third-party system authorisation), as built by the official
 * SDKs (JSDK {@code ApiRequester.buildHeader}, PySDK3 {@code BuildHeader}). With them on every request the server
 * creates or refreshes the session itself.
 *
 * <pre>
 * H(msg, key)     = base64( lowercase_hex( HMAC_SHA256(key, msg) ) )     -- base64 of the 64-char hex TEXT
 * apiSecret       = {@link #decodeApiSecret}(AppID)
 * toSign          = "POST\n" + urlencode(path) + "\n\nx-api-nonce:" + nonce + "\nx-api-timestamp:" + ts + "\n"
 * X-Api-Signature = H(toSign, apiSecret)
 * appData         = AcctID + "," + UserName + "," + LCID + "," + OrgNum
 * X-Kd-Signature  = H(AppID + appData, AppSecret)
 * </pre>
 *
 * All text is UTF-8. The path is encoded like JSDK ({@link URLEncoder}, so {@code /} becomes {@code %2F}).
 */
public final class KingdeeSignedHeaders {

    /** XOR seed of the gateway secret (ROT13 of {@code 0054s397p6234378o09pn7q3r5qropr7}). */
    static final String SEED = "0054f397c6234378b09ca7d3e5debce7";

    private static final int ENCODED_SECRET_LENGTH = 32;
    private static final int DECODED_SECRET_BYTES = 24;

    private KingdeeSignedHeaders() {
    }

    /**
     * The 9 headers, in this order: {@code X-Api-ClientID, X-Api-Auth-Version, x-api-timestamp, x-api-nonce,
     * x-api-signheaders, X-Api-Signature, X-Kd-Appkey, X-Kd-Appdata, X-Kd-Signature}.
     *
     * @param path            URL path after the host, e.g. {@code /k3cloud/Kingdee.BOS…BatchSave.common.kdsvc}
     * @param timestampMillis epoch milliseconds (JSDK)
     * @param nonce           e.g. the timestamp (JSDK) or a random hex UUID
     * @throws IllegalArgumentException if the AppID has no {@code _}
     */
    public static Map<String, String> build(String appId, String appSecret, String acctId, String username, int lcid,
                                            String orgNum, String path, long timestampMillis, String nonce) {
        Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(nonce, "nonce");
        String clientId = split(appId)[0];
        String ts = Long.toString(timestampMillis);
        String appData = appData(acctId, username, lcid, orgNum);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Api-ClientID", clientId);
        h.put("X-Api-Auth-Version", "2.0");
        h.put("x-api-timestamp", ts);
        h.put("x-api-nonce", nonce);
        h.put("x-api-signheaders", "x-api-timestamp,x-api-nonce");
        h.put("X-Api-Signature", hmacBase64Hex(stringToSign(encodePath(path), ts, nonce), decodeApiSecret(appId)));
        h.put("X-Kd-Appkey", appId);
        h.put("X-Kd-Appdata", Base64.getEncoder().encodeToString(appData.getBytes(StandardCharsets.UTF_8)));
        h.put("X-Kd-Signature", hmacBase64Hex(appId + appData, appSecret));
        return h;
    }

    /**
     * The gateway secret hidden in the second half of the AppID: base64-decode it (24 bytes), XOR with the ASCII
     * seed, base64-encode. If the second half is not 32 characters it is used as is (JSDK behaviour).
     *
     * @throws IllegalArgumentException if the AppID has no {@code _} or the second half is not valid base64
     */
    public static String decodeApiSecret(String appId) {
        String enc = split(appId)[1];
        if (enc.length() != ENCODED_SECRET_LENGTH) {
            return enc;
        }
        byte[] raw = Base64.getDecoder().decode(enc);
        byte[] seed = SEED.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[DECODED_SECRET_BYTES];
        for (int i = 0; i < DECODED_SECRET_BYTES; i++) {
            out[i] = (byte) (raw[i] ^ seed[i]);
        }
        return Base64.getEncoder().encodeToString(out);
    }

    /** {@code AcctID,UserName,LCID,OrgNum} (plain text). */
    static String appData(String acctId, String username, int lcid, String orgNum) {
        return Objects.requireNonNull(acctId, "acctId") + "," + Objects.requireNonNull(username, "username") + ","
                + lcid + "," + orgNum;
    }

    /** URL-encodes the path as JSDK does; {@code /} becomes {@code %2F}. */
    static String encodePath(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    static String stringToSign(String encodedPath, String timestamp, String nonce) {
        return "POST\n" + encodedPath + "\n\nx-api-nonce:" + nonce + "\nx-api-timestamp:" + timestamp + "\n";
    }

    /** Lowercase hex of HMAC-SHA256 over UTF-8 text. */
    static String hmacHex(String message, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code base64(hmacHex(message, key))}: base64 of the hex text, not of the raw bytes. */
    static String hmacBase64Hex(String message, String key) {
        return Base64.getEncoder().encodeToString(hmacHex(message, key).getBytes(StandardCharsets.US_ASCII));
    }

    private static String[] split(String appId) {
        Objects.requireNonNull(appId, "appId");
        int i = appId.indexOf('_');
        if (i < 0) {
            throw new IllegalArgumentException("AppID must look like <clientId>_<secret part>");
        }
        return new String[] {appId.substring(0, i), appId.substring(i + 1)};
    }
}
