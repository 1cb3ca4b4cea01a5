package com.wdtkingdee.sync.config;

import com.wdtkingdee.sync.app.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.3, "one configuration, one way in": every key of the README's configuration table reaches the same
 * effective value whether it is set in application.properties, as an environment variable, as {@code -D} before the
 * jar, as {@code -D} after it or as {@code --key=value}. The command-line settings go through the real parser
 * ({@code Cli.parse}); the effective value is what {@link Settings} was built from ({@link Settings#effective()}),
 * the console token the console uses, and the {@code camel.*} keys Camel Main receives ({@link Settings#camel()}).
 */
class ConfigurationWaysTest {

    enum Way { FILE, ENVIRONMENT, D_BEFORE_JAR, D_AFTER_JAR, DASH_DASH }

    /** A valid value for every key of the table, different from its default. */
    static final Map<String, String> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("sync.scheme", "brand-a");
        SAMPLES.put("sync.cron", "0 0/7 * * * ?");
        SAMPLES.put("sync.initial-start", "2025-03-04 05:06:07");
        SAMPLES.put("sync.lookback", "PT13M");
        SAMPLES.put("sync.lag", "PT3M");
        SAMPLES.put("sync.max-window", "PT12H");
        SAMPLES.put("sync.batch-size", "77");
        SAMPLES.put("sync.max-in-flight", "9");
        SAMPLES.put("sync.zone", "Asia/Tokyo");
        SAMPLES.put("sync.max-pages", "321");
        SAMPLES.put("sync.rescan.cron", "0 0 4 * * ?");
        SAMPLES.put("sync.rescan.span", "P3D");
        SAMPLES.put("sync.retry.max-redeliveries", "4");
        SAMPLES.put("sync.retry.delay-ms", "1500");
        SAMPLES.put("sync.retry.multiplier", "3");
        SAMPLES.put("sync.retry.max-delay-ms", "45000");
        SAMPLES.put("sync.dead-letter.retry", "PT2M,PT9M");
        SAMPLES.put("wdt.protocol", "openapi2");
        SAMPLES.put("wdt.url", "http://qimen.example.com/router/qm");
        SAMPLES.put("wdt.openapi2-url", "http://wdt.example.com/openapi2/stockout_order_query_trade.php");
        SAMPLES.put("wdt.app-key", "key-from-way");
        SAMPLES.put("wdt.app-secret", "secret-from-way");
        SAMPLES.put("wdt.sid", "sid-from-way");
        SAMPLES.put("wdt.target-app-key", "99887766");
        SAMPLES.put("wdt.status", "95,110");
        SAMPLES.put("wdt.shop-nos", "002,0071");
        SAMPLES.put("wdt.page-size", "25");
        SAMPLES.put("wdt.calls-per-minute", "30");
        SAMPLES.put("wdt.rate-margin", "PT5S");
        SAMPLES.put("wdt.reverse-paging", "true");
        SAMPLES.put("wdt.count-check", "false");
        SAMPLES.put("wdt.rereads", "3");
        SAMPLES.put("wdt.timeout", "PT17S");
        SAMPLES.put("wdt.src-order-no", "SO-1");
        SAMPLES.put("wdt.src-tid", "TID-1");
        SAMPLES.put("wdt.stockout-no", "CK-1");
        SAMPLES.put("wdt.warehouse-no", "WH-1");
        SAMPLES.put("wdt.is-by-modified", "1");
        SAMPLES.put("kingdee.url", "http://kingdee.example.com/k3cloud/");
        SAMPLES.put("kingdee.auth", "signed-headers");
        SAMPLES.put("kingdee.acct-id", "acct-from-way");
        SAMPLES.put("kingdee.username", "user-from-way");
        SAMPLES.put("kingdee.password", "password-from-way");
        SAMPLES.put("kingdee.app-id", "123456_appidfromway");
        SAMPLES.put("kingdee.app-secret", "appsecret-from-way");
        SAMPLES.put("kingdee.org-num", "7");
        SAMPLES.put("kingdee.lcid", "1033");
        SAMPLES.put("kingdee.timeout", "PT90S");
        SAMPLES.put("kingdee.auto-submit-audit", "false");
        SAMPLES.put("kingdee.startup-check", "false");
        SAMPLES.put("kingdee.writers", "3");
        SAMPLES.put("kingdee.startup-check-timeout", "PT3M");
        SAMPLES.put("kingdee.circuit.enabled", "false");
        SAMPLES.put("kingdee.circuit.failure-rate-threshold", "60");
        SAMPLES.put("kingdee.circuit.minimum-calls", "6");
        SAMPLES.put("kingdee.circuit.sliding-window", "12");
        SAMPLES.put("kingdee.circuit.wait-in-open", "PT40S");
        SAMPLES.put("kingdee.circuit.half-open-calls", "2");
        SAMPLES.put("customer.group", "B12");
        SAMPLES.put("customer.create-org", "101");
        SAMPLES.put("customer.distribution-org", "100041");
        SAMPLES.put("customer.trading-currency", "PRE002");
        SAMPLES.put("customer.number-prefix", "CUS-");
        SAMPLES.put("customer.org-rule.DZ", "005,006");
        SAMPLES.put("customer.field.FDescription", "来自旺店通");
        SAMPLES.put("db.url", "jdbc:postgresql://db.example.com:5432/wdt_sync");
        SAMPLES.put("db.username", "sync-user");
        SAMPLES.put("db.password", "db-password-from-way");
        SAMPLES.put("db.embedded-dir", "./data/pg-other");
        SAMPLES.put("observe.enabled", "false");
        SAMPLES.put("observe.host", "0.0.0.0");
        SAMPLES.put("observe.port", "9911");
        SAMPLES.put("observe.max-cycle-age", "PT45M");
        SAMPLES.put("observe.health-watch-interval", "PT20S");
        SAMPLES.put("console.enabled", "false");
        SAMPLES.put("console.token", "token-from-way");
        SAMPLES.put("console.allowed-hosts", "sync.example.com,10.0.0.5");
        SAMPLES.put("alert.dingtalk.url", "https://oapi.dingtalk.com/robot/send?access_token=abc");
        SAMPLES.put("alert.dingtalk.secret", "SECdingtalk");
        SAMPLES.put("alert.wecom.url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1");
        SAMPLES.put("alert.feishu.url", "https://open.feishu.cn/open-apis/bot/v2/hook/h1");
        SAMPLES.put("alert.feishu.secret", "feishu-secret");
        SAMPLES.put("alert.webhook.url", "https://hooks.example.com/alert");
        SAMPLES.put("alert.min-interval", "PT15M");
        SAMPLES.put("sandbox.cron", "0/10 * * * * ?");
        SAMPLES.put("sandbox.embedded-dir", "./data/sandbox-other");
        SAMPLES.put("sandbox.faults", "chaos");
        SAMPLES.put("sandbox.fault-seed", "11");
        SAMPLES.put("sandbox.qimen-port", "18081");
        SAMPLES.put("sandbox.kingdee-port", "18082");
        SAMPLES.put("sandbox.wdt.app-key", "sandbox-key");
        SAMPLES.put("sandbox.wdt.app-secret", "sandbox-secret");
        SAMPLES.put("sandbox.kingdee.password", "sandbox-password");
        SAMPLES.put("sandbox.kingdee.app-id", "654321_sandbox");
        SAMPLES.put("sandbox.kingdee.app-secret", "sandbox-app-secret");
        SAMPLES.put("sandbox.credentials-file", "./data/other-credentials.properties");
        SAMPLES.put("camel.main.shutdown-timeout", "12");
        SAMPLES.put("camel.main.name", "wdt-kingdee-sync-b");
        SAMPLES.put("camel.management.port", "9912");
        SAMPLES.put("camel.metrics.enabled", "false");
        SAMPLES.put("camel.health.enabled", "false");
        SAMPLES.put("sync.quartz-properties", "file:quartz-own.properties");
    }

    /** A documented pattern (customer.org-rule.&lt;ORG&gt;, camel.main.*) and the concrete key sampled for it. */
    private static final Map<String, String> PATTERNS = Map.of(
            "customer.org-rule.<ORG>", "customer.org-rule.DZ",
            "customer.field.<Field>", "customer.field.FDescription",
            "camel.main.*", "camel.main.name",
            "camel.management.*", "camel.management.port",
            "camel.metrics.*", "camel.metrics.enabled",
            "camel.health.*", "camel.health.enabled");

    /** Keys read only by the sandbox launcher (not part of a live configuration). */
    private static boolean sandboxOnly(String key) {
        return key.startsWith("sandbox.");
    }

    static List<String> documentedKeys() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Configuration\n");
        int end = readme.indexOf("\n## ", start + 5);
        Set<String> keys = new LinkedHashSet<>();
        Pattern key = Pattern.compile("`([a-z][a-z0-9.<>A-Z*-]*)`");
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            Matcher m = key.matcher(firstCell);
            while (m.find()) {
                String k = m.group(1);
                keys.add(PATTERNS.getOrDefault(k, k));
            }
        }
        return new ArrayList<>(keys);
    }

    static Stream<Arguments> everyKeyEveryWay() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String key : documentedKeys()) {
            for (Way way : Way.values()) {
                out.add(Arguments.of(key, way));
            }
        }
        return out.stream();
    }

    @Test
    void everyDocumentedKeyHasASampleAndEverySampleIsDocumented() throws IOException {
        List<String> documented = documentedKeys();
        assertThat(documented).hasSizeGreaterThan(80);
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(documented);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyKeyEveryWay")
    void aKeyReachesTheSameValueWhicheverWayItIsSet(String key, Way way) throws IOException {
        String value = SAMPLES.get(key);
        ConfigSource config = configWith(key, value, way);
        assertThat(config.get(key)).as("ConfigSource").contains(value);
        if (sandboxOnly(key)) {
            return; // read by the sandbox launcher from this same ConfigSource (there is no other)
        }
        Settings settings = Settings.from(config);
        if (key.startsWith("camel.")) {
            assertThat(settings.camel()).as("camel.* handed to Camel Main").containsEntry(key, value);
        } else {
            assertThat(settings.effective()).as("the configuration the settings were built from").containsEntry(key, value);
        }
        switch (key) {
            case "console.token" -> assertThat(settings.console().token()).isEqualTo(value);
            case "console.allowed-hosts" -> assertThat(settings.console().allowedHosts()).containsExactly("sync.example.com", "10.0.0.5");
            case "console.enabled" -> assertThat(settings.console().enabled()).isFalse();
            case "observe.host" -> assertThat(settings.observe().host()).isEqualTo(value);
            case "observe.port" -> assertThat(settings.observe().port()).isEqualTo(9911);
            case "sync.cron" -> assertThat(settings.sync().cron()).isEqualTo(value);
            case "kingdee.password" -> assertThat(settings.kingdee().password()).isEqualTo(value);
            case "alert.min-interval" -> assertThat(settings.alerts().toString()).contains("PT15M");
            case "sync.quartz-properties" -> assertThat(settings.quartzProperties()).isEqualTo(value);
            default -> { }
        }
    }

    @Test
    void aSettingAfterTheJarWinsOverTheSameSettingBeforeIt() throws IOException {
        Map<String, String> file = shippedFile();
        file.putAll(liveBase());
        ConfigSource c = ConfigSource.of(file, Map.of("CONSOLE_TOKEN", "env"), Map.of("console.token", "before"),
                Cli.parse("--once", "--console.token=after").properties());
        assertThat(Settings.from(c).console().token()).isEqualTo("after");
    }

    @Test
    void theEffectiveConfigurationIsNeverPrintedWithItsSecrets() throws IOException {
        ConfigSource c = configWith("kingdee.password", "password-from-way", Way.DASH_DASH);
        Settings s = Settings.from(c);
        assertThat(s.effective()).containsEntry("kingdee.password", "password-from-way");
        assertThat(s.toString()).doesNotContain("password-from-way").doesNotContain("s3cr3t-value");
    }

    /** The bug this guards against: a part that read application.properties again missed the command line. */
    @Test
    void onlyTheCommandLineReadsTheConfiguration() throws IOException {
        List<String> readers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if ((text.contains("ConfigSource.load(") || text.contains("new ConfigSource(")
                        || text.contains("ConfigSource.of(")) && !f.endsWith("ConfigSource.java")) {
                    readers.add(f.getFileName().toString());
                }
            }
        }
        assertThat(readers).containsExactly("Application.java");
    }

    /** The shipped application.properties plus the required live keys, then {@code key = value} set one way. */
    static ConfigSource configWith(String key, String value, Way way) throws IOException {
        Map<String, String> file = shippedFile();
        file.putAll(liveBase());
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> system = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("--once"));
        switch (way) {
            case FILE -> file.put(key, value);
            case ENVIRONMENT -> env.put(ConfigSource.envName(key), value);
            case D_BEFORE_JAR -> system.put(key, value);
            case D_AFTER_JAR -> args.add("-D" + key + "=" + value);
            case DASH_DASH -> args.add("--" + key + "=" + value);
        }
        if ("observe.host".equals(key)) {
            file.put("console.token", "t"); // beyond loopback the console needs a token
        }
        if ("kingdee.auth".equals(key)) {
            file.put("kingdee.app-id", "123456_x");
            file.put("kingdee.app-secret", "y");
        }
        return ConfigSource.of(file, env, system, Cli.parse(args.toArray(String[]::new)).properties());
    }

    /** The required live keys (SettingsTest's), on top of the shipped file. */
    static Map<String, String> liveBase() {
        return SettingsTest.live();
    }

    static Map<String, String> shippedFile() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }
}
