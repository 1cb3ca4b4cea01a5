package com.wdtkingdee.sync.alert;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code alert.*} keys. Each may be empty: a channel with no URL is off, and no channel at all means alerts are
 * only logged. Every key is also an environment variable (ConfigSource's rule: {@code alert.dingtalk.url →
 * ALERT_DINGTALK_URL}).
 *
 * @param dingtalkUrl  {@code alert.dingtalk.url}: the robot URL as pasted, {@code …/robot/send?access_token=…}
 * @param dingtalkSecret {@code alert.dingtalk.secret}: 加签 secret ({@code SEC…}); empty = no signature
 * @param wecomUrl     {@code alert.wecom.url}: {@code …/cgi-bin/webhook/send?key=…}
 * @param feishuUrl    {@code alert.feishu.url}: {@code …/open-apis/bot/v2/hook/<token>}
 * @param feishuSecret {@code alert.feishu.secret}: 签名校验 secret; empty = no signature
 * @param webhookUrl   {@code alert.webhook.url}: generic JSON POST
 * @param minInterval  {@code alert.min-interval}: at most one message per event kind in this interval (PT10M)
 * @param scheme       {@code sync.scheme}, shown in the messages
 * @param zone         {@code sync.zone}, the time zone of the times shown
 */
public record AlertSettings(String dingtalkUrl, String dingtalkSecret, String wecomUrl, String feishuUrl,
                            String feishuSecret, String webhookUrl, Duration minInterval, String scheme, ZoneId zone) {

    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(10);

    public AlertSettings {
        dingtalkUrl = blankToNull(dingtalkUrl);
        dingtalkSecret = blankToNull(dingtalkSecret);
        wecomUrl = blankToNull(wecomUrl);
        feishuUrl = blankToNull(feishuUrl);
        feishuSecret = blankToNull(feishuSecret);
        webhookUrl = blankToNull(webhookUrl);
        minInterval = minInterval == null ? DEFAULT_MIN_INTERVAL : minInterval;
        scheme = scheme == null ? "customer-sync" : scheme;
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
    }

    /** Reads and checks the {@code alert.*} keys (and {@code sync.scheme}, {@code sync.zone}). */
    public static AlertSettings from(ConfigSource c) {
        Duration min = DEFAULT_MIN_INTERVAL;
        String raw = c.get("alert.min-interval").orElse(null);
        if (raw != null) {
            try {
                min = Duration.parse(raw);
            } catch (DateTimeParseException e) {
                throw new ConfigException("alert.min-interval", "expected an ISO-8601 duration such as PT10M");
            }
            if (min.isNegative()) {
                throw new ConfigException("alert.min-interval", "must not be negative");
            }
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(c.get("sync.zone").orElse("Asia/Shanghai"));
        } catch (RuntimeException e) {
            throw new ConfigException("sync.zone", "expected a time-zone id");
        }
        return new AlertSettings(url(c, "alert.dingtalk.url"), c.get("alert.dingtalk.secret").orElse(null),
                url(c, "alert.wecom.url"), url(c, "alert.feishu.url"), c.get("alert.feishu.secret").orElse(null),
                url(c, "alert.webhook.url"), min, c.get("sync.scheme").orElse("customer-sync"), zone);
    }

    /** No channel configured. */
    public boolean none() {
        return channels().isEmpty();
    }

    /** The configured channels, in a fixed order. */
    public List<AlertChannel> channels() {
        List<AlertChannel> out = new ArrayList<>();
        if (dingtalkUrl != null) {
            out.add(AlertChannel.DINGTALK);
        }
        if (wecomUrl != null) {
            out.add(AlertChannel.WECOM);
        }
        if (feishuUrl != null) {
            out.add(AlertChannel.FEISHU);
        }
        if (webhookUrl != null) {
            out.add(AlertChannel.WEBHOOK);
        }
        return out;
    }

    public String url(AlertChannel channel) {
        return switch (channel) {
            case DINGTALK -> dingtalkUrl;
            case WECOM -> wecomUrl;
            case FEISHU -> feishuUrl;
            case WEBHOOK -> webhookUrl;
        };
    }

    /**
     * Every secret value these settings hold, for masking: the two signing secrets, and from each URL its query
     * values ({@code access_token}, {@code key}, …), its user-info and its long path segments (the Feishu hook
     * token). Values shorter than 4 characters are left out (they would mask ordinary words).
     */
    public Set<String> secrets() {
        Set<String> out = new LinkedHashSet<>();
        addSecret(out, dingtalkSecret);
        addSecret(out, feishuSecret);
        for (String u : new String[]{dingtalkUrl, wecomUrl, feishuUrl, webhookUrl}) {
            if (u == null) {
                continue;
            }
            URI uri = URI.create(u);
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq >= 0) {
                        String v = pair.substring(eq + 1);
                        addSecret(out, v);
                        addSecret(out, URLDecoder.decode(v, StandardCharsets.UTF_8));
                    }
                }
            }
            addSecret(out, uri.getRawUserInfo());
            if (uri.getRawPath() != null) {
                for (String seg : uri.getRawPath().split("/")) {
                    if (Redaction.tokenLike(seg)) {
                        addSecret(out, seg);
                    }
                }
            }
        }
        return out;
    }

    /** For logs: the channels and which are signed, never a URL's query or a secret. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AlertSettings[");
        for (AlertChannel ch : channels()) {
            sb.append(ch.id()).append('=').append(Redaction.safeUrl(url(ch)));
            if (ch == AlertChannel.DINGTALK && dingtalkSecret != null || ch == AlertChannel.FEISHU && feishuSecret != null) {
                sb.append("(signed)");
            }
            sb.append(", ");
        }
        return sb.append("minInterval=").append(minInterval).append(']').toString();
    }

    private static void addSecret(Collection<String> out, String v) {
        if (v != null && v.length() >= 4) {
            out.add(v);
        }
    }

    private static String url(ConfigSource c, String key) {
        String v = c.get(key).orElse(null);
        if (v == null) {
            return null;
        }
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw new ConfigException(key, "expected an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "expected an http(s) URL");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
