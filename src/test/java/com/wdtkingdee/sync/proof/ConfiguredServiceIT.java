package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.QimenSimulator;
import com.wdtkingdee.sync.state.OrgRuleStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service ({@code java -jar target/wdt-kingdee-sync.jar}, no {@code --sandbox}) configured the way a
 * deployment is, against the simulators started on their own in this JVM and the tests' PostgreSQL (issue 16, 2b).
 * The settings come in every way the README names, and where a key is given twice the lower-ranking place holds a
 * wrong value, so a way that does not reach the product, or a wrong precedence, fails a signed call, the login,
 * the start-up check or the allocation:
 *
 * <ul>
 *   <li>its own {@code application.properties} in a temporary project folder (the shipped file with
 *       {@code sync.initial-start}, {@code sync.cron}, {@code wdt.url}, {@code wdt.target-app-key},
 *       {@code wdt.shop-nos}, {@code kingdee.acct-id}, {@code kingdee.username}, {@code observe.host=0.0.0.0};
 *       wrong: {@code wdt.app-secret}, {@code customer.distribution-org}; {@code console.token} empty);</li>
 *   <li>environment variables: {@code WDT_APP_SECRET}, {@code WDT_SID}, {@code KINGDEE_URL}, {@code DB_URL},
 *       {@code DB_USERNAME};</li>
 *   <li>{@code -D} before {@code -jar}: {@code wdt.app-key}; wrong: {@code kingdee.password};</li>
 *   <li>after the jar: {@code --kingdee.password=…}, {@code --observe.port=…}, {@code --console.token=…},
 *       {@code -Dcustomer.distribution-org=100040}.</li>
 * </ul>
 *
 * <p>The service syncs every customer exactly once (signatures accepted, allocated to 100040), health is UP on the
 * port given after the jar, the console bound beyond loopback starts because the token given after the jar reaches
 * it, and a console write is refused without that token (401) and accepted with it. SIGTERM stops it with 143.
 * Child output: {@code target/configured-service/service.log}.
 */
@Tag("slow")
class ConfiguredServiceIT {

    static final Path DIR = ChildApp.PROJECT.resolve("target/configured-service");
    static final LocalDateTime BASE = LocalDateTime.now(Clock.system(SyncFixture.SHANGHAI)).truncatedTo(ChronoUnit.SECONDS);
    static final String TOKEN = "console-token-after-the-jar-7f3a";
    private static final QimenSimulator.Config Q = QimenSimulator.Config.sandboxDefaults();
    private static final KingdeeSimulator.Config K = KingdeeSimulator.Config.sandboxDefaults();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void cleanState() throws IOException {
        TestDatabase.truncateAll();
        ClusterFailoverIT.resetQuartz();
        if (Files.exists(DIR)) {
            try (Stream<Path> paths = Files.walk(DIR)) {
                paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(DIR);
    }

    @Test
    void theJarConfiguredByFileEnvironmentAndCommandLineSyncsAndEverySettingReachesItsPart() throws Exception {
        try (SyncFixture f = new SyncFixture(Clock.systemUTC())) {
            f.addOrders(SyncFixture.demoOrders(950L, 80, BASE.minusHours(2), BASE.minusMinutes(5), SyncFixture.RULE_SHOPS));
            Expected expected = Expected.from(f.orders());

            // 1. the deployment's project folder: its own application.properties and the shipped routes
            Path project = Files.createDirectories(DIR.resolve("project"));
            copyRoutes(project.resolve("routes"));
            Map<String, String> file = new LinkedHashMap<>();
            file.put("sync.initial-start", SyncFixture.erp(BASE.minusHours(3)));
            file.put("sync.cron", "0/3 * * * * ?");
            file.put("wdt.url", f.qimen.url());
            file.put("wdt.target-app-key", Q.targetAppKey());
            file.put("wdt.shop-nos", String.join(",", SyncFixture.SHOPS));
            file.put("wdt.app-secret", "wrong-secret-in-the-file");          // the environment's must win
            file.put("kingdee.acct-id", K.acctId());
            file.put("kingdee.username", K.username());
            file.put("customer.distribution-org", "999999");                 // -D after the jar must win
            file.put("observe.host", "0.0.0.0");                             // needs the token given after the jar
            file.put("console.token", "");
            Files.writeString(project.resolve("application.properties"), properties(file), StandardCharsets.UTF_8);

            // 2. environment variables (upper case, . and - become _)
            Map<String, String> env = new LinkedHashMap<>();
            env.put("WDT_APP_SECRET", Q.appSecret());
            env.put("WDT_SID", Q.sid());
            env.put("KINGDEE_URL", f.kingdee.baseUrl());
            env.put("DB_URL", TestDatabase.get().jdbcUrl());
            env.put("DB_USERNAME", "postgres");

            // 3. -D before -jar
            Map<String, String> jvm = new LinkedHashMap<>();
            jvm.put("wdt.app-key", Q.appKey());
            jvm.put("kingdee.password", "wrong-password-before-the-jar");    // --kingdee.password after the jar wins

            // 4. after the jar
            int port = ChildApp.freePort();
            List<String> args = List.of("--kingdee.password=" + K.password(), "--observe.port=" + port,
                    "--console.token=" + TOKEN, "-Dcustomer.distribution-org=" + SyncFixture.DISTRIBUTION_ORG_ID);

            Path log = DIR.resolve("service.log");
            Process service = ChildApp.launch(project, env, jvm, args, log);
            String base = "http://127.0.0.1:" + port;
            try {
                // it syncs: every customer once, allocated to the organisation given after the jar, every Qimen call
                // signed with the secret of the environment
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    if (!service.isAlive()) {   // fail at once, with the reason, instead of waiting out the timeout
                        throw new IllegalStateException("the service exited with " + service.exitValue() + ":\n" + tail(log));
                    }
                    f.assertKingdeeHoldsExactly(expected);
                    assertThat(SyncFixture.windows("DONE")).isNotEmpty();
                });
                assertThat(f.qimen.requestLog()).as("every signed call accepted").isNotEmpty()
                        .allSatisfy(line -> assertThat(line).contains(" -> ok "));
                assertThat(SyncFixture.openDeadLetters()).as("nothing parked").isEmpty();

                // health UP on the port given after the jar
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HttpResponse<String> health = get(base + "/observe/health");
                    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                    assertThat(health.body()).contains("UP").doesNotContain("DOWN");
                });

                // bound beyond loopback (observe.host=0.0.0.0 from the file, allowed by the token after the jar)
                Optional<InetAddress> lan = nonLoopbackAddress();
                if (lan.isPresent()) {
                    HttpResponse<String> viaLan = get("http://" + lan.get().getHostAddress() + ":" + port + "/observe/health");
                    assertThat(viaLan.statusCode()).as("/observe/health via " + lan.get()).isEqualTo(200);
                    // the console answers only to the hosts it knows (issue 18: Host check; an address is allowed
                    // by listing it in console.allowed-hosts)
                    HttpResponse<String> consoleViaLan = get("http://" + lan.get().getHostAddress() + ":" + port
                            + "/console/api/overview");
                    assertThat(consoleViaLan.statusCode()).as(consoleViaLan.body()).isEqualTo(403);
                } else {
                    System.out.println("ConfiguredServiceIT: no non-loopback IPv4 address here; 0.0.0.0 checked by the start only");
                }

                // the console's writes need the token given after the jar
                String rule = "{\"shopNo\":\"0099\",\"useOrg\":\"DZ\",\"note\":\"ConfiguredServiceIT\"}";
                assertThat(post(base + "/console/api/org-rules", rule, null).statusCode())
                        .as("a write without X-Console-Token is refused").isEqualTo(401);
                assertThat(post(base + "/console/api/org-rules", rule, "not-" + TOKEN).statusCode())
                        .as("a write with a wrong token is refused").isEqualTo(401);
                assertThat(new OrgRuleStore(TestDatabase.dataSource()).all()).as("nothing written without the token").isEmpty();
                HttpResponse<String> accepted = post(base + "/console/api/org-rules", rule, TOKEN);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
                assertThat(new OrgRuleStore(TestDatabase.dataSource()).all())
                        .extracting(r -> r.shopNo() + "→" + r.useOrg()).containsExactly("0099→DZ");
                assertThat(service.isAlive()).isTrue();
            } finally {
                service.destroy();   // SIGTERM
                if (!service.waitFor(40, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertThat(service.exitValue()).as("graceful stop on SIGTERM; log: %s", tail(log)).isEqualTo(143);
            String out = Files.readString(log);
            assertThat(out).as("the console saw the token").doesNotContain("console.token not set")
                    .doesNotContain("is required because the console");
            assertThat(out).as("no secret in the log").doesNotContain(Q.appSecret()).doesNotContain(K.password())
                    .doesNotContain(TOKEN);
            f.assertKingdeeHoldsExactly(expected);
        }
    }

    /** The shipped application.properties with the given keys set (replaced in place, or appended). */
    static String properties(Map<String, String> keys) throws IOException {
        String text = Files.readString(ChildApp.PROJECT.resolve("application.properties"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : keys.entrySet()) {
            Pattern line = Pattern.compile("(?m)^" + Pattern.quote(e.getKey()) + "\\s*=.*$");
            String replacement = Matcher.quoteReplacement(e.getKey() + " = " + e.getValue());
            Matcher m = line.matcher(text);
            text = m.find() ? m.replaceAll(replacement) : text + System.lineSeparator() + e.getKey() + " = " + e.getValue()
                    + System.lineSeparator();
        }
        return text;
    }

    private static void copyRoutes(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> routes = Files.list(ChildApp.PROJECT.resolve("routes"))) {
            for (Path r : routes.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(r, target.resolve(r.getFileName()));
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                // a client other than the page names the console it writes to (issue 18: the console's own Origin)
                .header("Origin", url.replaceFirst("(https?://[^/]+).*", "$1"))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("X-Console-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
