package com.wdtkingdee.sync.wdt;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Builds the signed form parameters of {@code wdt.stockout.order.query.trade} over the Qimen router
 * (system params, {@code sid}, window, paging, non-blank extras, then the TOP MD5 {@code sign}).
 * Pure: no HTTP; the caller POSTs {@link #formBody(Map)} as {@code application/x-www-form-urlencoded}.
 */
public final class QimenRequestBuilder {

    /** The Qimen API method name. */
    public static final String METHOD = "wdt.stockout.order.query.trade";

    private final WdtCredentials creds;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param creds app key, secret, target app key and sid; all required (IllegalArgumentException if blank)
     * @param zone  zone of the {@code timestamp} parameter (GMT+8, i.e. the sync zone)
     * @param clock source of the current time
     */
    public QimenRequestBuilder(WdtCredentials creds, ZoneId zone, Clock clock) {
        this.creds = Objects.requireNonNull(creds, "creds");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        WdtParams.requireNonBlank(creds.appKey(), "appKey");
        WdtParams.requireNonBlank(creds.appSecret(), "appSecret");
        WdtParams.requireNonBlank(creds.targetAppKey(), "targetAppKey");
        WdtParams.requireNonBlank(creds.sid(), "sid");
    }

    /** The signed parameters in sending order, {@code sign} last. Never contains an empty value. */
    public Map<String, String> params(WdtQuery q) {
        Objects.requireNonNull(q, "query");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("method", METHOD);
        p.put("app_key", creds.appKey());
        p.put("target_app_key", creds.targetAppKey());
        p.put("timestamp", WdtParams.DATE_TIME.format(clock.instant().atZone(zone)));
        p.put("format", "json");
        p.put("v", "2.0");
        p.put("sign_method", "md5");
        p.put("sid", creds.sid());
        WdtParams.putBusiness(p, q);
        p.put("sign", QimenSigner.sign(p, creds.appSecret()));
        return p;
    }

    /** {@code k=v&…} form encoding (UTF-8, {@link URLEncoder}) in the map's order. */
    public static String formBody(Map<String, String> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(Objects.requireNonNull(v, () -> "value of " + k), StandardCharsets.UTF_8)));
        return body.toString();
    }

    /**
     * A one-line description for logs: the parameters without {@code sign}; any parameter whose name mentions a
     * secret is masked (the builders never send one).
     */
    public static String describe(Map<String, String> params) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        params.forEach((k, v) -> {
            if ("sign".equals(k)) {
                return;
            }
            boolean secret = k != null && k.toLowerCase(Locale.ROOT).contains("secret");
            out.add(k + "=" + (secret ? "****" : v));
        });
        return out.toString();
    }
}
