package com.wdtkingdee.sync.kingdee;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** The authentication modes of {@link KingdeeClient} against a WireMock Kingdee: exactly the documented requests. */
class KingdeeClientAuthModesTest {

    static final String PREFIX = KingdeeClientTest.PREFIX;
    static final String VALIDATE_USER = KingdeeClientTest.LOGIN;
    static final String BY_APP_SECRET = PREFIX + "AuthService.LoginByAppSecret.common.kdsvc";
    static final String BY_SIGN = PREFIX + "AuthService.LoginBySign.common.kdsvc";
    static final String BATCH_SAVE = KingdeeClientTest.BATCH_SAVE;
    static final String QUERY = KingdeeClientTest.QUERY;
    static final String ANY_AUTH = ".*AuthService.*";

    static final String ACCT = KingdeeSignedHeadersTest.ACCT;
    static final String USER = KingdeeSignedHeadersTest.USER;
    static final String APP_ID = KingdeeSignedHeadersTest.APP_ID;
    static final String APP_SECRET = KingdeeSignedHeadersTest.APP_SECRET;
    static final String APP_ID_SECRET_HALF = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    static final String SID1 = KingdeeClientTest.SID1;
    static final String ASP1 = KingdeeClientTest.ASP1;
    static final String SHELL = "0badc0de-0000-4000-8000-000000000000";

    /** Reference §2c values for ts = nonce = 1718000000000 and the BatchSave path under /k3cloud/. */
    static final Map<String, String> VECTOR = Map.of(
            "X-Api-ClientID", "123456",
            "X-Api-Auth-Version", "2.0",
            "x-api-timestamp", "1718000000000",
            "x-api-nonce", "1718000000000",
            "x-api-signheaders", "x-api-timestamp,x-api-nonce",
            "X-Api-Signature",
            "OTk4OWNmMzI2MGQ1NTI1ZWE3ZmQ1MmFhMTNmM2YyZTFmMjQ3MGJhOTkyOGMwN2ZjMzA0ZjlhMzhjN2MyOTE4MQ==",
            "X-Kd-Appkey", APP_ID,
            "X-Kd-Appdata", "NjVhMWIyYzNkNGU1ZjYsd2R0X3N5bmMsMjA1MiwxMDA=",
            "X-Kd-Signature",
            "MjgxNDEyMzBmNTg3YzI3NWUzM2RlYTk3OTM4NGQxMTY0MDQwMDEyYzUzNWZjNWIyYmIzNjMzMzg1ZTJhMGMxMA==");

    private WireMockServer wm;
    private final TestClock clock = new TestClock(Instant.ofEpochMilli(1718000000000L));
    private ListAppender<ILoggingEvent> logs;
    private ch.qos.logback.classic.Logger clientLogger;

    @BeforeEach
    void setUp() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        clientLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.wdtkingdee.sync.kingdee");
        logs = new ListAppender<>();
        logs.start();
        clientLogger.addAppender(logs);
        clientLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void tearDown() {
        clientLogger.detachAppender(logs);
        clientLogger.setLevel(null);
        wm.stop();
    }

    private KingdeeClient client(KingdeeAuthMode mode, Supplier<String> nonces) {
        return new KingdeeClient(new KingdeeClientConfig("http://localhost:" + wm.port() + "/k3cloud/", ACCT, USER,
                mode == KingdeeAuthMode.PASSWORD ? KingdeeClientTest.PASSWORD : null, 2052, Duration.ofSeconds(5),
                Duration.ofSeconds(10), mode, mode.usesApp() ? APP_ID : null, mode.usesApp() ? APP_SECRET : null,
                "100"), new ObjectMapper(), clock, nonces);
    }

    private KingdeeClient client(KingdeeAuthMode mode) {
        return client(mode, counter());
    }

    /** Nonces n1, n2, n3, … */
    private static Supplier<String> counter() {
        AtomicInteger n = new AtomicInteger();
        return () -> "n" + n.incrementAndGet();
    }

    private static List<Map<String, Object>> oneModel() {
        return List.of(Map.of("FCUSTID", 0, "FNumber", "WDT-C0001", "FName", "张三"));
    }

    private List<LoggedRequest> requests(String url) {
        return wm.findAll(postRequestedFor(urlEqualTo(url)));
    }

    // ------------------------------------------------------------------ session modes

    @Test
    void passwordModeStillLogsInWithValidateUserOnly() {
        wm.stubFor(post(urlEqualTo(VALIDATE_USER)).willReturn(KingdeeClientTest.loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]")));

        client(KingdeeAuthMode.PASSWORD).executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        wm.verify(exactly(1), postRequestedFor(urlMatching(ANY_AUTH)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(VALIDATE_USER)).withRequestBody(equalToJson(
                "{\"parameters\":[\"" + ACCT + "\",\"" + USER + "\",\"" + KingdeeClientTest.PASSWORD + "\",2052]}")));
        wm.verify(postRequestedFor(urlEqualTo(QUERY)).withoutHeader("X-Kd-Signature"));
    }

    @Test
    void appSecretModeLogsInWithLoginByAppSecretAndUsesTheSession() {
        wm.stubFor(post(urlEqualTo(BY_APP_SECRET)).willReturn(KingdeeClientTest.loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[[100231]]")));
        KingdeeClient client = client(KingdeeAuthMode.APP_SECRET);

        assertThat(client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1)).hasSize(1);

        assertThat(client.hasSession()).isTrue();
        wm.verify(exactly(1), postRequestedFor(urlMatching(ANY_AUTH)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BY_APP_SECRET))
                .withHeader("Content-Type", matching("application/json; ?charset=UTF-8"))
                .withRequestBody(equalToJson("{\"parameters\":[\"" + ACCT + "\",\"" + USER + "\",\"" + APP_ID
                        + "\",\"" + APP_SECRET + "\",2052]}")));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(QUERY)).withHeader("kdservice-sessionid", equalTo(SID1))
                .withCookie("kdservice-sessionid", equalTo(SID1)).withCookie("ASP.NET_SessionId", equalTo(ASP1))
                .withoutHeader("X-Kd-Signature"));
    }

    @Test
    void signModeLogsInWithLoginBySignOverTheClockSecondsAsTheReferenceVector() {
        wm.stubFor(post(urlEqualTo(BY_SIGN)).willReturn(KingdeeClientTest.loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]")));

        client(KingdeeAuthMode.SIGN).executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        wm.verify(exactly(1), postRequestedFor(urlMatching(ANY_AUTH)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BY_SIGN))
                .withRequestBody(equalToJson("{\"parameters\":[\"" + ACCT + "\",\"" + USER + "\",\"" + APP_ID
                        + "\",1718000000,\"cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3c\",2052]}"))
                .withRequestBody(notContaining(APP_SECRET)));
        wm.verify(postRequestedFor(urlEqualTo(QUERY)).withHeader("kdservice-sessionid", equalTo(SID1)));
    }

    @Test
    void signModeSignsEachLoginWithTheTimeOfThatLogin() {
        wm.stubFor(post(urlEqualTo(BY_SIGN)).willReturn(KingdeeClientTest.loginOk(SID1, ASP1)));
        KingdeeClient client = client(KingdeeAuthMode.SIGN);

        client.login();
        clock.advance(Duration.ofMinutes(30));
        client.login();

        long later = 1718000000L + 1800;
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(BY_SIGN)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BY_SIGN)).withRequestBody(equalToJson(
                "{\"parameters\":[\"" + ACCT + "\",\"" + USER + "\",\"" + APP_ID + "\"," + later + ",\""
                        + LoginBySignSigner.sign(ACCT, USER, APP_ID, APP_SECRET, later) + "\",2052]}")));
    }

    @ParameterizedTest
    @EnumSource(value = KingdeeAuthMode.class, names = {"APP_SECRET", "SIGN"})
    void appLoginFailureReportsTypeAndMessageButNeverTheSecret(KingdeeAuthMode mode) {
        String url = mode == KingdeeAuthMode.SIGN ? BY_SIGN : BY_APP_SECRET;
        wm.stubFor(post(urlEqualTo(url)).willReturn(okJson("{\"Message\":\"应用密钥" + APP_SECRET + "错误 "
                + APP_ID + "\",\"LoginResultType\":-1,\"KDSVCSessionId\":null,\"IsSuccessByAPI\":false}")));
        KingdeeClient client = client(mode);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", oneModel(), true));

        assertThat(e.getMessage()).contains("LoginResultType=-1").contains("应用密钥").contains("错误")
                .contains("app 123456_****").doesNotContain(APP_SECRET).doesNotContain(APP_ID_SECRET_HALF);
        assertThat(e.loginResultType()).isEqualTo(-1);
        assertThat(e.retryable()).isFalse();
        assertThat(client.lastLoginError()).contains("LoginResultType=-1").doesNotContain(APP_SECRET);
        assertThat(client.hasSession()).isFalse();
        wm.verify(exactly(0), postRequestedFor(urlEqualTo(BATCH_SAVE)));
    }

    // ------------------------------------------------------------------ signed headers

    @Test
    void signedHeadersMatchTheReferenceVectorAndNoLoginIsCalled() {
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS, () -> "1718000000000");

        assertThat(client.batchSave("BD_Customer", oneModel(), true).success()).isTrue();

        wm.verify(exactly(0), postRequestedFor(urlMatching(ANY_AUTH)));
        LoggedRequest r = requests(BATCH_SAVE).get(0);
        VECTOR.forEach((name, value) -> assertThat(r.getHeader(name)).as(name).isEqualTo(value));
        assertThat(r.containsHeader("kdservice-sessionid")).isFalse();
        assertThat(r.getHeader("Content-Type")).matches("application/json; ?charset=UTF-8");
        assertThat(r.getBodyAsString()).doesNotContain(APP_SECRET);
    }

    @Test
    void signedHeadersKeepTheServerSessionAndSignEveryRequestAfresh() {
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]").withHeader("Set-Cookie",
                "kdservice-sessionid=" + SID1 + "; path=/", "ASP.NET_SessionId=" + ASP1 + "; path=/; HttpOnly")));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);

        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);
        assertThat(client.hasSession()).isTrue();
        clock.advance(Duration.ofSeconds(7));
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        List<LoggedRequest> sent = requests(QUERY);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).containsHeader("kdservice-sessionid")).isFalse();
        LoggedRequest second = sent.get(1);
        assertThat(second.getHeader("kdservice-sessionid")).isEqualTo(SID1);
        assertThat(second.getCookies().get("kdservice-sessionid").getValue()).isEqualTo(SID1);
        assertThat(second.getCookies().get("ASP.NET_SessionId").getValue()).isEqualTo(ASP1);
        assertThat(second.getHeader("x-api-nonce")).isEqualTo("n2");
        assertThat(second.getHeader("x-api-timestamp")).isEqualTo("1718000007000");
        Map<String, String> expected = KingdeeSignedHeaders.build(APP_ID, APP_SECRET, ACCT, USER, 2052, "100",
                QUERY, 1718000007000L, "n2");
        expected.forEach((name, value) -> assertThat(second.getHeader(name)).as(name).isEqualTo(value));
        assertThat(second.getHeader("X-Api-Signature")).isNotEqualTo(sent.get(0).getHeader("X-Api-Signature"));
        wm.verify(exactly(0), postRequestedFor(urlMatching(ANY_AUTH)));
    }

    @Test
    void signedHeadersRefusedOnceAreResentOnceWithFreshHeadersAndNoStaleSession() {
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]").withHeader("Set-Cookie",
                "kdservice-sessionid=" + SID1 + "; path=/")));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(okJson(KingdeeResponsesTest.SESSION_LOST).withHeader("Set-Cookie",
                        "kdservice-sessionid=" + SHELL + "; path=/")).willSetStateTo("second"));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("s").whenScenarioStateIs("second")
                .willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        OperationResult r = client.batchSave("BD_Customer", oneModel(), true);

        assertThat(r.success()).isTrue();
        assertThat(client.lastLoginError()).isNull();
        List<LoggedRequest> saves = requests(BATCH_SAVE);
        assertThat(saves).hasSize(2);
        assertThat(saves.get(0).getHeader("kdservice-sessionid")).isEqualTo(SID1);
        assertThat(saves.get(0).getHeader("x-api-nonce")).isEqualTo("n2");
        assertThat(saves.get(1).getHeader("x-api-nonce")).isEqualTo("n3");
        assertThat(saves.get(1).containsHeader("kdservice-sessionid")).isFalse();
        assertThat(saves.get(1).getCookies()).doesNotContainKey("kdservice-sessionid");
        wm.verify(exactly(0), postRequestedFor(urlMatching(ANY_AUTH)));
    }

    @Test
    void signedHeadersRefusedTwiceFailClearlyAndAreNotRetryable() {
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.SESSION_LOST)));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", oneModel(), true));

        assertThat(e).isNotNull().isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.retryable()).isFalse();
        assertThat(e.sessionLost()).isFalse();
        assertThat(e.getMessage()).contains("refused twice").contains("会话信息已丢失").contains("第三方系统登录授权")
                .contains("user wdt_sync").doesNotContain(APP_SECRET).doesNotContain(APP_ID_SECRET_HALF);
        assertThat(client.lastLoginError()).isEqualTo(e.getMessage());
        assertThat(client.hasSession()).isFalse();
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(BATCH_SAVE)));
    }

    @Test
    void unknownDataCenterIsALoginErrorNotAnUnknownOutcomeAndClearsOnSuccess() {
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("p").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("Fail to verify thirty passport"))
                .willSetStateTo("fixed"));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("p").whenScenarioStateIs("fixed")
                .willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", oneModel(), true));

        assertThat(e).isNotNull().isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.retryable()).isFalse();
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage()).contains("Fail to verify thirty passport").contains("AcctID");
        assertThat(client.lastLoginError()).isEqualTo(e.getMessage());
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BATCH_SAVE)));

        assertThat(client.batchSave("BD_Customer", oneModel(), true).success()).isTrue();
        assertThat(client.lastLoginError()).isNull();
    }

    @Test
    void signedModeInvalidateSessionAndLoginOnlyForgetTheSession() {
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]").withHeader("Set-Cookie",
                "kdservice-sessionid=" + SID1 + "; path=/")));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);
        assertThat(client.hasSession()).isTrue();

        client.invalidateSession();
        assertThat(client.hasSession()).isFalse();
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);
        LoginResult login = client.login();

        assertThat(login.success()).isTrue();
        assertThat(login.kdsvcSessionId()).isNull();
        assertThat(client.hasSession()).isFalse();
        assertThat(requests(QUERY).get(1).containsHeader("kdservice-sessionid")).isFalse();
        assertThat(requests(QUERY).get(1).getCookies()).doesNotContainKey("kdservice-sessionid");
        wm.verify(exactly(0), postRequestedFor(urlMatching(ANY_AUTH)));
    }

    @Test
    void signedModeLogsNoSecretSignatureOrFullSessionId() {
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]").withHeader("Set-Cookie",
                "kdservice-sessionid=" + SID1 + "; path=/")));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.SESSION_LOST)));
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS, () -> "1718000000000");
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        catchThrowableOfType(KingdeeLoginException.class, () -> client.batchSave("BD_Customer", oneModel(), true));

        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("signed headers refused"));
        assertThat(lines).noneMatch(l -> l.contains(APP_SECRET) || l.contains(APP_ID_SECRET_HALF) || l.contains(SID1)
                || l.contains(VECTOR.get("X-Kd-Signature")) || l.contains(VECTOR.get("X-Api-Signature")));
        assertThat(client.config().toString()).doesNotContain(APP_SECRET).doesNotContain(APP_ID_SECRET_HALF);
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
