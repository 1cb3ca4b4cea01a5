package com.wdtkingdee.sync.wdt;

import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the signed form parameters of the direct 旺店通·企业版 openapi2 call
 * {@code stockout_order_query_trade.php}: {@code sid}, {@code appkey}, {@code timestamp} (epoch seconds), window,
 * paging, non-blank extras, then the length-prefixed {@code sign} ({@link Openapi2Signer}).
 * Use {@link QimenRequestBuilder#formBody(Map)} / {@link QimenRequestBuilder#describe(Map)} for the wire and logs.
 */
public final class Openapi2RequestBuilder {

    private final WdtCredentials creds;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param creds app key, secret and sid are required (IllegalArgumentException if blank); targetAppKey unused
     * @param zone  the sync zone (the window is already wall-clock; epoch-second timestamps need no zone, kept
     *              for symmetry with {@link QimenRequestBuilder})
     * @param clock source of the current time
     */
    public Openapi2RequestBuilder(WdtCredentials creds, ZoneId zone, Clock clock) {
        this.creds = Objects.requireNonNull(creds, "creds");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        WdtParams.requireNonBlank(creds.appKey(), "appKey");
        WdtParams.requireNonBlank(creds.appSecret(), "appSecret");
        WdtParams.requireNonBlank(creds.sid(), "sid");
    }

    /** The zone given at construction. */
    public ZoneId zone() {
        return zone;
    }

    /** The signed parameters in sending order, {@code sign} last. Never contains an empty value. */
    public Map<String, String> params(WdtQuery q) {
        Objects.requireNonNull(q, "query");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sid", creds.sid());
        p.put("appkey", creds.appKey());
        p.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        WdtParams.putBusiness(p, q);
        p.put("sign", Openapi2Signer.sign(p, creds.appSecret()));
        return p;
    }
}
