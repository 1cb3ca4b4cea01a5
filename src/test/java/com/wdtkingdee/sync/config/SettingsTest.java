package com.wdtkingdee.sync.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    static Map<String, String> live() {
        Map<String, String> m = new HashMap<>();
        m.put("sync.initial-start", "2024-05-20 00:00:00");
        m.put("wdt.app-key", "k");
        m.put("wdt.app-secret", "s3cr3t-value");
        m.put("wdt.target-app-key", "21363512");
        m.put("wdt.sid", "sid");
        m.put("kingdee.url", "http://erp.example.com/k3cloud");
        m.put("kingdee.acct-id", "acct");
        m.put("kingdee.username", "user");
        m.put("kingdee.password", "pa55word-value");
        return m;
    }

    @Test
    void defaultsOfDesignSectionFive() {
        Settings s = Settings.from(new ConfigSource(live(), Map.of(), Map.of()));
        assertThat(s.sync().scheme()).isEqualTo("customer-sync");
        assertThat(s.sync().cron()).isEqualTo("0 0/5 * * * ?");
        assertThat(s.sync().lookback()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.sync().lag()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.sync().maxWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(s.sync().batchSize()).isEqualTo(100);
        assertThat(s.sync().zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(s.sync().initialStart()).isEqualTo(LocalDateTime.of(2024, 5, 20, 0, 0));
        assertThat(s.wdt().url()).isEqualTo("http://hu3cgwt0tc.api.taobao.com/router/qm");
        assertThat(s.wdt().status()).isEqualTo("95,105,110,113");
        assertThat(s.wdt().shopNos()).isEqualTo("002,003,004,0071");
        assertThat(s.wdt().pageSize()).isEqualTo(40);
        assertThat(s.wdt().callsPerMinute()).isEqualTo(60);
        assertThat(s.kingdee().url()).isEqualTo("http://erp.example.com/k3cloud/");
        assertThat(s.kingdee().lcid()).isEqualTo(2052);
        assertThat(s.mapping().group()).isEqualTo("B11");
        assertThat(s.mapping().createOrg()).isEqualTo("100");
        assertThat(s.distributionOrg()).isEqualTo("100040");
        assertThat(s.orgRule().orgFor("0081")).contains("DZ");
        assertThat(s.orgRule().orgFor("0071")).contains("BZ");
        assertThat(s.db().embedded()).isTrue();
    }

    @Test
    void shippedPropertiesFileHoldsEveryKeyWithTheCodeDefaults() throws Exception {
        java.util.Properties file = new java.util.Properties();
        try (var r = java.nio.file.Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(r);
        }
        Map<String, String> secretsOnly = live();
        ConfigSource withFile = ConfigSource.load(Path.of("application.properties"));
        secretsOnly.forEach(withFile::override);
        Settings fromFile = Settings.from(withFile);
        Settings fromCode = Settings.from(new ConfigSource(live(), Map.of(), Map.of()));
        assertThat(fromFile.sync()).isEqualTo(fromCode.sync());
        assertThat(fromFile.retry()).isEqualTo(fromCode.retry());
        assertThat(fromFile.wdt()).isEqualTo(fromCode.wdt());
        assertThat(fromFile.kingdee()).isEqualTo(fromCode.kingdee());
        assertThat(fromFile.kingdee().circuit()).isEqualTo(new Settings.Circuit(true, 50, 5, 10,
                java.time.Duration.ofSeconds(30), 1));
        assertThat(fromFile.observe()).isEqualTo(fromCode.observe());
        assertThat(fromFile.mapping()).isEqualTo(fromCode.mapping());
        assertThat(fromFile.distributionOrg()).isEqualTo(fromCode.distributionOrg());
        assertThat(fromFile.orgRule().orgByShop()).isEqualTo(fromCode.orgRule().orgByShop());
        for (String key : new String[]{"sync.scheme", "sync.cron", "sync.initial-start", "sync.lookback", "sync.lag",
                "sync.max-window", "sync.batch-size", "sync.zone", "wdt.url", "wdt.app-key", "wdt.app-secret",
                "wdt.target-app-key", "wdt.sid", "wdt.status", "wdt.shop-nos", "wdt.page-size", "wdt.calls-per-minute",
                "kingdee.url", "kingdee.acct-id", "kingdee.username", "kingdee.password", "kingdee.lcid",
                "customer.group", "customer.create-org", "customer.distribution-org", "customer.org-rule.DZ",
                "customer.org-rule.BZ", "db.url", "db.username", "db.password"}) {
            assertThat(file).as(key + " is listed in application.properties").containsKey(key);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "sync.initial-start,'',sync.initial-start: is required",
            "sync.initial-start,2024-13-01 00:00:00,sync.initial-start: expected yyyy-MM-dd HH:mm:ss",
            "wdt.app-secret,'',wdt.app-secret: is required",
            "kingdee.password,'',kingdee.password: is required",
            "kingdee.url,erp.example.com,kingdee.url: expected an http(s) URL",
            "wdt.page-size,101,wdt.page-size: must be between 1 and 100",
            "wdt.page-size,abc,wdt.page-size: expected a whole number",
            "sync.max-window,P31D,sync.max-window: must be positive and at most P30D",
            "sync.lookback,10 minutes,sync.lookback: expected an ISO-8601 duration",
            "sync.zone,Mars/Base,sync.zone: expected a time-zone id",
            "sync.batch-size,0,sync.batch-size: must be between 1 and 10000",
            "kingdee.circuit.failure-rate-threshold,0,kingdee.circuit.failure-rate-threshold: must be between 1 and 100",
            "kingdee.circuit.minimum-calls,x,kingdee.circuit.minimum-calls: expected a whole number",
            "kingdee.circuit.wait-in-open,PT0S,kingdee.circuit.wait-in-open: must be positive",
            "observe.health-watch-interval,PT0S,observe.health-watch-interval: must be positive",
            "customer.org-rule.DZ,'002',customer.org-rule.*: shop 002 is mapped to both",
            "db.url,jdbc:mysql://x/y,db.url: must be a jdbc:postgresql: URL",
            "kingdee.auto-submit-audit,yes,kingdee.auto-submit-audit: expected true or false"})
    void badSettingsNameTheKey(String key, String value, String message) {
        Map<String, String> m = live();
        m.put("customer.org-rule.DZ", "005,006,007,0081,0091");
        m.put("customer.org-rule.BZ", "002,003,004,0071");
        m.put(key, value);
        assertThatThrownBy(() -> Settings.from(new ConfigSource(m, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("s3cr3t-value").hasMessageNotContaining("pa55word-value");
    }

    @Test
    void everyProblemIsReportedInOneStartWithTheValuesAsWritten() {
        Map<String, String> m = live();
        m.remove("wdt.app-key");
        m.remove("wdt.sid");
        m.remove("kingdee.username");
        m.put("sync.max-window", "P40D");
        m.put("sync.lookback", "-PT5M");
        m.put("wdt.page-size", "500");
        assertThatThrownBy(() -> Settings.from(new ConfigSource(m, Map.of(), Map.of())))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigException::key).containsExactlyInAnyOrder(
                            "wdt.app-key", "wdt.sid", "kingdee.username", "sync.max-window", "sync.lookback",
                            "wdt.page-size");
                    assertThat(e.getMessage().lines()).hasSize(6)
                            .contains("sync.max-window: must be positive and at most P30D (the API cap), got P40D")
                            .contains("sync.lookback: must not be negative, got -PT5M")
                            .contains("wdt.page-size: must be between 1 and 100, got 500")
                            .contains("wdt.sid: is required (set it in application.properties, as WDT_SID or -Dwdt.sid)");
                });
    }

    @Test
    void theObserveServerListensOnLoopbackByDefault() throws Exception {
        assertThat(Settings.from(new ConfigSource(live(), Map.of(), Map.of())).observe().host()).isEqualTo("127.0.0.1");
        ConfigSource withFile = ConfigSource.load(Path.of("application.properties"));
        live().forEach(withFile::override);
        assertThat(Settings.from(withFile).observe().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void commandLineSettingsRankAsSystemProperties() throws Exception {
        ConfigSource c = ConfigSource.load(Path.of("application.properties"), Map.of("customer.org-rule.BZ", "002,0099"));
        live().forEach(c::override);
        Settings s = Settings.from(c);
        assertThat(s.orgRule().orgFor("0099")).contains("BZ");
        assertThat(s.orgRule().orgFor("0081")).contains("DZ");
    }

    @Test
    void environmentAndSystemPropertiesOverrideTheFile() {
        Map<String, String> file = live();
        file.put("sync.batch-size", "10");
        file.put("wdt.page-size", "40");
        ConfigSource c = new ConfigSource(file, Map.of("SYNC_BATCH_SIZE", "20", "WDT_PAGE_SIZE", "50"),
                Map.of("wdt.page-size", "60"));
        Settings s = Settings.from(c);
        assertThat(s.sync().batchSize()).isEqualTo(20);
        assertThat(s.wdt().pageSize()).isEqualTo(60);
        assertThat(ConfigSource.envName("wdt.app-secret")).isEqualTo("WDT_APP_SECRET");
    }

    @Test
    void secretsNeverInToString() {
        Settings s = Settings.from(new ConfigSource(live(), Map.of(), Map.of()));
        assertThat(s.toString()).doesNotContain("s3cr3t-value").doesNotContain("pa55word-value");
    }
}
