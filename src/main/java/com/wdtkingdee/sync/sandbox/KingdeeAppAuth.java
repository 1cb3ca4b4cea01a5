package com.wdtkingdee.sync.sandbox;

import com.sun.net.httpserver.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The third-party app authorisation (第三方系统登录授权) of the Kingdee simulator: one app (AppID, AppSecret)
 * usable by the simulator's data center and user. Verifies {@code LoginByAppSecret}, {@code LoginBySign} and the
 * signed headers the way reference §2a/§2b describe a server doing it.
 */
final class KingdeeAppAuth {

    /** LCIDs the simulated data center has languages for (zh-CN, en-US, zh-TW). */
    static final Set<String> LCIDS = Set.of("2052", "1033", "3076");

    /** Outcome of a login check: {@code type} 1 = success, else the LoginResultType and the Message to answer. */
    record LoginVerdict(int type, String message) {
        static final LoginVerdict OK = new LoginVerdict(1, null);

        boolean ok() {
            return type == 1;
        }
    }

    /** Outcome of checking the signed headers of a request. */
    enum HeaderVerdict {
        /** The request carries no signed headers. */
        ABSENT,
        /** Signature and credentials are valid: open a session. */
        ACCEPTED,
        /** Signature or credentials refused: answer MsgCode 1. */
        REFUSED,
        /** The AcctID in X-Kd-Appdata is not this data center: HTTP error "Fail to verify thirty passport". */
        UNKNOWN_DATA_CENTER
    }

    private final String acctId;
    private final String username;
    private final Clock clock;
    private volatile App app;
    private volatile Duration signTolerance = Duration.ofMinutes(10);

    private record App(String appId, String appSecret) {
    }

    KingdeeAppAuth(String acctId, String username, Clock clock) {
        this.acctId = acctId;
        this.username = username;
        this.clock = clock;
    }

    void enable(String appId, String appSecret) {
        if (appId == null || appId.isBlank() || appSecret == null || appSecret.isBlank()) {
            throw new IllegalArgumentException("appId and appSecret must not be blank");
        }
        this.app = new App(appId, appSecret);
    }

    void signTolerance(Duration tolerance) {
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        this.signTolerance = tolerance;
    }

    /** {@code [acctID, username, appId, appSecret, lcid]}. */
    LoginVerdict loginByAppSecret(Map<String, String> p) {
        App a = app;
        LoginVerdict common = common(a, p);
        if (common != null) {
            return common;
        }
        if (!constantEquals(a.appSecret(), p.get("appsecret"))) {
            return new LoginVerdict(-1, "第三方系统登录授权校验失败：应用密钥(AppSecret)错误");
        }
        return LoginVerdict.OK;
    }

    /** {@code [acctID, username, appId, timestamp, sign, lcid]}: SHA-256 sign and the timestamp window. */
    LoginVerdict loginBySign(Map<String, String> p) {
        App a = app;
        LoginVerdict common = common(a, p);
        if (common != null) {
            return common;
        }
        long ts;
        try {
            ts = Long.parseLong(String.valueOf(p.get("timestamp")).strip());
        } catch (NumberFormatException e) {
            return new LoginVerdict(-1, "签名时间戳格式错误：" + p.get("timestamp"));
        }
        Duration skew = Duration.between(clock.instant(), Instant.ofEpochSecond(ts)).abs();
        if (skew.compareTo(signTolerance) > 0) {
            return new LoginVerdict(-1, "签名时间戳已过期或超前（允许误差" + signTolerance.toMinutes() + "分钟）");
        }
        String expected = SimSignatures.loginBySign(p.get("acctid"), p.get("username"), p.get("appid"),
                a.appSecret(), ts);
        if (!constantEquals(expected, p.get("sign"))) {
            return new LoginVerdict(-1, "第三方系统登录授权校验失败：签名(sign)错误");
        }
        return LoginVerdict.OK;
    }

    /** Data center, app, user and LCID of an app login; null when all are fine. */
    private LoginVerdict common(App a, Map<String, String> p) {
        if (!acctId.equals(p.get("acctid"))) {
            return new LoginVerdict(-1, "数据中心[" + p.get("acctid") + "]不存在");
        }
        if (a == null) {
            return new LoginVerdict(-1, "数据中心未启用第三方系统登录授权");
        }
        if (!a.appId().equals(p.get("appid"))) {
            return new LoginVerdict(-1, "第三方系统登录授权校验失败：应用ID[" + p.get("appid") + "]不存在或未启用");
        }
        if (!username.equals(p.get("username"))) {
            return new LoginVerdict(0, "用户[" + p.get("username") + "]不存在或未加入该应用的授权用户");
        }
        String lcid = p.get("lcid");
        if (lcid != null && !LCIDS.contains(lcid.strip())) {
            return new LoginVerdict(-1, "语言[" + lcid + "]不可用");
        }
        return null;
    }

    /**
     * The signed headers of a request to {@code rawPath}: X-Kd-Appdata decoded ({@code acctId,user,lcid,orgNum}),
     * AcctID checked first (unknown → {@link HeaderVerdict#UNKNOWN_DATA_CENTER}), then AppID, X-Kd-Signature,
     * X-Api-ClientID and X-Api-Signature (with the gateway secret decoded from the AppID), user and LCID. The
     * OrgNum is not validated and the timestamp window is not checked (as on-prem servers, reference §2b).
     */
    HeaderVerdict verifyHeaders(Headers h, String rawPath) {
        String appKey = h.getFirst("X-Kd-Appkey");
        String appDataB64 = h.getFirst("X-Kd-Appdata");
        if (appKey == null && appDataB64 == null && h.getFirst("X-Kd-Signature") == null) {
            return HeaderVerdict.ABSENT;
        }
        if (appKey == null || appDataB64 == null) {
            return HeaderVerdict.REFUSED;
        }
        String appData;
        try {
            appData = new String(Base64.getDecoder().decode(appDataB64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return HeaderVerdict.REFUSED;
        }
        String[] parts = appData.split(",", 4);
        if (parts.length < 3) {
            return HeaderVerdict.REFUSED;
        }
        if (!acctId.equals(parts[0])) {
            return HeaderVerdict.UNKNOWN_DATA_CENTER;
        }
        App a = app;
        if (a == null || !a.appId().equals(appKey)) {
            return HeaderVerdict.REFUSED;
        }
        if (!constantEquals(SimSignatures.kdSignature(appKey, appData, a.appSecret()), h.getFirst("X-Kd-Signature"))) {
            return HeaderVerdict.REFUSED;
        }
        String ts = h.getFirst("x-api-timestamp");
        String nonce = h.getFirst("x-api-nonce");
        int sep = appKey.indexOf('_');
        if (ts == null || nonce == null || sep <= 0 || !appKey.substring(0, sep).equals(h.getFirst("X-Api-ClientID"))) {
            return HeaderVerdict.REFUSED;
        }
        String apiSignature;
        try {
            apiSignature = SimSignatures.apiSignature(appKey, rawPath, ts, nonce);
        } catch (IllegalArgumentException e) {
            return HeaderVerdict.REFUSED;
        }
        if (!constantEquals(apiSignature, h.getFirst("X-Api-Signature"))) {
            return HeaderVerdict.REFUSED;
        }
        if (!username.equals(parts[1]) || !LCIDS.contains(parts[2].strip())) {
            return HeaderVerdict.REFUSED;
        }
        return HeaderVerdict.ACCEPTED;
    }

    private static boolean constantEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        App a = app;
        return "KingdeeAppAuth[" + (a == null ? "disabled" : "appId=" + Objects.toString(a.appId()).replaceAll("_.*", "_****")
                + ", appSecret=****") + "]";
    }
}
