package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KingdeeSimulatorTest {

    static final String LOGIN = "Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc";
    static final String SAVE = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc";
    static final String QUERY = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc";
    static final String ALLOCATE = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Allocate.common.kdsvc";
    static final String SESSION_LOST = "{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":500,\"IsSuccess\":false,"
            + "\"Errors\":[{\"FieldName\":null,\"Message\":\"会话信息已丢失，请重新登录\",\"DIndex\":0}],"
            + "\"SuccessEntitys\":[],\"SuccessMessages\":[],\"MsgCode\":1}}}";

    final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2024-05-20T02:00:00Z"));
    KingdeeSimulator sim;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config("65a1b2c3d4e5f6", "wdt_sync", "pw-123",
                Set.of("100", "BZ", "DZ", "100040"), Map.of("100", "1", "BZ", "100507", "DZ", "100508",
                "100040", "100040"), Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), clock));
        sim.start();
        http = TestHttp.cookieClient();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    HttpResponse<String> login(HttpClient c, String body) throws Exception {
        return TestHttp.postJson(c, sim.baseUrl() + LOGIN, body);
    }

    void login() throws Exception {
        HttpResponse<String> r = login(http, "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"pw-123\",2052]}");
        assertThat(TestHttp.json(r).get("LoginResultType").asInt()).isEqualTo(1);
    }

    JsonNode post(String service, String body, String... headers) throws Exception {
        HttpResponse<String> r = TestHttp.postJson(http, sim.baseUrl() + service, body, headers);
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHttp.json(r);
    }

    static ObjectNode customer(String number, String name, String useOrg) {
        ObjectNode c = TestHttp.JSON.createObjectNode();
        c.put("FCUSTID", 0);
        c.putObject("FCreateOrgId").put("FNumber", "100");
        c.put("FNumber", number);
        c.putObject("FUseOrgId").put("FNumber", useOrg);
        c.put("FName", name);
        c.put("FINVOICETITLE", name);
        c.put("FTAXREGISTERCODE", "91330106MA27XF2C4J");
        c.putObject("FGroup").put("FNumber", "B11");
        c.putObject("FTRADINGCURRID").put("FNumber", "PRE001");
        return c;
    }

    static String batch(ObjectNode... rows) {
        ObjectNode root = TestHttp.JSON.createObjectNode();
        root.put("formid", "BD_Customer");
        ObjectNode data = root.putObject("data");
        data.putArray("NeedUpDateFields");
        data.putArray("NeedReturnFields").add("FCUSTID").add("FNumber");
        data.put("IsDeleteEntry", "true");
        data.put("IsVerifyBaseDataField", "true");
        data.put("IsAutoSubmitAndAudit", true);
        ArrayNode model = data.putArray("Model");
        for (ObjectNode r : rows) {
            model.add(r);
        }
        return root.toString();
    }

    JsonNode save(ObjectNode... rows) throws Exception {
        return post(SAVE, batch(rows)).get("Result");
    }

    JsonNode query(String fieldKeys, String filter) throws Exception {
        ObjectNode root = TestHttp.JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("FormId", "BD_Customer");
        data.put("FieldKeys", fieldKeys);
        data.put("FilterString", filter);
        data.put("OrderString", "");
        data.put("TopRowCount", 0);
        data.put("StartRow", 0);
        data.put("Limit", 2000);
        return post(QUERY, root.toString());
    }

    // ------------------------------------------------------------------ login and sessions

    @Test
    void loginSetsBothCookiesAndReturnsTheSessionId() throws Exception {
        HttpResponse<String> r = login(TestHttp.client(),
                "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"pw-123\",2052]}");
        JsonNode body = TestHttp.json(r);
        List<HttpCookie> cookies = r.headers().allValues("Set-Cookie").stream()
                .flatMap(h -> HttpCookie.parse(h).stream()).toList();

        assertThat(body.get("LoginResultType").asInt()).isEqualTo(1);
        assertThat(body.get("IsSuccessByAPI").asBoolean()).isTrue();
        assertThat(body.at("/Context/UserName").asText()).isEqualTo("wdt_sync");
        assertThat(cookies).extracting(HttpCookie::getName)
                .containsExactlyInAnyOrder("kdservice-sessionid", "ASP.NET_SessionId");
        HttpCookie kd = cookies.stream().filter(c -> c.getName().equals("kdservice-sessionid")).findFirst().orElseThrow();
        assertThat(kd.getValue()).isEqualTo(body.get("KDSVCSessionId").asText());
        assertThat(kd.getPath()).isEqualTo("/");
        HttpCookie asp = cookies.stream().filter(c -> c.getName().equals("ASP.NET_SessionId")).findFirst().orElseThrow();
        assertThat(asp.isHttpOnly()).isTrue();
        assertThat(asp.getValue()).isEqualTo(body.at("/Context/SessionId").asText()).hasSize(24);
        assertThat(sim.calls("ValidateUser")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"acctID\":\"65a1b2c3d4e5f6\",\"username\":\"wdt_sync\",\"password\":\"pw-123\",\"lcid\":2052}",
            "{\"acctid\":\"65a1b2c3d4e5f6\",\"username\":\"wdt_sync\",\"password\":\"pw-123\",\"lcid\":2052}",
            "{\"format\":1,\"useragent\":\"ApiClient\",\"rid\":1,\"parameters\":\"[\\\"65a1b2c3d4e5f6\\\",\\\"wdt_sync\\\",\\\"pw-123\\\",2052]\",\"v\":\"1.0\"}"})
    void loginAcceptsNamedKeysAndParametersAsAString(String body) throws Exception {
        HttpResponse<String> r = login(TestHttp.client(), body);
        assertThat(TestHttp.json(r).get("LoginResultType").asInt()).isEqualTo(1);
        assertThat(r.headers().allValues("Set-Cookie")).hasSize(2);
    }

    @Test
    void wrongCredentialsGiveNoSession() throws Exception {
        HttpResponse<String> wrongPw = login(TestHttp.client(),
                "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"nope\",2052]}");
        HttpResponse<String> wrongAcct = login(TestHttp.client(),
                "{\"parameters\":[\"nope\",\"wdt_sync\",\"pw-123\",2052]}");

        JsonNode pw = TestHttp.json(wrongPw);
        assertThat(pw.get("LoginResultType").asInt()).isZero();
        assertThat(pw.get("IsSuccessByAPI").asBoolean()).isFalse();
        assertThat(pw.get("Message").asText()).isNotBlank();
        assertThat(pw.get("KDSVCSessionId").isNull()).isTrue();
        assertThat(wrongPw.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(TestHttp.json(wrongAcct).get("LoginResultType").asInt()).isEqualTo(-1);
    }

    @Test
    void dataCallWithoutSessionAnswersMsgCode1() throws Exception {
        JsonNode save = post(SAVE, batch(customer("WDT-1", "甲", "BZ")));
        JsonNode query = post(QUERY, "{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber\"}}");
        JsonNode foreign = post(SAVE, batch(customer("WDT-1", "甲", "BZ")), "kdservice-sessionid", "made-up");

        assertThat(save).isEqualTo(TestHttp.json(SESSION_LOST));
        assertThat(query).isEqualTo(TestHttp.json("[[" + SESSION_LOST + "]]"));
        assertThat(foreign.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
        assertThat(sim.customers()).isEmpty();
    }

    @Test
    void sessionCookieFromTheJarIsAccepted() throws Exception {
        login();
        JsonNode r = save(customer("WDT-1", "甲", "BZ"));
        assertThat(r.at("/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1");
    }

    @Test
    void sessionHeaderWithoutCookieIsAccepted() throws Exception {
        HttpResponse<String> r = login(TestHttp.client(),
                "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"pw-123\",2052]}");
        String sid = TestHttp.json(r).get("KDSVCSessionId").asText();
        HttpClient noJar = TestHttp.client();

        JsonNode viaHeader = TestHttp.json(TestHttp.postJson(noJar, sim.baseUrl() + SAVE,
                batch(customer("WDT-1", "甲", "BZ")), "kdservice-sessionid", sid));
        JsonNode viaCookieHeader = TestHttp.json(TestHttp.postJson(noJar, sim.baseUrl() + SAVE,
                batch(customer("WDT-2", "乙", "BZ")), "Cookie", "Theme=standard; kdservice-sessionid=" + sid
                        + "; ASP.NET_SessionId=x"));

        assertThat(viaHeader.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(viaCookieHeader.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
    }

    @Test
    void expiredSessionsAnswerMsgCode1UntilLoginAgain() throws Exception {
        login();
        sim.expireAllSessions();
        assertThat(save(customer("WDT-1", "甲", "BZ")).at("/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
        login();
        assertThat(save(customer("WDT-1", "甲", "BZ")).at("/ResponseStatus/IsSuccess").asBoolean()).isTrue();
    }

    @Test
    void idleSessionTimesOutButActivityKeepsItAlive() throws Exception {
        login();
        clock.advance(Duration.ofMinutes(19));
        assertThat(query("FNumber", "").isArray()).isTrue();
        assertThat(query("FNumber", "")).isEmpty();
        clock.advance(Duration.ofMinutes(19));
        assertThat(query("FNumber", "")).isEmpty();
        clock.advance(Duration.ofMinutes(21));
        assertThat(query("FNumber", "").at("/0/0/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ BatchSave

    @Test
    void fullSuccessReturnsIncreasingIdsPerDIndexAndNeedReturnData() throws Exception {
        login();
        JsonNode r = save(customer("WDT-1", "张三", "BZ"), customer("WDT-2", "某某科技有限公司", "DZ"));
        JsonNode status = r.get("ResponseStatus");

        assertThat(status.has("ErrorCode")).isFalse();
        assertThat(status.get("IsSuccess").isBoolean()).isTrue();
        assertThat(status.get("IsSuccess").asBoolean()).isTrue();
        assertThat(status.get("MsgCode").asInt()).isZero();
        assertThat(status.get("Errors")).isEmpty();
        JsonNode s = status.get("SuccessEntitys");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).get("DIndex").asInt()).isZero();
        assertThat(s.get(0).get("Number").asText()).isEqualTo("WDT-1");
        assertThat(s.get(1).get("Id").asLong()).isGreaterThan(s.get(0).get("Id").asLong());
        assertThat(r.get("NeedReturnData").get(1).get("FCUSTID").asLong()).isEqualTo(s.get(1).get("Id").asLong());
        assertThat(r.get("NeedReturnData").get(1).get("FNumber").asText()).isEqualTo("WDT-2");
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::documentStatus).containsOnly("C");
        assertThat(sim.customers().get(1).useOrg()).isEqualTo("DZ");
        assertThat(sim.customers().get(1).fcustid()).isEqualTo(s.get(1).get("Id").asText());
    }

    @Test
    void duplicateNumberFailsOnItsDIndexWhileTheOtherRowsCommit() throws Exception {
        login();
        save(customer("WDT-C0002", "旧客户", "BZ"));

        JsonNode r = save(customer("WDT-C0001", "张三", "BZ"), customer("WDT-C0002", "某某科技有限公司", "BZ"),
                customer("WDT-C0001", "张三", "BZ"));
        JsonNode status = r.get("ResponseStatus");

        assertThat(status.get("ErrorCode").asInt()).isEqualTo(500);
        assertThat(status.get("IsSuccess").asBoolean()).isFalse();
        assertThat(status.get("MsgCode").asInt()).isEqualTo(11);
        assertThat(status.get("SuccessEntitys")).hasSize(1);
        assertThat(status.at("/SuccessEntitys/0/DIndex").asInt()).isZero();
        assertThat(status.get("Errors")).hasSize(2);
        assertThat(status.at("/Errors/0/DIndex").asInt()).isEqualTo(1);
        assertThat(status.at("/Errors/0/FieldName").asText()).isEqualTo("FNumber");
        assertThat(status.at("/Errors/0/Message").asText())
                .isEqualTo("违反字段唯一性要求：编码唯一。[WDT-C0002]在当前系统中已经被使用。");
        assertThat(status.at("/Errors/1/DIndex").asInt()).as("same number twice in one batch").isEqualTo(2);
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number)
                .containsExactly("WDT-C0002", "WDT-C0001");
        assertThat(sim.customers().get(0).name()).isEqualTo("旧客户");
    }

    @Test
    void seededCustomerIsFoundAndBlocksItsNumber() throws Exception {
        login();
        long id = sim.seedCustomer("WDT-OLD", "老客户", "BZ", "老客户", "");
        assertThat(query("FCUSTID,FDocumentStatus", "FNumber = 'WDT-OLD' AND FUseOrgId.FNumber = 'BZ'"))
                .isEqualTo(TestHttp.json("[[" + id + ",\"C\"]]"));
        assertThat(save(customer("WDT-OLD", "老客户", "BZ")).at("/ResponseStatus/MsgCode").asInt()).isEqualTo(11);
    }

    @Test
    void numberIsUniqueAcrossUseOrganisations() throws Exception {
        login();
        save(customer("WDT-1", "甲", "BZ"));
        JsonNode r = save(customer("WDT-1", "甲", "DZ"));
        assertThat(r.at("/ResponseStatus/MsgCode").asInt()).isEqualTo(11);
        assertThat(sim.customers()).hasSize(1);
    }

    @Test
    void missingRequiredFieldsAndUnknownBaseDataAreReportedPerRow() throws Exception {
        login();
        ObjectNode noCurrency = customer("WDT-1", "甲", "BZ");
        noCurrency.remove("FTRADINGCURRID");
        ObjectNode badGroup = customer("WDT-2", "乙", "BZ");
        badGroup.putObject("FGroup").put("FNumber", "B99");
        ObjectNode badOrg = customer("WDT-3", "丙", "XX");
        ObjectNode noName = customer("WDT-4", " ", "BZ");
        ObjectNode lowerKey = customer("WDT-5", "戊", "BZ");
        lowerKey.putObject("FGroup").put("fnumber", "B11");
        ObjectNode notAnObject = customer("WDT-6", "己", "BZ");
        notAnObject.put("FCreateOrgId", "100");

        JsonNode status = save(noCurrency, badGroup, badOrg, noName, lowerKey, notAnObject).get("ResponseStatus");

        assertThat(status.get("MsgCode").asInt()).isEqualTo(11);
        assertThat(status.get("SuccessEntitys")).hasSize(1);
        assertThat(status.at("/SuccessEntitys/0/DIndex").asInt()).isEqualTo(4);
        Map<Integer, String> fieldByIndex = new java.util.TreeMap<>();
        status.get("Errors").forEach(e -> fieldByIndex.merge(e.get("DIndex").asInt(), e.get("FieldName").asText(),
                (a, b) -> a + "," + b));
        assertThat(fieldByIndex).containsEntry(0, "FTRADINGCURRID").containsEntry(1, "FGroup")
                .containsEntry(2, "FUseOrgId").containsEntry(3, "FName");
        assertThat(fieldByIndex.get(5)).contains("FCreateOrgId");
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-5");
        assertThat(sim.customers().get(0).group()).isEqualTo("B11");
    }

    @Test
    void withoutBaseDataVerificationAnUnknownReferenceIsSilentlyDropped() throws Exception {
        login();
        ObjectNode root = (ObjectNode) TestHttp.json(batch(customer("WDT-1", "甲", "BZ")));
        ((ObjectNode) root.get("data")).put("IsVerifyBaseDataField", "false");
        ((ObjectNode) root.get("data")).put("IsAutoSubmitAndAudit", "false");
        ((ObjectNode) root.at("/data/Model/0")).putObject("FGroup").put("FNumber", "B99");

        JsonNode r = post(SAVE, root.toString());

        assertThat(r.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers().get(0).group()).isNull();
        assertThat(sim.customers().get(0).documentStatus()).isEqualTo("A");
    }

    @Test
    void dataAsJsonStringAndParametersEnvelopeAreAccepted() throws Exception {
        login();
        JsonNode env = TestHttp.json(batch(customer("WDT-1", "甲", "BZ")));
        ObjectNode dataAsString = TestHttp.JSON.createObjectNode();
        dataAsString.put("formid", "BD_Customer");
        dataAsString.put("data", env.get("data").toString());
        ObjectNode parameters = TestHttp.JSON.createObjectNode();
        ((ObjectNode) env.at("/data/Model/0")).put("FNumber", "WDT-2");
        parameters.putArray("parameters").add("BD_Customer").add(env.get("data").toString());

        assertThat(post(SAVE, dataAsString.toString()).at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(post(SAVE, parameters.toString()).at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers()).hasSize(2);
    }

    @Test
    void modelMustBeAnArrayAndTheFormMustExist() throws Exception {
        login();
        JsonNode object = post(SAVE, "{\"formid\":\"BD_Customer\",\"data\":{\"Model\":"
                + customer("WDT-1", "甲", "BZ") + "}}");
        JsonNode form = post(SAVE, batch(customer("WDT-1", "甲", "BZ")).replace("BD_Customer", "NO_SUCH_FORM"));
        JsonNode garbage = post(SAVE, "{not json");

        assertThat(object.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isFalse();
        assertThat(object.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(8);
        assertThat(form.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(4);
        assertThat(garbage.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(8);
        assertThat(sim.customers()).isEmpty();
    }

    // ------------------------------------------------------------------ ExecuteBillQuery

    @Test
    void queryByNumbersAndUseOrgReturnsRowsInFieldKeyOrder() throws Exception {
        login();
        save(customer("WDT-1", "张三", "BZ"), customer("WDT-2", "某某科技有限公司", "BZ"),
                customer("WDT-3", "李四", "DZ"));

        JsonNode rows = query("FCUSTID,FNumber,FName,FTAXREGISTERCODE,FUseOrgId.FNumber,FDocumentStatus,FForbidStatus",
                "FNumber IN ('WDT-1','WDT-2','WDT-3') and FUseOrgId.FNumber='BZ'");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).isNumber()).isTrue();
        assertThat(rows.get(0).get(0).asLong()).isEqualTo(Long.parseLong(sim.customers().get(0).fcustid()));
        assertThat(rows.get(0).get(1).asText()).isEqualTo("WDT-1");
        assertThat(rows.get(1).get(2).asText()).isEqualTo("某某科技有限公司");
        assertThat(rows.get(1).get(3).asText()).isEqualTo("91330106MA27XF2C4J");
        assertThat(rows.get(1).get(4).asText()).isEqualTo("BZ");
        assertThat(rows.get(1).get(5).asText()).isEqualTo("C");
        assertThat(rows.get(1).get(6).asText()).isEqualTo("A");
    }

    @Test
    void quotesInFilterValuesAreEscapedByDoubling() throws Exception {
        login();
        save(customer("WDT-1", "O'Neil 贸易", "BZ"));
        assertThat(query("FNumber", "FName = 'O''Neil 贸易'")).hasSize(1);
        assertThat(query("FNumber", "FName = 'O'")).isEmpty();
    }

    @Test
    void unknownFieldKeyAnswersTheWrappedMsgCode9() throws Exception {
        login();
        JsonNode r = query("FNumber,FTaxNo", "");
        assertThat(r.isArray()).isTrue();
        JsonNode status = r.at("/0/0/Result/ResponseStatus");
        assertThat(status.get("IsSuccess").asBoolean()).isFalse();
        assertThat(status.get("MsgCode").asInt()).isEqualTo(9);
        assertThat(status.at("/Errors/0/Message").asText()).isEqualTo("元数据中标识为FTaxNo的字段不存在");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FNumber = 'a' OR", "FNumber LIKE 5", "FNumber = ", "FNumber >> 'a'",
            "FNumber IN ()", "(FNumber = 'a'"})
    void badFilterAnswersTheWrappedMsgCode4(String filter) throws Exception {
        login();
        assertThat(query("FNumber", filter).at("/0/0/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "FNumber LIKE 'WDT-%' AND FUseOrgId.FNumber = 'BZ'                       | WDT-1,WDT-3",
            "FNumber = 'WDT-1' OR FNumber = 'CUST-2'                                 | WDT-1,CUST-2",
            "FCUSTID > 100001 AND NOT (FNumber IN ('WDT-3'))                         | CUST-2",
            "FName LIKE '%科技%' OR (FUseOrgId.FNumber = 'BZ' AND FNumber >= 'WDT-3')  | CUST-2,WDT-3",
            "FGroup.FNumber IS NOT NULL AND FDocumentStatus = 'C'                    | WDT-1,CUST-2,WDT-3"})
    void theFiltersRealClientsSendAreServed(String filter, String numbers) throws Exception {
        login();
        save(customer("WDT-1", "杭州一号贸易", "BZ"));
        save(customer("CUST-2", "上海某某科技有限公司", "DZ"));
        save(customer("WDT-3", "深圳三号", "BZ"));
        JsonNode rows = query("FNumber", filter);
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.findValuesAsText("FNumber")).isEmpty();
        List<String> got = new java.util.ArrayList<>();
        rows.forEach(r -> got.add(r.get(0).asText()));
        assertThat(got).as(filter).containsExactlyInAnyOrder(numbers.split(","));
    }

    @Test
    void startRowAndLimitPageTheResultAndLimitIsCapped() throws Exception {
        login();
        for (int i = 1; i <= 5; i++) {
            save(customer("WDT-" + i, "客户" + i, "BZ"));
        }
        String body = "{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber\",\"FilterString\":\"\","
                + "\"StartRow\":%d,\"Limit\":%d}}";
        JsonNode page = post(QUERY, String.format(body, 2, 2));
        JsonNode tooMany = post(QUERY, String.format(body, 0, 10001));

        assertThat(page).hasSize(2);
        assertThat(page.get(0).get(0).asText()).isEqualTo("WDT-3");
        assertThat(tooMany.at("/0/0/Result/ResponseStatus/IsSuccess").asBoolean()).isFalse();
    }

    // ------------------------------------------------------------------ Allocate

    @Test
    void allocateCreatesACopyInTheTargetOrganisationAndIsIdempotent() throws Exception {
        login();
        long id = save(customer("WDT-1", "甲", "BZ")).at("/ResponseStatus/SuccessEntitys/0/Id").asLong();
        String body = "{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":\"" + id
                + "\",\"TOrgIds\":\"100040\",\"IsAutoSubmitAndAudit\":\"true\"}}";

        JsonNode first = post(ALLOCATE, body);
        JsonNode again = post(ALLOCATE, body.replace("\"" + id + "\"", Long.toString(id)));

        assertThat(first.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(first.at("/Result/ResponseStatus/SuccessEntitys/0/Id").asLong()).isEqualTo(id);
        assertThat(again.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers().get(0).allocatedOrgIds()).containsExactly("100040");
        JsonNode rows = query("FCUSTID,FUseOrgId.FNumber,FDocumentStatus", "FNumber = 'WDT-1'");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0).asLong()).isNotEqualTo(id);
        assertThat(rows.get(1).get(1).asText()).isEqualTo("100040");
        assertThat(rows.get(1).get(2).asText()).isEqualTo("C");
        assertThat(sim.calls("Allocate")).isEqualTo(2);
    }

    @Test
    void allocateRejectsUnknownIdsAndOrganisations() throws Exception {
        login();
        long id = save(customer("WDT-1", "甲", "BZ")).at("/ResponseStatus/SuccessEntitys/0/Id").asLong();

        JsonNode unknownPk = post(ALLOCATE, "{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":\"" + id
                + ",999\",\"TOrgIds\":\"100040\"}}");
        JsonNode unknownOrg = post(ALLOCATE, "{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":" + id
                + ",\"TOrgIds\":\"424242\"}}");

        assertThat(unknownPk.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isFalse();
        assertThat(unknownPk.at("/Result/ResponseStatus/Errors/0/DIndex").asInt()).isEqualTo(1);
        assertThat(unknownPk.at("/Result/ResponseStatus/SuccessEntitys/0/Id").asLong()).isEqualTo(id);
        assertThat(unknownOrg.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isFalse();
        assertThat(sim.customers().get(0).allocatedOrgIds()).containsExactly("100040");
    }

    @Test
    void configToStringMasksThePassword() {
        assertThat(KingdeeSimulator.Config.sandboxDefaults().toString()).doesNotContain("sandbox-password");
    }
}
