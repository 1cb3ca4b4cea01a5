package com.wdtkingdee.sync.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.app.SandboxLauncher;
import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** /observe/health and /observe/metrics of a running product. */
class ObserveEndpointsIT {

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** {@code wdtsync_orders_total} of one bucket. */
    static double bucket(String scrape, String bucket) {
        Matcher m = Pattern.compile("(?m)^wdtsync_orders_total\\{[^}]*bucket=\"" + Pattern.quote(bucket)
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as("wdtsync_orders_total of bucket " + bucket + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    static double labelled(String scrape, String name, String service) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*service=\"" + Pattern.quote(service)
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as(name + " of " + service + " in the scrape").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void healthAndMetricsDescribeTheSync() throws Exception {
        int port = freePort();
        ConfigSource config = ConfigSource.load(Path.of("application.properties"))
                .override("db.url", TestDatabase.get().jdbcUrl())
                .override("db.username", "postgres")
                .override("observe.port", Integer.toString(port))
                .override("observe.host", "127.0.0.1");
        Clock clock = Clock.systemUTC();
        HttpClient http = HttpClient.newHttpClient();
        try (SandboxLauncher sandbox = SandboxLauncher.start(config, clock, new PrintStream(OutputStream.nullOutputStream()));
             SyncRuntime runtime = new SyncRuntime(Settings.from(config), Path.of(""), false, clock).observeAlways().start()) {
            runtime.runCycle();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode h = new ObjectMapper().readTree(health.body());
            assertThat(h.path("status").asText()).isEqualTo("UP");
            assertThat(health.body()).contains("state-database").contains("last-cycle").contains("kingdee-session");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            String scrape = metrics.body();
            assertThat(metric(scrape, "wdtsync_orders_read_total")).isGreaterThan(300);
            assertThat(bucket(scrape, "filtered")).isPositive();
            assertThat(bucket(scrape, "new")).isEqualTo(sandbox.kingdee().customers().size());
            assertThat(bucket(scrape, "parked")).isPositive();
            // every order read in exactly one bucket
            assertThat(bucket(scrape, "filtered") + bucket(scrape, "parked") + bucket(scrape, "new")
                    + bucket(scrape, "existing") + bucket(scrape, "already-written") + bucket(scrape, "repeated"))
                    .isEqualTo(metric(scrape, "wdtsync_orders_read_total"));
            assertThat(metric(scrape, "wdtsync_parked_open")).isPositive();
            assertThat(metric(scrape, "wdtsync_wdt_calls_total")).isEqualTo(sandbox.qimen().calls());
            assertThat(metric(scrape, "wdtsync_wdt_bans_total")).isZero();
            for (String op : new String[] {"BatchSave", "Allocate", "ExecuteBillQuery"}) {
                assertThat(labelled(scrape, "wdtsync_kingdee_calls_total", "DynamicFormService." + op))
                        .as("Kingdee calls of " + op).isEqualTo(sandbox.kingdee().calls(op));
            }
            assertThat(labelled(scrape, "wdtsync_kingdee_calls_total", "login")).isEqualTo(sandbox.kingdee().calls("ValidateUser"));
            assertThat(metric(scrape, "wdtsync_kingdee_circuit_state")).as("closed").isZero();
            assertThat(metric(scrape, "wdtsync_kingdee_calls_rejected_total")).isZero();
            assertThat(h.path("checks").toString()).contains("kingdee");
            assertThat(metric(scrape, "wdtsync_checkpoint_lag_seconds")).isBetween(0.0, 120.0);
            assertThat(scrape).contains("camel_exchanges_total");
        }
    }
}
