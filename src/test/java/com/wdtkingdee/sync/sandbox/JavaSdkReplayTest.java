package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.kingdee.KingdeeSignedHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays requests exactly as the official Java SDK (k3cloud-webapi-sdk, {@code HttpRequester.post} and
 * {@code ApiRequester.buildHeader}) builds them, with {@link HttpURLConnection} as the SDK does: the 9 signed
 * headers (JSDK spelling {@code x-api-signheaders: X-Api-TimeStamp,X-Api-Nonce}, nonce = timestamp in millis,
 * OrgNum {@code 0}), {@code Content-type: applicatin/json} (sic), the SDK's User-Agent, the body
 * {@code {"parameters":["BD_Customer","<Gson JSON string>"]}} with Gson's HTML-safe escapes, and from the second
 * call on the {@code SID} header plus {@code Cookie: Theme=standard; kdservice-sessionid=…; ASP.NET_SessionId=…}
 * built from the Set-Cookie of the first answer, found, as the SDK finds it, only under the exact header name
 * {@code Set-Cookie}. No login call: the signed headers authenticate (one test logs in with LoginByAppSecret as
 * {@code K3CloudClienter} does).
 */
class JavaSdkReplayTest {

    static final String SAVE = KingdeeSimulatorTest.SAVE;
    static final String QUERY = KingdeeSimulatorTest.QUERY;
    static final String FORM = KingdeeSimulator.FORM_SERVICE;
    static final String ACCT = KingdeeSimulatorAuthTest.ACCT;
    static final String USER = KingdeeSimulatorAuthTest.USER;
    static final String APP_ID = KingdeeSimulatorAuthTest.APP_ID;
    static final String APP_SECRET = KingdeeSimulatorAuthTest.APP_SECRET;

    final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2024-06-10T06:13:20Z"));
    KingdeeSimulator sim;

    @BeforeEach
    void start() {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config(ACCT, USER, "pw-123", Set.of("100", "BZ"),
                Map.of("100", "1", "BZ", "100507"), Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), clock));
        sim.enableAppAuth(APP_ID, APP_SECRET);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** What the SDK's {@code K3CloudCookieStore} keeps between calls. */
    private String sid;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** {@code ApiRequester.postJson} + {@code HttpRequester.post}, reproduced. */
    private Answer sdkPost(String service, String body, long millis) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) URI.create(sim.baseUrl() + service).toURL().openConnection();
        conn.setConnectTimeout(10_000);
        conn.setReadTimeout(10_000);
        Map<String, String> header = new LinkedHashMap<>(KingdeeSignedHeaders.build(APP_ID, APP_SECRET, ACCT, USER,
                2052, "0", "/k3cloud/" + service, millis, Long.toString(millis)));
        header.put("x-api-signheaders", "X-Api-TimeStamp,X-Api-Nonce");
        if (sid != null) {
            header.put("SID", sid);
        }
        if (!cookies.isEmpty()) {
            StringBuilder cookieHd = new StringBuilder("Theme=standard");
            cookies.forEach((k, v) -> cookieHd.append("; ").append(k).append('=').append(v));
            header.put("Cookie", cookieHd.toString());
        }
        header.forEach(conn::setRequestProperty);
        conn.setRequestProperty("Content-type", "applicatin/json");
        conn.setRequestProperty("User-Agent", "Kingdee/Java WebApi SDK 7.3 (compatible; MSIE 6.0; Windows NT 5.1;SV1)");
        conn.setDoOutput(true);
        conn.setDoInput(true);
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(conn.getOutputStream(), StandardCharsets.UTF_8))) {
            out.print(body);
            out.flush();
        }
        int status = conn.getResponseCode();
        // HttpRequester.post: only a header named exactly "Set-Cookie" counts (cookie.getKey().equals("Set-Cookie"));
        // each value is parsed by the SDK's Cookie (first "name=value" part, split on '=') and
        // ApiRequester.getCookieFromReq keeps it, taking kdservice-sessionid as the SID
        List<String> setCookies = new java.util.ArrayList<>();
        for (Map.Entry<String, List<String>> h : conn.getHeaderFields().entrySet()) {
            if (h.getKey() == null || !h.getKey().equals("Set-Cookie")) {
                continue;
            }
            for (String c : h.getValue()) {
                setCookies.add(c);
                String[] nv = c.split(";")[0].trim().split("=");
                if (nv.length == 2) {
                    cookies.put(nv[0], nv[1]);
                    if (nv[0].equals("kdservice-sessionid")) {
                        sid = nv[1];
                    }
                }
            }
        }
        String text;
        try (InputStream in = status < 400 ? conn.getInputStream() : conn.getErrorStream()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            text = b.toString(StandardCharsets.UTF_8);
        }
        return new Answer(status, text, setCookies, conn.getRequestProperty("Content-type"));
    }

    private record Answer(int status, String body, List<String> setCookies, String sentContentType) {
        JsonNode json() {
            return TestHttp.json(body);
        }
    }

    @Test
    void aSignedBatchSaveThenAQueryAsTheOfficialJavaSdkSendsThemAreServed() throws Exception {
        // K3CloudApi.batchSave(formId, String data): execute(…BatchSave, new Object[]{formid, data}); the SDK's
        // Gson escapes '=' and '\'' (HTML-safe) inside the JSON string, as in "\u003d"
        String model = "{\"Model\":[{\"FCUSTID\":0,\"FNumber\":\"WDT-SDK-1\",\"FName\":\"官方SDK客户\","
                + "\"FCreateOrgId\":{\"FNumber\":\"100\"},\"FUseOrgId\":{\"FNumber\":\"BZ\"},"
                + "\"FINVOICETITLE\":\"官方SDK客户\",\"FTRADINGCURRID\":{\"FNumber\":\"PRE001\"},"
                + "\"FGroup\":{\"FNumber\":\"B11\"}}],\"Creator\":0,\"NeedReturnFields\":[],\"NeedUpDateFields\":[]}";
        String saveBody = "{\"parameters\":[\"BD_Customer\"," + TestHttp.JSON.valueToTree(model) + "]}";

        Answer save = sdkPost(SAVE, saveBody, 1718000000000L);

        assertThat(save.sentContentType()).isEqualTo("applicatin/json");
        assertThat(save.status()).isEqualTo(200);
        assertThat(save.json().at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(save.json().at("/Result/ResponseStatus/SuccessEntitys/0/Number").asText()).isEqualTo("WDT-SDK-1");
        assertThat(save.setCookies()).anyMatch(c -> c.startsWith("kdservice-sessionid="))
                .anyMatch(c -> c.startsWith("ASP.NET_SessionId="));
        assertThat(sid).isNotBlank();

        // K3CloudApi.executeBillQuery(String data): execute(…ExecuteBillQuery, new Object[]{data}), now with the
        // SID header and the Cookie header of the SDK's cookie store, and freshly signed headers
        String query = "{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber,FName,FUseOrgId.FNumber\","
                + "\"FilterString\":\"FNumber\\u003d\\u0027WDT-SDK-1\\u0027\",\"StartRow\":0,\"Limit\":0,"
                + "\"TopRowCount\":0}";
        String queryBody = "{\"parameters\":[" + TestHttp.JSON.writeValueAsString(query)
                .replace("\\\\u003d", "\\u003d").replace("\\\\u0027", "\\u0027") + "]}";
        assertThat(queryBody).contains("\\u003d");

        Answer rows = sdkPost(QUERY, queryBody, 1718000001000L);

        assertThat(rows.status()).isEqualTo(200);
        assertThat(rows.json()).isEqualTo(TestHttp.json("[[\"WDT-SDK-1\",\"官方SDK客户\",\"BZ\"]]"));
        assertThat(sim.calls("ValidateUser") + sim.calls("LoginBySign") + sim.calls("LoginByAppSecret")).isZero();
        assertThat(sim.customers()).singleElement().satisfies(c -> {
            assertThat(c.useOrg()).isEqualTo("BZ");
            assertThat(c.currency()).isEqualTo("PRE001");
        });
    }

    @Test
    void theSdkSessionHeadersAloneKeepTheSessionWhenTheSignatureIsStale() throws Exception {
        sdkPost(QUERY, "{\"parameters\":[\"{\\\"FormId\\\":\\\"BD_Currency\\\",\\\"FieldKeys\\\":\\\"FNumber\\\"}\"]}",
                1718000000000L);
        String firstSid = sid;

        // a second call signed for another path would be refused, but the live SID is accepted first
        Answer again = sdkPostSignedFor(QUERY, SAVE);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(TestHttp.json("[[\"PRE001\"]]"));
        assertThat(sid).isEqualTo(firstSid);
    }

    @Test
    void theSdkKeepsItsSessionFromTheSetCookieHeader() throws Exception {
        // the first signed call opens a session; the SDK finds "Set-Cookie" (exact name) and keeps the SID, so the
        // second call is served by that session: no new session, no new Set-Cookie
        String body = "{\"parameters\":[\"{\\\"FormId\\\":\\\"ORG_Organizations\\\",\\\"FieldKeys\\\":"
                + "\\\"FNumber\\\"}\"]}";
        Answer first = sdkPost(QUERY, body, 1718000000000L);
        assertThat(sid).as("SID kept from the Set-Cookie header").isNotNull();
        assertThat(cookies).containsKeys("kdservice-sessionid", "ASP.NET_SessionId");
        String firstSid = sid;

        Answer second = sdkPost(QUERY, body, 1718000003000L);

        assertThat(first.json()).isEqualTo(TestHttp.json("[[\"100\"],[\"BZ\"]]"));
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.setCookies()).as("the session of the first call served the second").isEmpty();
        assertThat(sid).isEqualTo(firstSid);
    }

    @Test
    void theSdkLoginByAppSecretThenDataCallsRideOnTheSessionAndHealAfterItIsLost() throws Exception {
        // K3CloudClienter.loginByAppSecret: parameters [acctID, username, appId, appSecret, lcid], signed headers too
        String login = "{\"parameters\":[\"" + ACCT + "\",\"" + USER + "\",\"" + APP_ID + "\",\"" + APP_SECRET
                + "\",2052]}";
        Answer in = sdkPost("Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginByAppSecret.common.kdsvc", login,
                1718000000000L);
        assertThat(in.json().get("LoginResultType").asInt()).isEqualTo(1);
        assertThat(in.json().get("IsSuccessByAPI").asBoolean()).isTrue();
        assertThat(sid).isEqualTo(in.json().get("KDSVCSessionId").asText());
        String loginSid = sid;

        String body = "{\"parameters\":[\"{\\\"FormId\\\":\\\"BD_Currency\\\",\\\"FieldKeys\\\":\\\"FNumber\\\"}\"]}";
        Answer rows = sdkPost(QUERY, body, 1718000001000L);
        assertThat(rows.json()).isEqualTo(TestHttp.json("[[\"PRE001\"]]"));
        assertThat(rows.setCookies()).isEmpty();
        assertThat(sid).isEqualTo(loginSid);

        // the server forgets every session: the SDK's signed headers open a new one, whose cookie it keeps
        sim.expireAllSessions();
        Answer healed = sdkPost(QUERY, body, 1718000002000L);
        assertThat(healed.json()).isEqualTo(rows.json());
        assertThat(healed.setCookies()).anyMatch(c -> c.startsWith("kdservice-sessionid="));
        assertThat(sid).isNotEqualTo(loginSid);
    }

    @Test
    void theSdkViewSubmitAuditShapesAreServed() throws Exception {
        // K3CloudApi.save / submit / audit / view (formId, String data): {"parameters":[formId, data]}, data as a
        // JSON string; OperateParam is {"Ids":…,"CreateOrgId":…,"Numbers":[…]} (Gson: null fields left out)
        String save = "{\"parameters\":[\"BD_Customer\"," + TestHttp.JSON.valueToTree("{\"Model\":{\"FCUSTID\":0,"
                + "\"FNumber\":\"WDT-SDK-2\",\"FName\":\"SDK二号\",\"FCreateOrgId\":{\"FNumber\":\"100\"},"
                + "\"FUseOrgId\":{\"FNumber\":\"BZ\"},\"FTRADINGCURRID\":{\"FNumber\":\"PRE001\"}}}") + "]}";
        Answer saved = sdkPost(FORM + "Save.common.kdsvc", save, 1718000000000L);
        assertThat(saved.json().at("/Result/Number").asText()).isEqualTo("WDT-SDK-2");
        String op = "{\"parameters\":[\"BD_Customer\"," + TestHttp.JSON.valueToTree("{\"Numbers\":[\"WDT-SDK-2\"]}")
                + "]}";
        assertThat(sdkPost(FORM + "Submit.common.kdsvc", op, 1718000001000L).json()
                .at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sdkPost(FORM + "Audit.common.kdsvc", op, 1718000002000L).json()
                .at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        String view = "{\"parameters\":[\"BD_Customer\"," + TestHttp.JSON.valueToTree("{\"Number\":\"WDT-SDK-2\"}")
                + "]}";
        JsonNode entity = sdkPost(FORM + "View.common.kdsvc", view, 1718000003000L).json().at("/Result/Result");
        assertThat(entity.get("DocumentStatus").asText()).isEqualTo("C");
        assertThat(entity.at("/Name/0/Value").asText()).isEqualTo("SDK二号");
    }

    /** Like {@link #sdkPost}, but the signature is computed for {@code signedService} (wrong on purpose). */
    private Answer sdkPostSignedFor(String service, String signedService) throws IOException {
        String body = "{\"parameters\":[\"{\\\"FormId\\\":\\\"BD_Currency\\\",\\\"FieldKeys\\\":\\\"FNumber\\\"}\"]}";
        HttpURLConnection conn = (HttpURLConnection) URI.create(sim.baseUrl() + service).toURL().openConnection();
        KingdeeSignedHeaders.build(APP_ID, APP_SECRET, ACCT, USER, 2052, "0", "/k3cloud/" + signedService,
                1718000002000L, "1718000002000").forEach(conn::setRequestProperty);
        conn.setRequestProperty("SID", sid);
        conn.setRequestProperty("Cookie", "Theme=standard; kdservice-sessionid=" + sid);
        conn.setRequestProperty("Content-type", "applicatin/json");
        conn.setDoOutput(true);
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(conn.getOutputStream(), StandardCharsets.UTF_8))) {
            out.print(body);
        }
        int status = conn.getResponseCode();
        try (InputStream in = conn.getInputStream()) {
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8), List.of(), null);
        }
    }
}
