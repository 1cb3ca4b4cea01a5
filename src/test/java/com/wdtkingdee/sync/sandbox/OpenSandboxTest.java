package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.kingdee.KingdeeSignedHeaders;
import com.wdtkingdee.sync.wdt.QimenSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --sandbox} as an integrator uses it: the printed credentials and {@code credentials.properties} (the
 * product's keys) configure a plain HTTP client for every Kingdee login mode at once, whatever {@code kingdee.auth}
 * the product uses, and for the Qimen router; the {@code sandbox.*} settings fix credentials and ports.
 */
class OpenSandboxTest {

    static final List<String> PRODUCT_KEYS = List.of("wdt.url", "wdt.app-key", "wdt.app-secret", "wdt.target-app-key",
            "wdt.sid", "kingdee.url", "kingdee.acct-id", "kingdee.username", "kingdee.password", "kingdee.app-id",
            "kingdee.app-secret");
    static final String AUTH = "Kingdee.BOS.WebApi.ServicesStub.AuthService.";

    static ConfigSource config(Path dir) {
        return ConfigSource.load(Path.of("application.properties"))
                .override("kingdee.auth", "password")
                .override("sandbox.credentials-file", dir.resolve("sandbox/credentials.properties").toString())
                .override("sandbox.embedded-dir", dir.resolve("pg").toString());
    }

    static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /**
     * A port that is free now, below the ephemeral range (32768+ on Linux), so that the outgoing connections of
     * other processes on the machine do not take it between this probe and the sandbox start.
     */
    static int freePort() throws Exception {
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int candidate = 20_000 + random.nextInt(10_000);
            try (ServerSocket s = new ServerSocket(candidate, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in 20000..29999");
    }

    @Test
    void theCredentialsFileConfiguresAClientForEveryLoginModeAndTheRouter(@TempDir Path dir) throws Exception {
        ConfigSource config = config(dir);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, Clock.systemUTC(),
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            Properties file = read(dir.resolve("sandbox/credentials.properties"));
            String console = printed.toString(StandardCharsets.UTF_8);

            assertThat(file.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(PRODUCT_KEYS);
            for (String key : PRODUCT_KEYS) {
                String value = file.getProperty(key);
                assertThat(value).as(key).isNotBlank();
                assertThat(console).as("printed " + key).contains(key + " = " + value);
                assertThat(config.get(key)).as("the product runs with the same " + key).hasValue(value);
            }
            assertThat(file.getProperty("kingdee.url")).isEqualTo(sandbox.kingdee().baseUrl());
            assertThat(file.getProperty("wdt.url")).isEqualTo(sandbox.qimen().url());

            String url = file.getProperty("kingdee.url");
            String acct = file.getProperty("kingdee.acct-id");
            String user = file.getProperty("kingdee.username");
            String appId = file.getProperty("kingdee.app-id");
            String appSecret = file.getProperty("kingdee.app-secret");

            // ValidateUser with the password
            JsonNode byPassword = TestHttp.json(TestHttp.postJson(TestHttp.client(), url + AUTH
                    + "ValidateUser.common.kdsvc", "{\"parameters\":[\"" + acct + "\",\"" + user + "\",\""
                    + file.getProperty("kingdee.password") + "\",2052]}"));
            // LoginByAppSecret
            JsonNode byAppSecret = TestHttp.json(TestHttp.postJson(TestHttp.client(), url + AUTH
                    + "LoginByAppSecret.common.kdsvc", "{\"parameters\":[\"" + acct + "\",\"" + user + "\",\"" + appId
                    + "\",\"" + appSecret + "\",2052]}"));
            // LoginBySign: SHA-256 of the sorted concatenation of acctID, username, appId, appSecret, timestamp
            long ts = System.currentTimeMillis() / 1000;
            List<String> parts = new ArrayList<>(List.of(acct, user, appId, appSecret, Long.toString(ts)));
            parts.sort(null);
            String sign = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
            JsonNode bySign = TestHttp.json(TestHttp.postJson(TestHttp.client(), url + AUTH + "LoginBySign.common.kdsvc",
                    "{\"parameters\":[\"" + acct + "\",\"" + user + "\",\"" + appId + "\"," + ts + ",\"" + sign
                            + "\",2052]}"));
            // signed headers, no login at all
            String path = URI.create(url).getPath() + KingdeeSimulatorTest.QUERY;
            long millis = System.currentTimeMillis();
            List<String> headers = new ArrayList<>();
            KingdeeSignedHeaders.build(appId, appSecret, acct, user, 2052, "0", path, millis, Long.toString(millis))
                    .forEach((k, v) -> {
                        headers.add(k);
                        headers.add(v);
                    });
            JsonNode signed = TestHttp.json(TestHttp.postJson(TestHttp.client(), url + KingdeeSimulatorTest.QUERY,
                    "{\"data\":{\"FormId\":\"BD_Currency\",\"FieldKeys\":\"FNumber\"}}", headers.toArray(String[]::new)));

            assertThat(byPassword.get("LoginResultType").asInt()).isEqualTo(1);
            assertThat(byAppSecret.get("LoginResultType").asInt()).isEqualTo(1);
            assertThat(bySign.get("LoginResultType").asInt()).isEqualTo(1);
            assertThat(signed).isEqualTo(TestHttp.json("[[\"PRE001\"]]"));

            // a wrong secret is still refused
            JsonNode wrong = TestHttp.json(TestHttp.postJson(TestHttp.client(), url + AUTH
                    + "LoginByAppSecret.common.kdsvc", "{\"parameters\":[\"" + acct + "\",\"" + user + "\",\"" + appId
                    + "\",\"x" + appSecret + "\",2052]}"));
            assertThat(wrong.get("LoginResultType").asInt()).isNotEqualTo(1);

            // the Qimen router with the file's wdt.* keys
            DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
            LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai"));
            Map<String, String> p = new TreeMap<>();
            p.put("method", "wdt.stockout.order.query.trade");
            p.put("app_key", file.getProperty("wdt.app-key"));
            p.put("target_app_key", file.getProperty("wdt.target-app-key"));
            p.put("sid", file.getProperty("wdt.sid"));
            p.put("timestamp", now.format(f));
            p.put("format", "json");
            p.put("v", "2.0");
            p.put("sign_method", "md5");
            p.put("start_time", now.minusDays(3).format(f));
            p.put("end_time", now.format(f));
            p.put("status", "95,105,110,113");
            p.put("page_size", "10");
            p.put("sign", QimenSigner.sign(p, file.getProperty("wdt.app-secret")));
            HttpClient http = TestHttp.client();
            JsonNode orders = TestHttp.json(TestHttp.postForm(http, file.getProperty("wdt.url"), TestHttp.form(p)));
            assertThat(orders.at("/response/errorcode").asInt()).isZero();
            assertThat(orders.at("/response/total_count").asInt()).isPositive();
        }
    }

    @Test
    void sandboxSettingsFixTheCredentialsAndPortsForAClientConfiguredOnce(@TempDir Path dir) throws Exception {
        int qimenPort = freePort();
        int kingdeePort = freePort();
        Map<String, String> fixed = Map.of("sandbox.qimen-port", Integer.toString(qimenPort),
                "sandbox.kingdee-port", Integer.toString(kingdeePort),
                "sandbox.wdt.app-key", "my-app-key", "sandbox.wdt.app-secret", "my-app-secret",
                "sandbox.kingdee.password", "my-password",
                "sandbox.kingdee.app-id", "123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY",
                "sandbox.kingdee.app-secret", "0123456789abcdef0123456789abcdef");
        Properties first = null;
        for (int run = 0; run < 2; run++) {
            ConfigSource config = config(dir);
            fixed.forEach(config::override);
            try (SandboxLauncher ignored = SandboxLauncher.start(config, Clock.systemUTC(),
                    new PrintStream(ByteArrayOutputStream.nullOutputStream()))) {
                Properties file = read(dir.resolve("sandbox/credentials.properties"));
                assertThat(file.getProperty("wdt.url")).isEqualTo("http://127.0.0.1:" + qimenPort + "/router/qm");
                assertThat(file.getProperty("kingdee.url")).isEqualTo("http://127.0.0.1:" + kingdeePort + "/k3cloud/");
                assertThat(file.getProperty("wdt.app-key")).isEqualTo("my-app-key");
                assertThat(file.getProperty("wdt.app-secret")).isEqualTo("my-app-secret");
                assertThat(file.getProperty("kingdee.password")).isEqualTo("my-password");
                assertThat(file.getProperty("kingdee.app-id")).isEqualTo("123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY");
                assertThat(file.getProperty("kingdee.app-secret")).isEqualTo("0123456789abcdef0123456789abcdef");
                JsonNode login = TestHttp.json(TestHttp.postJson(TestHttp.client(), file.getProperty("kingdee.url")
                        + AUTH + "ValidateUser.common.kdsvc", "{\"acctID\":\"sandbox-acct\",\"username\":\"wdt_sync\","
                        + "\"password\":\"my-password\",\"lcid\":2052}"));
                assertThat(login.get("LoginResultType").asInt()).isEqualTo(1);
                if (first == null) {
                    first = file;
                } else {
                    assertThat(file).as("the second start gives the same configuration").isEqualTo(first);
                }
            }
        }
    }

    @Test
    void unusableSettingsAreNamed(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(ByteArrayOutputStream.nullOutputStream());
        assertThatThrownBy(() -> SandboxLauncher.start(config(dir).override("sandbox.kingdee.app-id", "no-underscore"),
                Clock.systemUTC(), quiet)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sandbox.kingdee.app-id: ");
        assertThatThrownBy(() -> SandboxLauncher.start(config(dir).override("sandbox.qimen-port", "http"),
                Clock.systemUTC(), quiet)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sandbox.qimen-port: ");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> SandboxLauncher.start(config(dir).override("sandbox.kingdee-port",
                    Integer.toString(taken.getLocalPort())), Clock.systemUTC(), quiet))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("sandbox.kingdee-port: ")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }
}
