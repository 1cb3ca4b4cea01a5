package com.wdtkingdee.sync.kingdee;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@link KingdeeClient} against a WireMock Kingdee. */
class KingdeeClientTest {

    static final String PREFIX = "/k3cloud/Kingdee.BOS.WebApi.ServicesStub.";
    static final String LOGIN = PREFIX + "AuthService.ValidateUser.common.kdsvc";
    static final String BATCH_SAVE = PREFIX + "DynamicFormService.BatchSave.common.kdsvc";
    static final String QUERY = PREFIX + "DynamicFormService.ExecuteBillQuery.common.kdsvc";
    static final String ALLOCATE = PREFIX + "DynamicFormService.Allocate.common.kdsvc";

    static final String PASSWORD = "Pa55-secret";
    static final String SID1 = "2c6dfa6c-039b-4b65-b52f-898d3c7c522a";
    static final String SID2 = "7f00aa11-1111-4222-8333-944455556666";
    static final String ASP1 = "n3xfizba4et0o2uutwdftvzg";
    static final String ASP2 = "q9wezzba4et0o2uutwdftabc";

    private WireMockServer wm;
    private KingdeeClient client;
    private ListAppender<ILoggingEvent> logs;
    private ch.qos.logback.classic.Logger clientLogger;

    @BeforeEach
    void setUp() {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        client = newClient(Duration.ofSeconds(10));
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

    private KingdeeClient newClient(Duration requestTimeout) {
        return new KingdeeClient(new KingdeeClientConfig("http://localhost:" + wm.port() + "/k3cloud/", "65a1b2c3d4e5f6",
                "wdt_sync", PASSWORD, 2052, Duration.ofSeconds(5), requestTimeout), new ObjectMapper());
    }

    static ResponseDefinitionBuilder loginOk(String sid, String asp) {
        return okJson("{\"Message\":null,\"LoginResultType\":1,\"Context\":{\"SessionId\":\"" + asp + "\"},"
                + "\"KDSVCSessionId\":\"" + sid + "\",\"IsSuccessByAPI\":true}")
                .withHeader("Set-Cookie", "kdservice-sessionid=" + sid + "; path=/",
                        "ASP.NET_SessionId=" + asp + "; path=/; HttpOnly");
    }

    /** Login answers SID1 first, SID2 on every later login. */
    private void stubTwoLogins() {
        wm.stubFor(post(urlEqualTo(LOGIN)).inScenario("login").whenScenarioStateIs(STARTED)
                .willReturn(loginOk(SID1, ASP1)).willSetStateTo("second"));
        wm.stubFor(post(urlEqualTo(LOGIN)).inScenario("login").whenScenarioStateIs("second")
                .willReturn(loginOk(SID2, ASP2)));
    }

    private static List<Map<String, Object>> twoModels() {
        Map<String, Object> m0 = new LinkedHashMap<>();
        m0.put("FCUSTID", 0);
        m0.put("FNumber", "WDT-C0001");
        m0.put("FName", "张三");
        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("FCUSTID", 0);
        m1.put("FNumber", "WDT-C0002");
        m1.put("FName", "某某科技有限公司");
        return List.of(m0, m1);
    }

    @Test
    void loginSetsCookiesAndLaterCallsCarryCookiesAndHeader() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[[100231,\"WDT-C0001\"]]")));

        assertThat(client.hasSession()).isFalse();
        List<List<JsonNode>> rows = client.executeBillQuery("BD_Customer", List.of("FCUSTID", "FNumber"),
                "FNumber IN ('WDT-C0001') AND FUseOrgId.FNumber='100'", 0, 2000);
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        assertThat(rows).singleElement().satisfies(r -> assertThat(r.get(1).asText()).isEqualTo("WDT-C0001"));
        assertThat(client.hasSession()).isTrue();
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(LOGIN))
                .withHeader("Content-Type", matching("application/json; ?charset=UTF-8"))
                .withRequestBody(equalToJson("{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"" + PASSWORD
                        + "\",2052]}")));
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(QUERY))
                .withHeader("kdservice-sessionid", equalTo(SID1))
                .withCookie("kdservice-sessionid", equalTo(SID1))
                .withCookie("ASP.NET_SessionId", equalTo(ASP1))
                .withHeader("Content-Type", matching("application/json; ?charset=UTF-8")));
        wm.verify(postRequestedFor(urlEqualTo(QUERY)).withRequestBody(equalToJson("{\"data\":{\"FormId\":"
                + "\"BD_Customer\",\"FieldKeys\":\"FCUSTID,FNumber\",\"FilterString\":\"FNumber IN ('WDT-C0001') AND "
                + "FUseOrgId.FNumber='100'\",\"OrderString\":\"\",\"TopRowCount\":0,\"StartRow\":0,\"Limit\":2000,"
                + "\"SubSystemId\":\"\"}}")));
    }

    @Test
    void sessionIdFallsBackToBodyWhenNoCookie() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(okJson("{\"LoginResultType\":1,\"KDSVCSessionId\":\"" + SID1
                + "\"}")));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]")));

        assertThat(client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1)).isEmpty();

        wm.verify(postRequestedFor(urlEqualTo(QUERY)).withHeader("kdservice-sessionid", equalTo(SID1)));
    }

    @Test
    void cookieValueIsPreferredOverBody() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(okJson("{\"LoginResultType\":1,\"KDSVCSessionId\":\"body-value"
                + "-xyz\"}").withHeader("Set-Cookie", "kdservice-sessionid=" + SID1 + "; path=/")));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]")));

        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        wm.verify(postRequestedFor(urlEqualTo(QUERY)).withHeader("kdservice-sessionid", equalTo(SID1)));
    }

    @Test
    void writeSessionLostReLogsInAndResendsOnce() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("save").whenScenarioStateIs(STARTED)
                .willReturn(okJson(KingdeeResponsesTest.SESSION_LOST)).willSetStateTo("relogged"));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("save").whenScenarioStateIs("relogged")
                .willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)));

        OperationResult r = client.batchSave("BD_Customer", twoModels(), true);

        assertThat(r.success()).isTrue();
        assertThat(r.savedAt(1)).map(SavedRow::id).contains("100232");
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(LOGIN)));
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(BATCH_SAVE)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BATCH_SAVE)).withHeader("kdservice-sessionid", equalTo(SID1))
                .withCookie("kdservice-sessionid", equalTo(SID1)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BATCH_SAVE)).withHeader("kdservice-sessionid", equalTo(SID2))
                .withCookie("kdservice-sessionid", equalTo(SID2)).withCookie("ASP.NET_SessionId", equalTo(ASP2)));
        // the re-login did not carry the stale session cookie
        wm.verify(exactly(0), postRequestedFor(urlEqualTo(LOGIN)).withCookie("kdservice-sessionid", equalTo(SID1)));
    }

    @Test
    void writeSessionLostTwiceThrowsSessionLost() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.SESSION_LOST)));

        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> client.batchSave("BD_Customer", twoModels(), true));

        assertThat(e).isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.sessionLost()).isTrue();
        assertThat(e.msgCode()).isEqualTo(1);
        assertThat(client.hasSession()).isFalse();
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(BATCH_SAVE)));
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void readSessionLostReLogsInAndResendsOnce() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(QUERY)).inScenario("q").whenScenarioStateIs(STARTED)
                .willReturn(okJson("[[" + KingdeeResponsesTest.SESSION_LOST + "]]")).willSetStateTo("relogged"));
        wm.stubFor(post(urlEqualTo(QUERY)).inScenario("q").whenScenarioStateIs("relogged")
                .willReturn(okJson("[[100231]]")));

        List<List<JsonNode>> rows = client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        assertThat(rows).hasSize(1);
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(LOGIN)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(QUERY)).withHeader("kdservice-sessionid", equalTo(SID2)));
    }

    @Test
    void readSessionLostTwiceThrows() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[[" + KingdeeResponsesTest.SESSION_LOST + "]]")));

        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1));

        assertThat(e.sessionLost()).isTrue();
        wm.verify(exactly(2), postRequestedFor(urlEqualTo(QUERY)));
    }

    @Test
    void writeTimeoutIsTransientAndNotResent() {
        // the outcome of a write that times out is unknown: the transport never re-sends it; the batch route keeps
        // its rows SENDING and looks them up before any re-send (BatchWriter)
        client = newClient(Duration.ofMillis(300));
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)
                .withFixedDelay(3000)));

        Throwable e = catchThrowable(() -> client.batchSave("BD_Customer", twoModels(), true));

        assertThat(e).isNotNull();
        assertThat(KingdeeErrorClassifier.classify(e)).isEqualTo(KingdeeErrorClassifier.Outcome.TRANSIENT);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                wm.verify(exactly(1), postRequestedFor(urlEqualTo(BATCH_SAVE))));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void readTimeoutIsPlainRetryable() {
        client = newClient(Duration.ofMillis(300));
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]").withFixedDelay(3000)));

        Throwable e = catchThrowable(() -> client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1));

        assertThat(KingdeeErrorClassifier.classify(e)).isEqualTo(KingdeeErrorClassifier.Outcome.TRANSIENT);
    }

    static Stream<Arguments> unknownWriteAnswers() {
        return Stream.of(
                Arguments.of(500, "{\"Message\":\"Internal\"}"),
                Arguments.of(502, "<html>Bad Gateway</html>"),
                Arguments.of(200, "<html><body>Server Error in '/' Application.</body></html>"),
                Arguments.of(200, "response_error:{\"Message\":\"boom\"}"),
                Arguments.of(200, "{\"Result\":"));
    }

    @ParameterizedTest
    @MethodSource("unknownWriteAnswers")
    void unparseableOr5xxWriteIsTransientAndNotResent(int status, String body) {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(ALLOCATE)).willReturn(aResponse().withStatus(status).withBody(body)));

        Throwable e = catchThrowable(() -> client.allocate("BD_Customer", List.of("100231"), List.of("100040"), true));

        assertThat(e).isNotNull();
        assertThat(KingdeeErrorClassifier.classify(e)).isEqualTo(KingdeeErrorClassifier.Outcome.TRANSIENT);
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(ALLOCATE)));
    }

    @Test
    void write4xxIsPlainNotUnknown() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(aResponse().withStatus(404).withBody("Not Found")));

        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> client.batchSave("BD_Customer", twoModels(), true));

        assertThat(e).isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void refusedConnectionIsPlainRetryableForWrites() {
        int port = wm.port();
        wm.stop();
        KingdeeClient down = new KingdeeClient(new KingdeeClientConfig("http://localhost:" + port + "/k3cloud/",
                "65a1b2c3d4e5f6", "wdt_sync", PASSWORD, 2052, null, null), new ObjectMapper());

        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> down.batchSave("BD_Customer", twoModels(), true));

        assertThat(e).isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.retryable()).isTrue();
        wm.start(); // for tearDown
    }

    @Test
    void loginFailureMessageHasTypeAndMessageButNoPassword() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(okJson("{\"Message\":\"用户名或密码错误！\",\"LoginResultType\":0,"
                + "\"KDSVCSessionId\":null,\"IsSuccessByAPI\":false}")));

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", twoModels(), true));

        assertThat(e.getMessage()).contains("LoginResultType=0").contains("用户名或密码错误！")
                .doesNotContain(PASSWORD);
        assertThat(e.loginResultType()).isZero();
        assertThat(e.retryable()).isFalse();
        assertThat(client.hasSession()).isFalse();
        wm.verify(exactly(0), postRequestedFor(urlEqualTo(BATCH_SAVE)));
    }

    @Test
    void loginFailureEchoingThePasswordIsRedacted() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(okJson("{\"Message\":\"密码" + PASSWORD + "已过期\","
                + "\"LoginResultType\":-3}")));

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class, client::login);

        assertThat(e.getMessage()).contains("LoginResultType=-3").contains("已过期").doesNotContain(PASSWORD);
    }

    @Test
    void loginWithoutAnySessionIdFails() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(okJson("{\"LoginResultType\":1,\"KDSVCSessionId\":null}")));

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class, client::login);

        assertThat(e.getMessage()).contains("no session id");
        assertThat(client.hasSession()).isFalse();
    }

    @Test
    void partialBatchSaveIsParsedPerDIndex() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).willReturn(okJson(KingdeeResponsesTest.PARTIAL)));

        OperationResult r = client.batchSave("BD_Customer", twoModels(), true);

        assertThat(r.success()).isFalse();
        assertThat(r.msgCode()).isEqualTo(11);
        assertThat(r.savedAt(0)).contains(new SavedRow(0, "100231", "WDT-C0001"));
        assertThat(r.savedAt(1)).isEmpty();
        assertThat(r.errorsByIndex().get(1)).singleElement().matches(RowError::duplicateNumber);
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(BATCH_SAVE)).withRequestBody(equalToJson(
                "{\"formid\":\"BD_Customer\",\"data\":{\"NeedUpDateFields\":[],"
                        + "\"NeedReturnFields\":[\"FCUSTID\",\"FNumber\"],\"IsDeleteEntry\":\"true\","
                        + "\"SubSystemId\":\"\",\"IsVerifyBaseDataField\":\"true\",\"IsEntryBatchFill\":\"true\","
                        + "\"ValidateFlag\":\"true\",\"NumberSearch\":\"true\",\"IsAutoAdjustField\":\"true\","
                        + "\"InterationFlags\":\"\",\"IgnoreInterationFlag\":\"true\",\"IsAutoSubmitAndAudit\":\"true\","
                        + "\"Model\":[{\"FCUSTID\":0,\"FNumber\":\"WDT-C0001\",\"FName\":\"张三\"},"
                        + "{\"FCUSTID\":0,\"FNumber\":\"WDT-C0002\",\"FName\":\"某某科技有限公司\"}]}}")));
    }

    @Test
    void billQueryErrorWrapperIsThrown() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson(KingdeeResponsesTest.QUERY_ERROR)));

        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> client.executeBillQuery("BD_Customer", List.of("FTaxNo"), "", 0, 1));

        assertThat(e.msgCode()).isEqualTo(9);
        assertThat(e.messages()).containsExactly("元数据中标识为FTaxNo的字段不存在");
        assertThat(e.retryable()).isFalse();
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(QUERY)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(LOGIN)));
    }

    @Test
    void allocateSendsBodyAndParsesResult() {
        wm.stubFor(post(urlEqualTo(LOGIN)).willReturn(loginOk(SID1, ASP1)));
        wm.stubFor(post(urlEqualTo(ALLOCATE)).willReturn(okJson("{\"Result\":{\"ResponseStatus\":{\"IsSuccess\":true,"
                + "\"Errors\":[],\"SuccessEntitys\":[{\"Id\":100231,\"Number\":\"WDT-C0001\",\"DIndex\":0}],"
                + "\"MsgCode\":0}}}")));

        OperationResult r = client.allocate("BD_Customer", List.of("100231", "100232"), List.of("100040"), true);

        assertThat(r.success()).isTrue();
        wm.verify(postRequestedFor(urlEqualTo(ALLOCATE)).withHeader("kdservice-sessionid", equalTo(SID1))
                .withRequestBody(equalToJson("{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":\"100231,100232\","
                        + "\"TOrgIds\":\"100040\",\"IsAutoSubmitAndAudit\":\"true\"}}")));
    }

    @Test
    void invalidateSessionForcesNewLogin() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(QUERY)).willReturn(okJson("[]")));

        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);
        client.invalidateSession();
        assertThat(client.hasSession()).isFalse();
        client.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, 1);

        wm.verify(exactly(2), postRequestedFor(urlEqualTo(LOGIN)));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo(QUERY)).withCookie("kdservice-sessionid", equalTo(SID2))
                .withHeader("kdservice-sessionid", equalTo(SID2)));
    }

    @Test
    void logsNeverContainPasswordOrFullSessionIds() {
        stubTwoLogins();
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("save").whenScenarioStateIs(STARTED)
                .willReturn(okJson(KingdeeResponsesTest.SESSION_LOST)).willSetStateTo("relogged"));
        wm.stubFor(post(urlEqualTo(BATCH_SAVE)).inScenario("save").whenScenarioStateIs("relogged")
                .willReturn(okJson(KingdeeResponsesTest.FULL_SUCCESS)));

        client.batchSave("BD_Customer", twoModels(), true);

        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("login ok")).anyMatch(l -> l.contains("MsgCode 1"));
        assertThat(lines).noneMatch(l -> l.contains(PASSWORD) || l.contains(SID1) || l.contains(SID2)
                || l.contains(ASP1) || l.contains(ASP2));
        assertThat(client.config().toString()).doesNotContain(PASSWORD);
    }
}
