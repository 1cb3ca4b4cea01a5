package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.OrgRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** console.* settings: the token rule beyond loopback, the refused start, and the org-rule hook the console uses. */
class ConsoleSettingsTest {

    @ParameterizedTest(name = "{0} loopback: {1}")
    @CsvSource({"127.0.0.1, true", "localhost, true", "::1, true", "[::1], true", "127.0.0.2, true",
            "0.0.0.0, false", "10.1.2.3, false", "'', false"})
    void loopbackHosts(String host, boolean loopback) {
        assertThat(ConsoleSettings.isLoopback(host)).isEqualTo(loopback);
    }

    @Test
    void beyondLoopbackATokenIsRequired() {
        assertThatThrownBy(() -> new ConsoleSettings(true, "").checkListening("0.0.0.0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("console.token")
                .hasMessageContaining("observe.host=0.0.0.0")
                .hasMessageContaining("CONSOLE_TOKEN");
        assertThatCode(() -> new ConsoleSettings(true, "s3cret").checkListening("0.0.0.0")).doesNotThrowAnyException();
        assertThatCode(() -> new ConsoleSettings(true, "").checkListening("127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> new ConsoleSettings(false, "").checkListening("0.0.0.0")).doesNotThrowAnyException();
    }

    @Test
    void readFromConfigurationAndNeverPrintsTheToken() {
        ConfigSource c = new ConfigSource(Map.of("console.enabled", "true", "console.token", " tok-123 "), Map.of(), Map.of());
        ConsoleSettings s = ConsoleSettings.from(c);
        assertThat(s.token()).isEqualTo("tok-123");
        assertThat(s.toString()).doesNotContain("tok-123").contains("****");
        assertThatThrownBy(() -> ConsoleSettings.from(new ConfigSource(Map.of("console.enabled", "yes"), Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.enabled");
    }

    @Test
    void theStartIsRefusedWhenTheConsoleListensBeyondLoopbackWithoutAToken() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("sync.initial-start", "2026-11-01 00:00:00");
        for (String k : new String[]{"wdt.app-key", "wdt.app-secret", "wdt.target-app-key", "wdt.sid", "kingdee.acct-id",
                "kingdee.username", "kingdee.password"}) {
            keys.put(k, "x");
        }
        keys.put("kingdee.url", "http://127.0.0.1:9/k3cloud/");
        keys.put("observe.host", "0.0.0.0");
        ConfigSource c = ConfigSource.load(Path.of("application.properties"));
        keys.forEach(c::override);
        Settings settings = Settings.from(c);
        // refused before anything is opened (no database, no Kingdee call)
        assertThatThrownBy(() -> new SyncRuntime(settings, Path.of(""), false, Clock.systemUTC()).observeAlways()
                .console(new ConsoleSettings(true, "")).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.token");
    }

    @Test
    void theOrgRuleConsultsTheConsoleRulesOnlyForShopsNoConfiguredRuleNames() {
        Map<String, String> asked = new LinkedHashMap<>();
        OrgRule rule = OrgRule.of(Map.of("BZ", "002,003")).withExtraRules(shop -> {
            asked.put(shop, "asked");
            return "0099".equals(shop) ? Optional.of("DZ") : Optional.empty();
        });
        assertThat(rule.orgFor("002")).contains("BZ");
        assertThat(rule.orgFor(" 0099 ")).contains("DZ");
        assertThat(rule.orgFor("0100")).isEmpty();
        assertThat(rule.orgFor(null)).isEmpty();
        assertThat(asked).containsOnlyKeys("0099", "0100");            // configured shops never reach the lookup
        assertThat(rule.orgByShop()).containsOnlyKeys("002", "003");
    }
}
