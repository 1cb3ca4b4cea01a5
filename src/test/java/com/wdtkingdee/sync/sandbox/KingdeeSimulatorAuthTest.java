package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.kingdee.KingdeeSignedHeaders;
import com.wdtkingdee.sync.kingdee.LoginBySignSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kingdee simulator verifies every authentication mode as a real server would: LoginByAppSecret, LoginBySign
 * (sign and timestamp window) and the stateless signed headers (X-Kd-Signature, X-Api-Signature, app data), and
 * rejects each one when its secret or signature is wrong. Requests are hand-made here; the expected values of the
 * reference vectors (§2c) are literals.
 */
class KingdeeSimulatorAuthTest {

    static final String ACCT = "65a1b2c3d4e5f6";
    static final String USER = "wdt_sync";
    static final String APP_ID = SimSignaturesTest.APP_ID;
    static final String APP_SECRET = SimSignaturesTest.APP_SECRET;
    static final String BY_APP_SECRET = "Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginByAppSecret.common.kdsvc";
    static final String BY_SIGN = "Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginBySign.common.kdsvc";
    static final String SAVE = KingdeeSimulatorTest.SAVE;
    static final String QUERY = KingdeeSimulatorTest.QUERY;
    static final String QUERY_ALL = "{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber\"}}";
    /** 2024-06-10T06:13:20Z, the time of the reference vectors. */
    static final Instant T = Instant.ofEpochSecond(1718000000L);

    final TestHttp.MutableClock clock = new TestHttp.MutableClock(T);
    KingdeeSimulator sim;

    @BeforeEach
    void start() {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config(ACCT, USER, "pw-123",
                Set.of("100", "BZ", "DZ", "100040"), Map.of("100", "1", "BZ", "100507", "DZ", "100508",
                "100040", "100040"), Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), clock));
        sim.enableAppAuth(APP_ID, APP_SECRET);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    HttpResponse<String> post(HttpClient c, String service, String body, String... headers) throws Exception {
        return TestHttp.postJson(c, sim.baseUrl() + service, body, headers);
    }

    static String params(Object... values) {
        return "{\"parameters\":" + TestHttp.JSON.valueToTree(List.of(values)) + "}";
    }

    static List<String> cookieNames(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().flatMap(h -> HttpCookie.parse(h).stream())
                .map(HttpCookie::getName).toList();
    }

    static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().flatMap(h -> HttpCookie.parse(h).stream())
                .filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** {@code Result.ResponseStatus}, also inside the {@code [[…]]} query wrapper; missing for query rows. */
    static JsonNode status(HttpResponse<String> r) throws Exception {
        JsonNode n = TestHttp.json(r);
        return n.isArray() ? n.at("/0/0/Result/ResponseStatus") : n.at("/Result/ResponseStatus");
    }

    /** The 9 signed headers for {@code service} as {@code name, value, …}, optionally altered. */
    static String[] signed(String service, String appId, String appSecret, String acct, String user, int lcid,
                           long ts, UnaryOperator<Map<String, String>> alter) {
        Map<String, String> h = new LinkedHashMap<>(KingdeeSignedHeaders.build(appId, appSecret, acct, user, lcid,
                "100", "/k3cloud/" + service, ts, Long.toString(ts)));
        h = alter.apply(h);
        List<String> out = new ArrayList<>();
        h.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
        return out.toArray(String[]::new);
    }

    static String[] signed(String service) {
        return signed(service, APP_ID, APP_SECRET, ACCT, USER, 2052, T.toEpochMilli(), UnaryOperator.identity());
    }

    // ------------------------------------------------------------------ LoginByAppSecret

    @Test
    void loginByAppSecretOpensASessionUsableForDataCalls() throws Exception {
        HttpClient jar = TestHttp.cookieClient();
        HttpResponse<String> login = post(jar, BY_APP_SECRET, params(ACCT, USER, APP_ID, APP_SECRET, 2052));

        JsonNode body = TestHttp.json(login);
        assertThat(body.get("LoginResultType").asInt()).isEqualTo(1);
        assertThat(body.get("IsSuccessByAPI").asBoolean()).isTrue();
        assertThat(cookieNames(login)).containsExactlyInAnyOrder("kdservice-sessionid", "ASP.NET_SessionId");
        assertThat(cookie(login, "kdservice-sessionid")).isEqualTo(body.get("KDSVCSessionId").asText());
        assertThat(TestHttp.json(post(jar, QUERY, QUERY_ALL)).isArray()).isTrue();
        assertThat(status(post(jar, QUERY, QUERY_ALL)).isMissingNode()).isTrue();
        assertThat(sim.calls("LoginByAppSecret")).isEqualTo(1);
    }

    static Stream<Arguments> badAppSecretLogins() {
        return Stream.of(
                Arguments.of("wrong secret", params(ACCT, USER, APP_ID, "0123456789abcdef0123456789abcdeX", 2052),
                        -1, "AppSecret"),
                Arguments.of("wrong app", params(ACCT, USER, "654321_" + APP_ID.substring(7), APP_SECRET, 2052), -1,
                        "应用ID"),
                Arguments.of("wrong data center", params("nope", USER, APP_ID, APP_SECRET, 2052), -1, "数据中心"),
                Arguments.of("wrong user", params(ACCT, "intruder", APP_ID, APP_SECRET, 2052), 0, "intruder"),
                Arguments.of("bad lcid", params(ACCT, USER, APP_ID, APP_SECRET, 9999), -1, "9999"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAppSecretLogins")
    void loginByAppSecretIsRejectedWhenTheSecretOrTheCredentialsAreWrong(String what, String body, int type,
                                                                         String inMessage) throws Exception {
        HttpClient jar = TestHttp.cookieClient();
        HttpResponse<String> r = post(jar, BY_APP_SECRET, body);

        JsonNode answer = TestHttp.json(r);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(answer.get("LoginResultType").asInt()).isEqualTo(type);
        assertThat(answer.get("IsSuccessByAPI").asBoolean()).isFalse();
        assertThat(answer.get("Message").asText()).contains(inMessage);
        assertThat(answer.get("KDSVCSessionId").isNull()).isTrue();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(status(post(jar, QUERY, QUERY_ALL)).get("MsgCode").asInt()).isEqualTo(1);
    }

    @Test
    void appLoginsAreRefusedUntilAppAuthIsEnabled() throws Exception {
        sim.close();
        sim = new KingdeeSimulator(KingdeeSimulator.Config.sandboxDefaults());
        sim.start();
        String acct = KingdeeSimulator.Config.sandboxDefaults().acctId();
        String user = KingdeeSimulator.Config.sandboxDefaults().username();
        long now = Instant.now().getEpochSecond();

        JsonNode bySecret = TestHttp.json(post(TestHttp.client(), BY_APP_SECRET,
                params(acct, user, APP_ID, APP_SECRET, 2052)));
        JsonNode bySign = TestHttp.json(post(TestHttp.client(), BY_SIGN, params(acct, user, APP_ID, now,
                LoginBySignSigner.sign(acct, user, APP_ID, APP_SECRET, now), 2052)));
        HttpResponse<String> headers = post(TestHttp.client(), SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")), signed(SAVE, APP_ID, APP_SECRET, acct, user,
                2052, System.currentTimeMillis(), UnaryOperator.identity()));

        assertThat(bySecret.get("LoginResultType").asInt()).isEqualTo(-1);
        assertThat(bySecret.get("Message").asText()).contains("未启用第三方系统登录授权");
        assertThat(bySign.get("LoginResultType").asInt()).isEqualTo(-1);
        assertThat(status(headers).get("MsgCode").asInt()).isEqualTo(1);
        assertThat(sim.customers()).isEmpty();
    }

    // ------------------------------------------------------------------ LoginBySign

    @Test
    void loginBySignAcceptsTheReferenceVectorSign() throws Exception {
        HttpClient jar = TestHttp.cookieClient();
        HttpResponse<String> r = post(jar, BY_SIGN, params(ACCT, USER, APP_ID, 1718000000L,
                "cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3c", 2052));

        assertThat(TestHttp.json(r).get("LoginResultType").asInt()).isEqualTo(1);
        assertThat(cookieNames(r)).containsExactlyInAnyOrder("kdservice-sessionid", "ASP.NET_SessionId");
        assertThat(TestHttp.json(post(jar, QUERY, QUERY_ALL)).isArray()).isTrue();
        assertThat(sim.calls("LoginBySign")).isEqualTo(1);
    }

    @Test
    void loginBySignAcceptsTheTimestampAsAString() throws Exception {
        HttpResponse<String> r = post(TestHttp.client(), BY_SIGN, params(ACCT, USER, APP_ID, "1718000000",
                "cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3c", 2052));
        assertThat(TestHttp.json(r).get("LoginResultType").asInt()).isEqualTo(1);
    }

    /** Offsets (seconds) of the signed timestamp from the simulator clock, and the secret used to sign. */
    @ParameterizedTest
    @CsvSource({
            "0, 0123456789abcdef0123456789abcdeX, 签名(sign)错误",
            "660, 0123456789abcdef0123456789abcdef, 时间戳",
            "-660, 0123456789abcdef0123456789abcdef, 时间戳"})
    void loginBySignIsRejectedForAWrongSignOrAStaleTimestamp(long offset, String secret, String inMessage)
            throws Exception {
        long ts = T.getEpochSecond() + offset;
        HttpResponse<String> r = post(TestHttp.client(), BY_SIGN, params(ACCT, USER, APP_ID, ts,
                LoginBySignSigner.sign(ACCT, USER, APP_ID, secret, ts), 2052));

        JsonNode answer = TestHttp.json(r);
        assertThat(answer.get("LoginResultType").asInt()).isEqualTo(-1);
        assertThat(answer.get("Message").asText()).contains(inMessage);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void loginBySignTimestampWindowIsConfigurable() throws Exception {
        long ts = T.getEpochSecond() + 120;
        String body = params(ACCT, USER, APP_ID, ts, LoginBySignSigner.sign(ACCT, USER, APP_ID, APP_SECRET, ts), 2052);

        assertThat(TestHttp.json(post(TestHttp.client(), BY_SIGN, body)).get("LoginResultType").asInt()).isEqualTo(1);
        sim.loginBySignTolerance(Duration.ofMinutes(1));
        assertThat(TestHttp.json(post(TestHttp.client(), BY_SIGN, body)).get("LoginResultType").asInt())
                .isEqualTo(-1);
    }

    @Test
    void loginBySignWithATamperedSignIsRejected() throws Exception {
        String sign = "cab5e66b2ee8ecc7ae32a8e6db7328135d22c9e9758e247d0f9ee0bf52361c3d";
        JsonNode answer = TestHttp.json(post(TestHttp.client(), BY_SIGN, params(ACCT, USER, APP_ID, 1718000000L,
                sign, 2052)));
        assertThat(answer.get("LoginResultType").asInt()).isEqualTo(-1);
    }

    // ------------------------------------------------------------------ signed headers

    @Test
    void signedHeadersOfTheReferenceVectorOpenASessionWithSetCookie() throws Exception {
        // reference §2c literally: ts = nonce = 1718000000000, OrgNum 100, the BatchSave path under /k3cloud/
        HttpResponse<String> r = post(TestHttp.client(), SAVE,
                KingdeeSimulatorTest.batch(KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")),
                "X-Api-ClientID", "123456", "X-Api-Auth-Version", "2.0",
                "x-api-timestamp", "1718000000000", "x-api-nonce", "1718000000000",
                "x-api-signheaders", "x-api-timestamp,x-api-nonce",
                "X-Api-Signature",
                "OTk4OWNmMzI2MGQ1NTI1ZWE3ZmQ1MmFhMTNmM2YyZTFmMjQ3MGJhOTkyOGMwN2ZjMzA0ZjlhMzhjN2MyOTE4MQ==",
                "X-Kd-Appkey", APP_ID, "X-Kd-Appdata", "NjVhMWIyYzNkNGU1ZjYsd2R0X3N5bmMsMjA1MiwxMDA=",
                "X-Kd-Signature",
                "MjgxNDEyMzBmNTg3YzI3NWUzM2RlYTk3OTM4NGQxMTY0MDQwMDEyYzUzNWZjNWIyYmIzNjMzMzg1ZTJhMGMxMA==");

        assertThat(status(r).get("IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1");
        assertThat(cookieNames(r)).containsExactlyInAnyOrder("kdservice-sessionid", "ASP.NET_SessionId");
        String sid = cookie(r, "kdservice-sessionid");

        // the session alone (no signature at all) is enough afterwards: header, SID header or cookie
        assertThat(TestHttp.json(post(TestHttp.client(), QUERY, QUERY_ALL, "kdservice-sessionid", sid)))
                .hasSize(1);
        assertThat(TestHttp.json(post(TestHttp.client(), QUERY, QUERY_ALL, "SID", sid))).hasSize(1);
        assertThat(TestHttp.json(post(TestHttp.client(), QUERY, QUERY_ALL, "Cookie",
                "kdservice-sessionid=" + sid))).hasSize(1);
        assertThat(sim.calls("ValidateUser") + sim.calls("LoginBySign") + sim.calls("LoginByAppSecret")).isZero();
    }

    @Test
    void aRequestWithALiveSessionIsNotCheckedForSignatures() throws Exception {
        HttpResponse<String> first = post(TestHttp.client(), QUERY, QUERY_ALL, signed(QUERY));
        String sid = cookie(first, "kdservice-sessionid");

        HttpResponse<String> r = post(TestHttp.client(), QUERY, QUERY_ALL, signed(QUERY, APP_ID, "wrong-secret", ACCT,
                USER, 2052, T.toEpochMilli(), h -> {
                    h.put("kdservice-sessionid", sid);
                    return h;
                }));

        assertThat(TestHttp.json(r).isArray()).isTrue();
        assertThat(status(r).isMissingNode()).isTrue();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void anExpiredSessionIsRenewedTransparentlyByValidSignedHeaders() throws Exception {
        HttpResponse<String> first = post(TestHttp.client(), QUERY, QUERY_ALL, signed(QUERY));
        String sid = cookie(first, "kdservice-sessionid");
        clock.advance(Duration.ofMinutes(21));

        String[] headers = signed(QUERY, APP_ID, APP_SECRET, ACCT, USER, 2052, T.toEpochMilli() + 1_260_000,
                h -> h);
        String[] withOldSid = Stream.concat(Stream.of(headers), Stream.of("kdservice-sessionid", sid))
                .toArray(String[]::new);
        HttpResponse<String> r = post(TestHttp.client(), QUERY, QUERY_ALL, withOldSid);

        assertThat(TestHttp.json(r).isArray()).isTrue();
        assertThat(status(r).isMissingNode()).isTrue();
        assertThat(cookie(r, "kdservice-sessionid")).isNotNull().isNotEqualTo(sid);
    }

    static Stream<Arguments> tamperedHeaders() {
        String otherAppData = Base64.getEncoder().encodeToString(
                (ACCT + ",intruder,2052,100").getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("X-Kd-Signature altered", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("X-Kd-Signature", Base64.getEncoder().encodeToString("0".repeat(64).getBytes()));
                    return h;
                }),
                Arguments.of("X-Api-Signature altered", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("X-Api-Signature", Base64.getEncoder().encodeToString("f".repeat(64).getBytes()));
                    return h;
                }),
                Arguments.of("nonce changed after signing", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("x-api-nonce", "42");
                    return h;
                }),
                Arguments.of("app data of another user", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("X-Kd-Appdata", otherAppData);
                    return h;
                }),
                Arguments.of("another app key", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("X-Kd-Appkey", "654321_" + APP_ID.substring(7));
                    return h;
                }),
                Arguments.of("client id of another app", (UnaryOperator<Map<String, String>>) h -> {
                    h.put("X-Api-ClientID", "654321");
                    return h;
                }),
                Arguments.of("X-Kd-Signature missing", (UnaryOperator<Map<String, String>>) h -> {
                    h.remove("X-Kd-Signature");
                    return h;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedHeaders")
    void tamperedSignedHeadersAreRefusedWithMsgCode1(String what, UnaryOperator<Map<String, String>> alter)
            throws Exception {
        HttpResponse<String> r = post(TestHttp.client(), SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")), signed(SAVE, APP_ID, APP_SECRET, ACCT, USER,
                2052, T.toEpochMilli(), alter));

        assertRefused(r);
    }

    @ParameterizedTest(name = "signed with {0}")
    @CsvSource({
            "wrong secret, 0123456789abcdef0123456789abcdeX, wdt_sync, 2052, Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc",
            "wrong user, 0123456789abcdef0123456789abcdef, intruder, 2052, Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc",
            "bad lcid, 0123456789abcdef0123456789abcdef, wdt_sync, 9999, Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc",
            "the path of another service, 0123456789abcdef0123456789abcdef, wdt_sync, 2052, Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Allocate.common.kdsvc"})
    void consistentlySignedButWrongHeadersAreRefusedWithMsgCode1(String what, String secret, String user, int lcid,
                                                                  String signedPath) throws Exception {
        HttpResponse<String> r = post(TestHttp.client(), SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")), signed(signedPath, APP_ID, secret, ACCT, user,
                lcid, T.toEpochMilli(), UnaryOperator.identity()));

        assertRefused(r);
    }

    private void assertRefused(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(r)).isEqualTo(TestHttp.json(KingdeeSimulatorTest.SESSION_LOST));
        assertThat(sim.customers()).isEmpty();
        // like the real server, an empty-shell session id is issued; it is not a usable session
        String shell = cookie(r, "kdservice-sessionid");
        assertThat(shell).isNotBlank();
        assertThat(status(post(TestHttp.client(), QUERY, QUERY_ALL, "kdservice-sessionid", shell))
                .get("MsgCode").asInt()).isEqualTo(1);
    }

    @Test
    void signedHeadersNamingAnotherDataCenterGetHttp500FailToVerifyThirtyPassport() throws Exception {
        HttpResponse<String> r = post(TestHttp.client(), SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")), signed(SAVE, APP_ID, APP_SECRET, "other-acct",
                USER, 2052, T.toEpochMilli(), UnaryOperator.identity()));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo(KingdeeSimulator.PASSPORT_FAILURE);
        assertThat(sim.customers()).isEmpty();
    }

    @Test
    void generatedAppIdsWorkForSignedHeaders() throws Exception {
        String appId = KingdeeSimulator.generateAppId(new Random(7));
        assertThat(appId).matches("\\d{6}_[A-Za-z0-9+/]{32}");
        sim.enableAppAuth(appId, "another-secret");

        HttpResponse<String> ok = post(TestHttp.client(), QUERY, QUERY_ALL, signed(QUERY, appId, "another-secret",
                ACCT, USER, 2052, T.toEpochMilli(), UnaryOperator.identity()));
        HttpResponse<String> oldApp = post(TestHttp.client(), QUERY, QUERY_ALL, signed(QUERY));

        assertThat(TestHttp.json(ok).isArray()).isTrue();
        assertThat(status(ok).isMissingNode()).isTrue();
        assertThat(status(oldApp).get("MsgCode").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ sessions and body shapes

    @ParameterizedTest
    @ValueSource(strings = {"cookie", "kdservice-sessionid", "SID"})
    void theSessionIsAcceptedFromEachCarrier(String carrier) throws Exception {
        HttpResponse<String> login = post(TestHttp.client(), KingdeeSimulatorTest.LOGIN,
                params(ACCT, USER, "pw-123", 2052));
        String sid = cookie(login, "kdservice-sessionid");
        String[] header = carrier.equals("cookie") ? new String[] {"Cookie", "Theme=standard; kdservice-sessionid="
                + sid + "; ASP.NET_SessionId=" + cookie(login, "ASP.NET_SessionId")} : new String[] {carrier, sid};

        HttpResponse<String> r = post(TestHttp.client(), SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer("WDT-1", "甲", "BZ")), header);

        assertThat(status(r).get("IsSuccess").asBoolean()).isTrue();
    }

    static Stream<Arguments> bodyShapes() {
        ObjectNode customer = KingdeeSimulatorTest.customer("WDT-S1", "形状客户", "BZ");
        String data = TestHttp.json(KingdeeSimulatorTest.batch(customer)).get("data").toString();
        String quoted = TestHttp.JSON.valueToTree(data).toString();
        return Stream.of(
                Arguments.of("formid + data object", "{\"formid\":\"BD_Customer\",\"data\":" + data + "}"),
                Arguments.of("formid + data string", "{\"formid\":\"BD_Customer\",\"data\":" + quoted + "}"),
                Arguments.of("parameters [formId, json string] (Java SDK)",
                        "{\"parameters\":[\"BD_Customer\"," + quoted + "]}"),
                Arguments.of("parameters as a json string", "{\"parameters\":"
                        + TestHttp.JSON.valueToTree("[\"BD_Customer\"," + data + "]") + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyShapes")
    void everyBodyShapeOfTheOfficialSdksIsServed(String shape, String body) throws Exception {
        HttpClient jar = TestHttp.cookieClient();
        post(jar, BY_APP_SECRET, params(ACCT, USER, APP_ID, APP_SECRET, 2052));

        HttpResponse<String> r = post(jar, SAVE, body);

        assertThat(status(r).get("IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-S1");
        String query = "{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber,FName\",\"FilterString\":"
                + "\"FNumber='WDT-S1'\"}";
        JsonNode viaParameters = TestHttp.json(post(jar, QUERY, "{\"parameters\":["
                + TestHttp.JSON.valueToTree(query) + "]}"));
        JsonNode viaDataString = TestHttp.json(post(jar, QUERY, "{\"data\":" + TestHttp.JSON.valueToTree(query)
                + "}"));
        assertThat(viaParameters).isEqualTo(TestHttp.json("[[\"WDT-S1\",\"形状客户\"]]")).isEqualTo(viaDataString);
    }
}
