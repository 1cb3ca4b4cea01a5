package com.wdtkingdee.sync.config;

import com.wdtkingdee.sync.customer.MappingConfig;
import com.wdtkingdee.sync.customer.OrgRule;
import com.wdtkingdee.sync.kingdee.KingdeeAuthMode;
import com.wdtkingdee.sync.wdt.WdtProtocol;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed, validated configuration of design section 5. Built once at start; a missing or malformed setting
 * fails with a {@link ConfigException} naming the key. Secrets are never part of {@link #toString()}.
 */
public record Settings(
        Sync sync, Retry retry, Observe observe, Wdt wdt, Kingdee kingdee, MappingConfig mapping, String distributionOrg, OrgRule orgRule,
        Db db, com.wdtkingdee.sync.alert.AlertSettings alerts, com.wdtkingdee.sync.console.ConsoleSettings console,
        String quartzProperties, Map<String, String> effective) {

    public static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public record Sync(String scheme, String cron, LocalDateTime initialStart, Duration lookback, Duration lag,
                       Duration maxWindow, int batchSize, ZoneId zone, int maxPages, String rescanCron,
                       Duration rescanSpan, java.util.List<Duration> deadLetterRetry, int maxInFlight) {
        /** True when the 补漏 re-scan schedule is configured. */
        public boolean rescanEnabled() {
            return rescanCron != null && !rescanCron.isBlank();
        }
    }

    /** Health and metrics on Camel's management server (service mode). */
    public record Observe(boolean enabled, String host, int port, Duration maxCycleAge, Duration healthWatchInterval) {
    }

    /** Redelivery of transient failures: attempts after the first, first delay, backoff factor, delay cap. */
    public record Retry(int maxRedeliveries, long delayMs, double multiplier, long maxDelayMs) {
    }

    public record Wdt(String protocol, String url, String appKey, String appSecret, String targetAppKey, String sid,
                      String status, String shopNos, int pageSize, int callsPerMinute, Duration timeout,
                      Map<String, String> optionalParams, boolean reversePaging, boolean countCheck, int rereads,
                      Duration rateMargin) {
        @Override
        public String toString() {
            return "Wdt[protocol=" + protocol + ", url=" + url + ", appKey=" + appKey + ", appSecret=****, targetAppKey=" + targetAppKey
                    + ", sid=" + sid + ", status=" + status + ", shopNos=" + shopNos + ", pageSize=" + pageSize + "]";
        }
    }

    public record Kingdee(String url, String acctId, String username, String password, int lcid,
                          Duration timeout, boolean autoSubmitAudit, boolean startupCheck, KingdeeAuthMode auth,
                          String appId, String appSecret, String orgNum, Duration startupCheckTimeout,
                          Circuit circuit, int writers) {
        @Override
        public String toString() {
            return "Kingdee[url=" + url + ", acctId=" + acctId + ", username=" + username + ", auth=" + auth.configName()
                    + ", password=****, appId=" + (appId == null || appId.isBlank() ? "" : appId.replaceAll("_.*", "_****"))
                    + ", appSecret=****, lcid=" + lcid + "]";
        }
    }

    /**
     * The circuit breaker around every Kingdee call ({@code kingdee.circuit.*}, camel-resilience4j): it opens when at
     * least {@code minimumCalls} of the last {@code slidingWindow} calls were made and {@code failureRateThreshold} %
     * of them got no answer (transport failure, timeout, HTTP 5xx, unreadable body); while open, calls fail fast for
     * {@code waitInOpen}; then {@code halfOpenCalls} trial calls decide whether it closes again.
     */
    public record Circuit(boolean enabled, float failureRateThreshold, int minimumCalls, int slidingWindow,
                          Duration waitInOpen, int halfOpenCalls) {
    }

    public record Db(String url, String username, String password, Path embeddedDir) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return embedded() ? "Db[embedded at " + embeddedDir + "]" : "Db[url=" + url + ", username=" + username + "]";
        }
    }

    /**
     * Reads and validates every key. In live mode the credentials and {@code sync.initial-start} are required.
     * Every problem is collected: one {@link ConfigException} names them all (one line each), values as written.
     */
    public static Settings from(ConfigSource c) {
        Reader r = new Reader(c);
        Settings settings = read(c, r);
        r.throwIfAny();
        return settings;
    }

    private static Settings read(ConfigSource c, Reader r) {
        ZoneId zone = r.parse("sync.zone", "Asia/Shanghai", ZoneId::of, "a time-zone id such as Asia/Shanghai");
        Duration maxWindow = r.duration("sync.max-window", "P1D");
        if (maxWindow.compareTo(Duration.ofDays(30)) > 0 || maxWindow.isZero()) {
            r.problem("sync.max-window", "must be positive and at most P30D (the API cap), got "
                    + r.text("sync.max-window", "P1D"));
        }
        Sync sync = new Sync(
                r.text("sync.scheme", "customer-sync"),
                r.text("sync.cron", "0 0/5 * * * ?"),
                r.required("sync.initial-start", v -> LocalDateTime.parse(v, ERP_TIME), "yyyy-MM-dd HH:mm:ss"),
                r.duration("sync.lookback", "PT10M"),
                r.duration("sync.lag", "PT1M"),
                maxWindow,
                r.intIn("sync.batch-size", "100", 1, 10000),
                zone,
                r.intIn("sync.max-pages", "10000", 1, Integer.MAX_VALUE),
                c.get("sync.rescan.cron").orElse(""),
                r.duration("sync.rescan.span", "P2D"),
                ladder(c, r),
                r.intIn("sync.max-in-flight", "4", 1, 100));
        Retry retry = new Retry(
                r.intIn("sync.retry.max-redeliveries", "5", 0, 1000),
                r.intIn("sync.retry.delay-ms", "1000", 0, Integer.MAX_VALUE),
                r.parse("sync.retry.multiplier", "2", Double::parseDouble, "a number such as 2"),
                r.intIn("sync.retry.max-delay-ms", "60000", 0, Integer.MAX_VALUE));
        Observe observe = new Observe(r.bool("observe.enabled", "true"), r.text("observe.host", "127.0.0.1"),
                r.intIn("observe.port", "9876", 1, 65535), r.duration("observe.max-cycle-age", "PT30M"),
                r.duration("observe.health-watch-interval", "PT30S"));
        if (observe.healthWatchInterval().toMillis() < 1) {
            r.problem("observe.health-watch-interval", "must be positive, got "
                    + r.text("observe.health-watch-interval", "PT30S"));
        }
        if (retry.multiplier() < 1) {
            r.problem("sync.retry.multiplier", "must be at least 1, got " + r.text("sync.retry.multiplier", "2"));
        }
        Map<String, String> optional = new LinkedHashMap<>();
        for (String k : new String[]{"src-order-no", "src-tid", "stockout-no", "warehouse-no", "is-by-modified"}) {
            c.get("wdt." + k).ifPresent(v -> optional.put(k.replace('-', '_'), v));
        }
        String protocol = r.parse("wdt.protocol", "qimen", WdtProtocol::validName, "qimen or openapi2");
        boolean qimen = protocol.equals("qimen");
        Wdt wdt = new Wdt(
                protocol,
                qimen ? r.url("wdt.url", "http://hu3cgwt0tc.api.taobao.com/router/qm")
                        : r.url("wdt.openapi2-url", "https://api.wangdian.cn/openapi2/stockout_order_query_trade.php"),
                r.required("wdt.app-key"), r.required("wdt.app-secret"),
                qimen ? r.required("wdt.target-app-key") : c.get("wdt.target-app-key").orElse(""),
                r.required("wdt.sid"),
                r.text("wdt.status", "95,105,110,113"),
                r.text("wdt.shop-nos", "002,003,004,0071"),
                r.intIn("wdt.page-size", "40", 1, 100),
                r.intIn("wdt.calls-per-minute", "60", 1, 100000),
                r.duration("wdt.timeout", "PT30S"),
                optional,
                r.bool("wdt.reverse-paging", "false"),
                r.bool("wdt.count-check", "true"),
                r.intIn("wdt.rereads", "2", 0, 100),
                r.duration("wdt.rate-margin", "PT2S"));
        KingdeeAuthMode auth = r.parse("kingdee.auth", "password", KingdeeAuthMode::parse,
                "password, app-secret, sign or signed-headers");
        Kingdee kingdee = new Kingdee(
                r.required("kingdee.url", v -> {
                    r.checkUrl("kingdee.url", v);
                    return v.endsWith("/") ? v : v + "/";
                }, "an http(s) URL such as http://erp.example.com/k3cloud/"),
                r.required("kingdee.acct-id"), r.required("kingdee.username"),
                auth == KingdeeAuthMode.PASSWORD ? r.required("kingdee.password") : c.get("kingdee.password").orElse(""),
                r.intIn("kingdee.lcid", "2052", 1, 99999),
                r.duration("kingdee.timeout", "PT120S"),
                r.bool("kingdee.auto-submit-audit", "true"),
                r.bool("kingdee.startup-check", "true"),
                auth,
                auth.usesApp() ? r.required("kingdee.app-id") : c.get("kingdee.app-id").orElse(""),
                auth.usesApp() ? r.required("kingdee.app-secret") : c.get("kingdee.app-secret").orElse(""),
                r.text("kingdee.org-num", "0"),
                r.duration("kingdee.startup-check-timeout", "PT2M"),
                circuit(r),
                r.intIn("kingdee.writers", "2", 1, 4));
        if (auth == KingdeeAuthMode.SIGNED_HEADERS && kingdee.appId() != null && !kingdee.appId().isEmpty()
                && !kingdee.appId().contains("_")) {
            r.problem("kingdee.app-id", "signed-headers needs the AppID of 第三方系统登录授权, shaped <clientId>_<secret part>");
        }
        String group = r.text("customer.group", "B11");
        String createOrg = r.text("customer.create-org", "100");
        String currency = r.text("customer.trading-currency", "PRE001");
        MappingConfig mapping = new MappingConfig(group, createOrg, currency, r.text("customer.number-prefix", "WDT-"),
                customerFields(c, java.util.Map.of("customer.group", group, "customer.create-org", createOrg,
                        "customer.trading-currency", currency)));
        String distributionOrg = r.text("customer.distribution-org", "100040");
        Map<String, String> rules = new LinkedHashMap<>();
        c.withPrefix("customer.org-rule.").forEach((k, v) -> rules.put(k.substring("customer.org-rule.".length()), v));
        if (rules.isEmpty()) {
            rules.put("DZ", "005,006,007,0081,0091");
            rules.put("BZ", "002,003,004,0071");
        }
        OrgRule orgRule = null;
        try {
            orgRule = OrgRule.of(rules);
        } catch (IllegalArgumentException e) {
            r.problem("customer.org-rule.*", e.getMessage());
        }
        Db db = new Db(c.get("db.url").orElse(null), c.get("db.username").orElse(null),
                c.get("db.password").orElse(null), Path.of(r.text("db.embedded-dir", "./data/pg")));
        if (!db.embedded() && !db.url().startsWith("jdbc:postgresql:")) {
            r.problem("db.url", "must be a jdbc:postgresql: URL (or empty for the embedded database)");
        }
        com.wdtkingdee.sync.console.ConsoleSettings console = null;
        try {
            console = com.wdtkingdee.sync.console.ConsoleSettings.from(c);
        } catch (ConfigException e) {
            r.problem(e.key(), e.getMessage().substring(e.key().length() + 2));
        }
        return new Settings(sync, retry, observe, wdt, kingdee, mapping, distributionOrg, orgRule, db,
                com.wdtkingdee.sync.alert.AlertSettings.from(c), console,
                r.text("sync.quartz-properties", "classpath:quartz-cluster.properties"), effective(c));
    }

    /**
     * The configuration in force: every key the settings were read from, with its resolved value (file, environment,
     * {@code -D} before the jar, {@code -D} or {@code --key=value} after it), and every {@code camel.*} key, which
     * Camel Main receives from here as override properties (so a {@code camel.*} key given after the jar or as an
     * environment variable reaches Camel like any other).
     */
    private static Map<String, String> effective(ConfigSource c) {
        Map<String, String> camel = c.withPrefix("camel.");
        Map<String, String> all = new java.util.TreeMap<>(c.consulted());
        all.putAll(camel);
        return java.util.Collections.unmodifiableMap(all);
    }

    /** The typed settings; the raw {@link #effective()} values are left out (they hold the secrets as given). */
    @Override
    public String toString() {
        return "Settings[sync=" + sync + ", retry=" + retry + ", observe=" + observe + ", wdt=" + wdt + ", kingdee="
                + kingdee + ", mapping=" + mapping + ", distributionOrg=" + distributionOrg + ", orgRule=" + orgRule
                + ", db=" + db + ", alerts=" + alerts + ", console=" + console + ", quartzProperties=" + quartzProperties
                + ", effective=" + effective.size() + " key(s)]";
    }

    /** The {@code camel.*} keys in force, handed to Camel Main as override properties. */
    public Map<String, String> camel() {
        Map<String, String> out = new java.util.TreeMap<>();
        effective.forEach((k, v) -> {
            if (k.startsWith("camel.") && !v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Circuit circuit(Reader r) {
        int window = r.intIn("kingdee.circuit.sliding-window", "10", 1, 10000);
        int minimum = r.intIn("kingdee.circuit.minimum-calls", "5", 1, 10000);
        Circuit circuit = new Circuit(
                r.bool("kingdee.circuit.enabled", "true"),
                r.intIn("kingdee.circuit.failure-rate-threshold", "50", 1, 100),
                minimum, window,
                r.duration("kingdee.circuit.wait-in-open", "PT30S"),
                r.intIn("kingdee.circuit.half-open-calls", "1", 1, 1000));
        if (circuit.waitInOpen().toMillis() < 1) {
            r.problem("kingdee.circuit.wait-in-open", "must be positive, got " + r.text("kingdee.circuit.wait-in-open", "PT30S"));
        }
        return circuit;
    }

    /**
     * Small typed reader that turns every parse problem into a {@link ConfigException} naming the key and the value as
     * written, collects them (a bad value reads as its default, a missing required one as null) and throws them
     * together at the end.
     */
    private static final class Reader {
        private final ConfigSource c;
        private final java.util.List<ConfigException> problems = new java.util.ArrayList<>();

        Reader(ConfigSource c) {
            this.c = c;
        }

        void problem(String key, String problem) {
            if (problems.stream().noneMatch(p -> p.key().equals(key))) {
                problems.add(new ConfigException(key, problem));
            }
        }

        void throwIfAny() {
            if (problems.size() == 1) {
                throw problems.get(0);
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        String text(String key, String def) {
            return c.get(key).orElse(def);
        }

        String required(String key) {
            Optional<String> v = c.get(key);
            if (v.isEmpty()) {
                problem(key, "is required (set it in application.properties, as " + ConfigSource.envName(key)
                        + " or -D" + key + ")");
                return null;
            }
            return v.get();
        }

        <T> T required(String key, Function<String, T> parser, String expected) {
            String v = required(key);
            return v == null ? null : parseValue(key, v, parser, expected, null);
        }

        <T> T parse(String key, String def, Function<String, T> parser, String expected) {
            return parseValue(key, text(key, def), parser, expected, parser.apply(def));
        }

        private <T> T parseValue(String key, String v, Function<String, T> parser, String expected, T fallback) {
            try {
                return parser.apply(v);
            } catch (DateTimeException | IllegalArgumentException e) {
                problem(key, "expected " + expected + ", got '" + v + "'");
            } catch (ConfigException e) {
                problem(e.key(), e.getMessage().substring(e.key().length() + 2));
            }
            return fallback;
        }

        Duration duration(String key, String def) {
            Duration d = parse(key, def, Duration::parse, "an ISO-8601 duration such as PT10M or P1D");
            if (d.isNegative()) {
                problem(key, "must not be negative, got " + text(key, def));
                return Duration.parse(def);
            }
            return d;
        }

        int intIn(String key, String def, int min, int max) {
            int v = parse(key, def, Integer::parseInt, "a whole number");
            if (v < min || v > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + text(key, def));
                return Integer.parseInt(def);
            }
            return v;
        }

        boolean bool(String key, String def) {
            String v = text(key, def).toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                problem(key, "expected true or false, got '" + text(key, def) + "'");
                return Boolean.parseBoolean(def);
            }
            return Boolean.parseBoolean(v);
        }

        String url(String key, String def) {
            String v = text(key, def);
            try {
                checkUrl(key, v);
            } catch (ConfigException e) {
                problem(key, e.getMessage().substring(key.length() + 2));
            }
            return v;
        }

        void checkUrl(String key, String v) {
            try {
                java.net.URI u = java.net.URI.create(v);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    throw new ConfigException(key, "expected an http(s) URL, got '" + v + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "expected an http(s) URL, got '" + v + "'");
            }
        }
    }


    /** The default retry ladder of parked transient items. */
    public static final String DEFAULT_LADDER = "PT1M,PT5M,PT30M,PT2H,PT12H";

    /** {@code sync.dead-letter.retry}: the ladder, empty (or {@code off}) = no automatic retries. */
    private static java.util.List<Duration> ladder(ConfigSource c, Reader r) {
        String key = "sync.dead-letter.retry";
        String raw = c.get(key).orElse(c.declared(key) ? "" : DEFAULT_LADDER).strip();
        if (raw.isEmpty() || raw.equalsIgnoreCase("off")) {
            return java.util.List.of();
        }
        java.util.List<Duration> steps = new java.util.ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                Duration d = Duration.parse(part.strip());
                if (d.isNegative()) {
                    throw new java.time.format.DateTimeParseException("negative", part, 0);
                }
                steps.add(d);
            } catch (java.time.format.DateTimeParseException e) {
                r.problem(key, "expected ISO-8601 durations separated by commas (e.g. " + DEFAULT_LADDER
                        + ") or empty for off, got " + raw);
                return java.util.List.of();
            }
        }
        return java.util.List.copyOf(steps);
    }

    /** {@code customer.field.*}: the BD_Customer fields; defaults reproduce the scheme's row (design section 1). */
    static com.wdtkingdee.sync.customer.CustomerFields customerFields(ConfigSource c, java.util.Map<String, String> known) {
        java.util.Map<String, String> declared = new java.util.LinkedHashMap<>(DEFAULT_FIELDS);
        c.withPrefix("customer.field.").forEach((k, v) -> declared.put(k.substring("customer.field.".length()), v));
        try {
            return com.wdtkingdee.sync.customer.CustomerFields.parse(declared,
                    key -> c.get(key).orElse(known.get(key)));
        } catch (com.wdtkingdee.sync.customer.CustomerFields.Invalid e) {
            throw new ConfigException(e.key(), e.getMessage());
        }
    }

    /** The scheme's row when application.properties declares no customer.field.* (as in design section 1). */
    static final java.util.Map<String, String> DEFAULT_FIELDS = java.util.Map.of(
            "FCreateOrgId", "ref:{{customer.create-org}}",
            "FUseOrgId", "ref:${variable.useOrg}",
            "FName", "${variable.title}",
            "FINVOICETITLE", "${variable.title}",
            "FTAXREGISTERCODE", "${variable.taxCode}",
            "FGroup", "ref:{{customer.group}}",
            "FTRADINGCURRID", "ref:{{customer.trading-currency}}");
}
