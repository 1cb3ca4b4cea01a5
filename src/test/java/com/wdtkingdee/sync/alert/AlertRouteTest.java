package com.wdtkingdee.sync.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.sandbox.RobotReceivers;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code routes/alerts.camel.yaml} as shipped, with the real {@code alertService} bean and camel-http, against the
 * sandbox's robot receivers, which verify the DingTalk and Feishu signatures themselves. Every log line written
 * during a test is scanned for the tokens and secrets.
 */
class AlertRouteTest extends CamelTestSupport {

    private final AlertThrottleTest.FakeClock clock = new AlertThrottleTest.FakeClock();
    private RobotReceivers robots;
    private AlertService service;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> secrets = new ArrayList<>();

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        config.withUseAdviceWith(true);   // started by each test, after its alertService is bound
    }

    @BeforeEach
    void loadRoutesAndCaptureLogs() throws Exception {
        clock.now = java.time.Instant.now();   // the receivers refuse timestamps more than an hour off their clock
        robots = RobotReceivers.start(clock);
        Path yaml = Path.of("routes", "alerts.camel.yaml");
        assertThat(Files.exists(yaml)).isTrue();
        CamelContext ctx = context();
        PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.resolveResource(ctx, "file:" + yaml));
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("com.wdtkingdee.sync.alert")).setLevel(Level.DEBUG);
        secrets.addAll(robots.alertProperties().values().stream()
                .flatMap(v -> new AlertSettings(v, null, null, null, null, null, null, null, null).secrets().stream())
                .toList());
        secrets.add(robots.dingTalkSecret());
        secrets.add(robots.feishuSecret());
    }

    @AfterEach
    void noSecretInTheLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("com.wdtkingdee.sync.alert")).setLevel(null);
        robots.close();
        String all = logText();
        assertThat(all).as("something was logged").isNotEmpty();
        for (String s : secrets) {
            assertThat(all).as("the logs hold no token or secret").doesNotContain(s);
        }
        assertThat(all).doesNotContain("access_token=").doesNotContain("key=");
    }

    private String logText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            sb.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return sb.toString();
    }

    private void start(AlertSettings settings) throws Exception {
        service = AlertBeans.register(new java.util.HashMap<>(), settings, clock);
        context.getRegistry().bind(AlertBeans.SERVICE, service);
        context.start();
    }

    private AlertSettings allChannels(Duration minInterval) {
        return new AlertSettings(robots.dingTalkUrl(), robots.dingTalkSecret(), robots.weComUrl(), robots.feishuUrl(),
                robots.feishuSecret(), robots.webhookUrl(), minInterval, "customer-sync", null);
    }

    @Test
    void anEventReachesEveryRobotWithValidSignatures() throws Exception {
        start(allChannels(Duration.ofMinutes(10)));

        template.sendBody("direct:alert", AlertEvent.windowFailed("customer-sync", "2026-11-30 13:00..14:00",
                "Kingdee unreachable after 5 retries", clock.instant()));

        assertThat(robots.received(RobotReceivers.DINGTALK)).singleElement()
                .satisfies(r -> assertThat(r.accepted()).as(r.answer()).isTrue())
                .satisfies(r -> assertThat(r.text()).contains("sync window failed", "Kingdee unreachable after 5 retries"));
        assertThat(robots.received(RobotReceivers.FEISHU)).singleElement()
                .satisfies(r -> assertThat(r.accepted()).as(r.answer()).isTrue())
                .satisfies(r -> assertThat(r.body()).contains("\"sign\"", "\"timestamp\""));
        assertThat(robots.received(RobotReceivers.WECOM)).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
        JsonNode hook = new ObjectMapper().readTree(robots.received(RobotReceivers.WEBHOOK).get(0).body());
        assertThat(hook.get("kind").asText()).isEqualTo("WINDOW_FAILED");
        assertThat(hook.get("scheme").asText()).isEqualTo("customer-sync");
        assertThat(service.sentCount()).isEqualTo(4);
        assertThat(service.failedCount()).isZero();
    }

    @Test
    void theEventMayTravelInAPropertyAndTheCallersHeadersAreNotForwarded() throws Exception {
        start(allChannels(Duration.ofMinutes(10)));
        template.send("direct:alert", ex -> {
            ex.getMessage().setBody("the caller's own body");
            ex.getMessage().setHeader("kdservice-sessionid", "caller-session-must-not-leak");
            ex.setProperty(AlertEvent.PROPERTY, AlertEvent.healthDown("customer-sync", "database DOWN", clock.instant()));
        });
        assertThat(robots.received(RobotReceivers.DINGTALK)).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("health DOWN", "database DOWN"));
        assertThat(robots.received()).hasSize(4).allSatisfy(r -> {
            assertThat(r.headers()).doesNotContainKey("kdservice-sessionid");
            assertThat(r.headers().get("content-type")).startsWith("application/json");
        });
        assertThat(service.sentCount()).isEqualTo(4);
    }

    @Test
    void aWrongSignatureIsRefusedByTheRobotRetriedThenLoggedAndDropped() throws Exception {
        String wrong = "SECwrong0000000000000000000000000000";
        secrets.add(wrong);
        start(new AlertSettings(robots.dingTalkUrl(), wrong, null, robots.feishuUrl(), "wrong-feishu-secret", null,
                Duration.ofMinutes(10), "customer-sync", null));
        secrets.add("wrong-feishu-secret");

        assertThatCode(() -> template.sendBody("direct:alert",
                AlertEvent.kingdeeLoginFailing("customer-sync", "LoginResultType=0", 3, clock.instant())))
                .doesNotThrowAnyException();

        assertThat(robots.received(RobotReceivers.DINGTALK)).hasSize(3)
                .allSatisfy(r -> assertThat(r.answer()).contains("310000"));
        assertThat(robots.received(RobotReceivers.FEISHU)).hasSize(3)
                .allSatisfy(r -> assertThat(r.answer()).contains("19021"));
        assertThat(service.failedCount()).isEqualTo(2);
        assertThat(service.sentCount()).isZero();
        assertThat(logText()).contains("alert KINGDEE_LOGIN_FAILING to dingtalk http://127.0.0.1:" + robots.port()
                + "/robot/send not delivered after 3 attempt(s), dropped: AlertDeliveryException: errcode 310000");
    }

    @Test
    void aFailingWebhookOrARefusedConnectionNeverReachesTheCaller() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        robots.webhookStatus(500);
        String deadDingTalk = "http://127.0.0.1:" + closed + "/robot/send?access_token=deadbeefdeadbeefdeadbeef00000000";
        secrets.add("deadbeefdeadbeefdeadbeef00000000");
        start(new AlertSettings(deadDingTalk, robots.dingTalkSecret(), null, robots.feishuUrl(), robots.feishuSecret(),
                robots.webhookUrl(), Duration.ofMinutes(10), "customer-sync", null));

        assertThatCode(() -> template.sendBody("direct:alert",
                AlertEvent.healthDown("customer-sync", "last cycle 45 min ago", clock.instant())))
                .doesNotThrowAnyException();

        assertThat(robots.received(RobotReceivers.WEBHOOK)).as("1 attempt + 2 retries").hasSize(3);
        assertThat(robots.received(RobotReceivers.FEISHU)).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
        assertThat(service.failedCount()).isEqualTo(2);
        assertThat(service.sentCount()).isEqualTo(1);
        String log = logText();
        assertThat(log).contains("alert HEALTH_DOWN to webhook http://127.0.0.1:" + robots.port()
                + "/hooks/alert not delivered after 3 attempt(s), dropped: AlertDeliveryException: HTTP 500");
        assertThat(log).contains("alert HEALTH_DOWN to dingtalk http://127.0.0.1:" + closed + "/robot/send not delivered");
    }

    @Test
    void throttledPerKindAndTheThrottledCountGoesOutWithTheNextMessage() throws Exception {
        start(new AlertSettings(robots.dingTalkUrl(), robots.dingTalkSecret(), null, null, null, robots.webhookUrl(),
                Duration.ofMinutes(10), "customer-sync", null));
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:alert", AlertEvent.windowFailed("customer-sync", "w" + i, "HTTP 503", clock.instant()));
            clock.advance(Duration.ofMinutes(1));
        }
        template.sendBody("direct:alert", new DeadLetterDigest().add("字段[客户]是必录字段", "CK1").toEvent("customer-sync",
                clock.instant()));
        assertThat(robots.received(RobotReceivers.WEBHOOK)).extracting(r -> new ObjectMapper().readTree(r.body()).get("kind").asText())
                .containsExactly("WINDOW_FAILED", "DEAD_LETTERS");
        assertThat(service.throttledCount()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(8));   // 11 min after the first
        template.sendBody("direct:alert", AlertEvent.windowFailed("customer-sync", "w3", "HTTP 503", clock.instant()));

        List<RobotReceivers.Received> hooks = robots.received(RobotReceivers.WEBHOOK);
        assertThat(hooks).hasSize(3);
        assertThat(new ObjectMapper().readTree(hooks.get(2).body()).get("suppressed").asLong()).isEqualTo(2);
        assertThat(robots.received(RobotReceivers.DINGTALK)).hasSize(3).last()
                .satisfies(r -> assertThat(r.text()).contains("+2 more WINDOW_FAILED alert(s)"))
                .satisfies(r -> assertThat(r.accepted()).isTrue());
    }

    @Test
    void withoutChannelsAnEventIsOnlyLogged() throws Exception {
        start(new AlertSettings(null, null, null, null, null, null, null, "customer-sync", null));
        template.sendBody("direct:alert", AlertEvent.healthUp("customer-sync", "", clock.instant()));
        assertThat(robots.received()).isEmpty();
        assertThat(logText()).contains("alert HEALTH_UP (no alert.* channel configured)");
    }
}
