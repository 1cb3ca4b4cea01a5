package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * View, Save, Submit, Audit, UnAudit and Delete of BD_Customer over HTTP, with the documented envelopes
 * (reference §3, §4a, §4b, §8.7) and the status rules: Save creates A (创建), Submit A/D → B, Audit B → C,
 * UnAudit C → D, Delete only what is neither submitted nor audited.
 */
class KingdeeSimulatorOperationsTest {

    static final String PREFIX = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.";
    static final String LOGIN = KingdeeSimulatorTest.LOGIN;

    final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2024-05-20T02:00:00Z"));
    KingdeeSimulator sim;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config("65a1b2c3d4e5f6", "wdt_sync", "pw-123",
                Set.of("100", "BZ", "100040"), Map.of("100", "1", "BZ", "100507", "100040", "100040"), Set.of("B11"),
                Set.of("PRE001"), Duration.ofMinutes(20), clock));
        sim.start();
        http = TestHttp.cookieClient();
        HttpResponse<String> r = TestHttp.postJson(http, sim.baseUrl() + LOGIN,
                "{\"acctID\":\"65a1b2c3d4e5f6\",\"username\":\"wdt_sync\",\"password\":\"pw-123\",\"lcid\":2052}");
        assertThat(TestHttp.json(r).get("LoginResultType").asInt()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    JsonNode call(String op, String data) throws Exception {
        HttpResponse<String> r = TestHttp.postJson(http, sim.baseUrl() + PREFIX + op + ".common.kdsvc",
                "{\"formid\":\"BD_Customer\",\"data\":" + data + "}");
        assertThat(r.statusCode()).isEqualTo(200);
        return TestHttp.json(r);
    }

    static String model(long custId, String number, String name) {
        ObjectNode m = KingdeeSimulatorTest.customer(number, name, "BZ");
        m.put("FCUSTID", custId);
        return m.toString();
    }

    JsonNode save(String number, String name) throws Exception {
        return call("Save", "{\"NeedUpDateFields\":[],\"NeedReturnFields\":[\"FNumber\"],\"IsDeleteEntry\":\"true\","
                + "\"IsVerifyBaseDataField\":\"true\",\"Model\":" + model(0, number, name) + "}");
    }

    String status(String number) {
        return sim.customers().stream().filter(c -> c.number().equals(number)).map(KingdeeSimulator.SimCustomer::documentStatus)
                .findFirst().orElse("gone");
    }

    static JsonNode rs(JsonNode answer) {
        return answer.at("/Result/ResponseStatus");
    }

    @Test
    void saveCreatesAnUnauditedCustomerAndAnswersIdAndNumber() throws Exception {
        JsonNode r = save("WDT-S1", "保存一号");

        assertThat(rs(r).get("IsSuccess").asBoolean()).isTrue();
        assertThat(rs(r).get("MsgCode").asInt()).isZero();
        assertThat(rs(r).has("ErrorCode")).isFalse();
        long id = r.at("/Result/Id").asLong();
        assertThat(id).isPositive();
        assertThat(r.at("/Result/Number").asText()).isEqualTo("WDT-S1");
        assertThat(rs(r).at("/SuccessEntitys/0")).isEqualTo(TestHttp.json(
                "{\"Id\":" + id + ",\"Number\":\"WDT-S1\",\"DIndex\":0}"));
        assertThat(r.at("/Result/NeedReturnData/0/FNumber").asText()).isEqualTo("WDT-S1");
        assertThat(status("WDT-S1")).isEqualTo("A");

        JsonNode again = save("WDT-S1", "另一个");
        assertThat(rs(again).get("IsSuccess").asBoolean()).isFalse();
        assertThat(rs(again).get("ErrorCode").asInt()).isEqualTo(500);
        assertThat(rs(again).get("MsgCode").asInt()).isEqualTo(11);
        assertThat(rs(again).at("/Errors/0/Message").asText()).contains("违反字段唯一性要求");
        assertThat(again.at("/Result/Id").asText()).isEmpty();

        JsonNode update = call("Save", "{\"NeedUpDateFields\":[\"FName\"],\"IsDeleteEntry\":\"false\",\"Model\":"
                + "{\"FCUSTID\":" + id + ",\"FName\":\"保存一号（改名）\"}}");
        assertThat(rs(update).get("IsSuccess").asBoolean()).isTrue();
        assertThat(update.at("/Result/Id").asLong()).isEqualTo(id);
        assertThat(sim.customers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("保存一号（改名）");
            assertThat(c.invoiceTitle()).isEqualTo("保存一号");
        });
    }

    @Test
    void saveNeedsAModelObject() throws Exception {
        JsonNode r = call("Save", "{\"Model\":[" + model(0, "WDT-X", "x") + "]}");
        assertThat(rs(r).get("MsgCode").asInt()).isEqualTo(8);
        assertThat(sim.customers()).isEmpty();
    }

    @Test
    void submitAuditUnAuditDeleteFollowTheStatusRules() throws Exception {
        save("WDT-L1", "生命周期");
        String byNumber = "{\"CreateOrgId\":0,\"Numbers\":[\"WDT-L1\"],\"Ids\":\"\",\"NetworkCtrl\":\"\"}";

        JsonNode auditEarly = call("Audit", byNumber);
        assertThat(rs(auditEarly).get("MsgCode").asInt()).isEqualTo(11);
        assertThat(rs(auditEarly).at("/Errors/0/Message").asText()).contains("不是提交状态");
        assertThat(status("WDT-L1")).isEqualTo("A");

        JsonNode submit = call("Submit", byNumber);
        assertThat(rs(submit).get("IsSuccess").asBoolean()).isTrue();
        assertThat(rs(submit).at("/SuccessEntitys/0/Number").asText()).isEqualTo("WDT-L1");
        assertThat(rs(submit).at("/SuccessMessages/0/Message").asText()).contains("提交成功");
        assertThat(status("WDT-L1")).isEqualTo("B");
        assertThat(rs(call("Submit", byNumber)).at("/Errors/0/Message").asText()).contains("已经提交");

        JsonNode deleteSubmitted = call("Delete", byNumber);
        assertThat(rs(deleteSubmitted).get("MsgCode").asInt()).isEqualTo(11);
        assertThat(status("WDT-L1")).isEqualTo("B");

        assertThat(rs(call("Audit", byNumber)).get("IsSuccess").asBoolean()).isTrue();
        assertThat(status("WDT-L1")).isEqualTo("C");
        JsonNode deleteAudited = call("Delete", byNumber);
        assertThat(rs(deleteAudited).get("IsSuccess").asBoolean()).isFalse();
        assertThat(rs(deleteAudited).at("/Errors/0/Message").asText()).contains("不允许删除");
        assertThat(status("WDT-L1")).isEqualTo("C");

        assertThat(rs(call("UnAudit", byNumber)).get("IsSuccess").asBoolean()).isTrue();
        assertThat(status("WDT-L1")).isEqualTo("D");
        assertThat(rs(call("UnAudit", byNumber)).get("MsgCode").asInt()).isEqualTo(11);
        long id = Long.parseLong(sim.customers().get(0).fcustid());
        JsonNode allocate = call("Allocate", "{\"PkIds\":\"" + id + "\",\"TOrgIds\":\"100040\"}");
        assertThat(rs(allocate).get("IsSuccess").asBoolean()).as("an unaudited customer is not allocated").isFalse();

        JsonNode delete = call("Delete", "{\"Ids\":\"" + id + "\"}");
        assertThat(rs(delete).get("IsSuccess").asBoolean()).isTrue();
        assertThat(rs(delete).at("/SuccessEntitys/0/Id").asLong()).isEqualTo(id);
        assertThat(status("WDT-L1")).isEqualTo("gone");
        JsonNode view = call("View", "{\"CreateOrgId\":0,\"Number\":\"WDT-L1\",\"IsSortBySeq\":\"false\"}");
        assertThat(rs(view).get("MsgCode").asInt()).isEqualTo(10);
        assertThat(view.at("/Result/Result").isNull()).isTrue();
    }

    @Test
    void eachNumberHasItsOwnOutcomeByDIndex() throws Exception {
        save("WDT-M1", "一");
        save("WDT-M2", "二");
        call("Submit", "{\"Numbers\":[\"WDT-M2\"]}");

        JsonNode r = call("Submit", "{\"Numbers\":[\"WDT-M1\",\"NOPE\",\"WDT-M2\"]}");

        assertThat(rs(r).get("IsSuccess").asBoolean()).isFalse();
        assertThat(rs(r).get("MsgCode").asInt()).isEqualTo(11);
        List<Integer> ok = new ArrayList<>();
        rs(r).get("SuccessEntitys").forEach(e -> ok.add(e.get("DIndex").asInt()));
        List<String> failed = new ArrayList<>();
        rs(r).get("Errors").forEach(e -> failed.add(e.get("DIndex").asInt() + ":" + e.get("Message").asText()));
        assertThat(ok).containsExactly(0);
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0)).startsWith("1:未找到对应数据");
        assertThat(failed.get(1)).startsWith("2:").contains("已经提交");
        assertThat(status("WDT-M1")).isEqualTo("B");
    }

    @Test
    void idsMayBeACommaSeparatedString() throws Exception {
        long a = save("WDT-I1", "甲").at("/Result/Id").asLong();
        long b = save("WDT-I2", "乙").at("/Result/Id").asLong();

        JsonNode r = call("Submit", "{\"CreateOrgId\":0,\"Numbers\":[],\"Ids\":\"" + a + "," + b + "\"}");

        assertThat(rs(r).get("SuccessEntitys")).hasSize(2);
        assertThat(status("WDT-I1")).isEqualTo("B");
        assertThat(status("WDT-I2")).isEqualTo("B");
        assertThat(rs(call("Submit", "{\"Numbers\":[],\"Ids\":\"\"}")).get("MsgCode").asInt()).isEqualTo(8);
    }

    @Test
    void viewAnswersTheEntityWithViewNames() throws Exception {
        long id = save("WDT-V1", "查看客户").at("/Result/Id").asLong();

        JsonNode byNumber = call("View", "{\"CreateOrgId\":0,\"Number\":\"WDT-V1\",\"Id\":\"\"}");
        JsonNode byId = call("View", "{\"Id\":\"" + id + "\"}");

        assertThat(rs(byNumber).get("IsSuccess").asBoolean()).isTrue();
        JsonNode e = byNumber.at("/Result/Result");
        assertThat(e.get("Id").asLong()).isEqualTo(id);
        assertThat(e.get("Number").asText()).isEqualTo("WDT-V1");
        assertThat(e.get("DocumentStatus").asText()).isEqualTo("A");
        assertThat(e.at("/Name/0")).isEqualTo(TestHttp.json("{\"Key\":2052,\"Value\":\"查看客户\"}"));
        assertThat(e.at("/CreateOrgId/Number").asText()).isEqualTo("100");
        assertThat(e.get("CreateOrgId_Id").asLong()).isEqualTo(1);
        assertThat(e.at("/UseOrgId/Number").asText()).isEqualTo("BZ");
        assertThat(e.get("UseOrgId_Id").asLong()).isEqualTo(100507);
        assertThat(e.at("/TRADINGCURRID/Number").asText()).isEqualTo("PRE001");
        assertThat(e.at("/FGroup/Number").asText()).isEqualTo("B11");
        assertThat(byId.at("/Result/Result")).isEqualTo(e);
    }

    @Test
    void theOperationsNeedASession() throws Exception {
        HttpClient anonymous = TestHttp.client();
        for (String op : List.of("View", "Save", "Submit", "Audit", "UnAudit", "Delete")) {
            HttpResponse<String> r = TestHttp.postJson(anonymous, sim.baseUrl() + PREFIX + op + ".common.kdsvc",
                    "{\"formid\":\"BD_Customer\",\"data\":{\"Numbers\":[\"X\"],\"Number\":\"X\",\"Model\":{}}}");
            assertThat(TestHttp.json(r)).as(op).isEqualTo(TestHttp.json(KingdeeSimulatorTest.SESSION_LOST));
        }
    }

    @Test
    void anotherFormIsRefusedAsOnTheServer() throws Exception {
        HttpResponse<String> r = TestHttp.postJson(http, sim.baseUrl() + PREFIX + "View.common.kdsvc",
                "{\"formid\":\"NO_SUCH_FORM\",\"data\":{\"Number\":\"X\"}}");
        assertThat(TestHttp.json(r).at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(4);
    }
}
