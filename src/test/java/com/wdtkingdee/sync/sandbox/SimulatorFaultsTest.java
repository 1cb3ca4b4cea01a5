package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.sandbox.FaultPlan.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The faults both simulators inject, seen from a hand-written client. */
class SimulatorFaultsTest {

    QimenSimulator qimen;
    KingdeeSimulator kingdee;
    final HttpClient http = TestHttp.cookieClient();

    @BeforeEach
    void start() {
        qimen = new QimenSimulator(new QimenSimulator.Config("12345678", QimenSimulatorTest.SECRET, "21363512",
                "demo2", QimenSimulatorTest.SHANGHAI, Clock.fixed(
                QimenSimulatorTest.NOW.atZone(QimenSimulatorTest.SHANGHAI).toInstant(), QimenSimulatorTest.SHANGHAI)));
        qimen.start();
        qimen.addOrders(List.of(QimenSimulatorTest.order(1, "002", 95, "2024-05-20 09:30:00", "2024-05-20 09:30:00")));
        kingdee = new KingdeeSimulator(KingdeeSimulator.Config.sandboxDefaults());
        kingdee.start();
    }

    @AfterEach
    void stop() {
        qimen.close();
        kingdee.close();
    }

    HttpResponse<String> qimenCall() throws Exception {
        return TestHttp.postForm(http, qimen.url(), TestHttp.form(QimenSimulatorTest.signed(
                QimenSimulatorTest.base("2024-05-20 09:00:00", "2024-05-20 10:00:00"))));
    }

    HttpResponse<String> kingdee(String service, String body) throws Exception {
        return TestHttp.postJson(http, kingdee.baseUrl() + service, body);
    }

    void login() throws Exception {
        JsonNode r = TestHttp.json(kingdee(KingdeeSimulatorTest.LOGIN,
                "{\"parameters\":[\"sandbox-acct\",\"sandbox-user\",\"sandbox-password\",2052]}"));
        assertThat(r.get("LoginResultType").asInt()).isEqualTo(1);
    }

    HttpResponse<String> save(String number) throws Exception {
        return kingdee(KingdeeSimulatorTest.SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer(number, "客户" + number, "BZ"),
                KingdeeSimulatorTest.customer(number + "-b", "客户" + number + "b", "BZ")));
    }

    @Test
    void qimenHttp500IsOneShot() throws Exception {
        qimen.faults().next("qimen", Fault.HTTP_500);

        HttpResponse<String> failed = qimenCall();
        HttpResponse<String> next = qimenCall();

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(next).at("/response/total_count").asInt()).isEqualTo(1);
        assertThat(qimen.calls()).isEqualTo(2);
        assertThat(qimen.faults().applied()).containsExactly("qimen:HTTP_500");
    }

    @Test
    void qimenHtml502IsAnHtmlPage() throws Exception {
        qimen.faults().next("qimen", Fault.HTML_502);
        HttpResponse<String> r = qimenCall();
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        assertThat(r.body()).contains("<html>", "502 Bad Gateway");
    }

    @Test
    void qimenRateLimitBanSaysHowLongToWait() throws Exception {
        qimen.faults().next("qimen", Fault.RATE_LIMIT_BAN);
        JsonNode r = TestHttp.json(qimenCall()).get("response");
        assertThat(r.get("flag").asText()).isEqualTo("failure");
        assertThat(r.get("code").asInt()).isEqualTo(7);
        assertThat(r.get("sub_code").asText()).isEqualTo("accesscontrol.limited-by-app-access-count");
        assertThat(r.get("message").asText()).isEqualTo("This ban will last for 3 more seconds");
        assertThat(r.has("stockout_list")).isFalse();
    }

    @Test
    void qimenBusyIsABusinessError() throws Exception {
        qimen.faults().next("qimen", Fault.BUSY);
        JsonNode r = TestHttp.json(qimenCall()).get("response");
        assertThat(r.get("errorcode").asInt()).isEqualTo(1012);
    }

    @Test
    void truncatedJsonDoesNotParse() throws Exception {
        qimen.faults().next("qimen", Fault.TRUNCATED_JSON);
        String body = qimenCall().body();
        assertThat(body).startsWith("{\"response\"");
        assertThatThrownBy(() -> TestHttp.JSON.readTree(body)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void timeoutOutlastsTheClientTimeout() throws Exception {
        qimen.faults().timeoutDelay(Duration.ofSeconds(30));
        qimen.faults().next("qimen", Fault.TIMEOUT);
        HttpRequest request = HttpRequest.newBuilder(URI.create(qimen.url())).timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestHttp.form(QimenSimulatorTest.signed(
                        QimenSimulatorTest.base("2024-05-20 09:00:00", "2024-05-20 10:00:00"))))).build();
        assertThatThrownBy(() -> TestHttp.client().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void kingdeeSessionLostDropsTheSessionUntilReLogin() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.SESSION_LOST);

        JsonNode lost = TestHttp.json(save("WDT-1"));
        JsonNode stillLost = TestHttp.json(save("WDT-1"));
        login();
        JsonNode afterLogin = TestHttp.json(save("WDT-1"));

        assertThat(lost.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
        assertThat(stillLost.at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
        assertThat(afterLogin.at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(kingdee.customers()).hasSize(2);
    }

    @Test
    void kingdeeSessionLostOnQueryIsWrapped() throws Exception {
        login();
        kingdee.faults().next("ExecuteBillQuery", Fault.SESSION_LOST);
        JsonNode r = TestHttp.json(kingdee(KingdeeSimulatorTest.QUERY,
                "{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber\"}}"));
        assertThat(r.at("/0/0/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
    }

    @Test
    void lostResponseAfterCommitStoresTheRowsButTheClientGetsNoAnswer() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.LOST_RESPONSE_AFTER_COMMIT);

        assertThatThrownBy(() -> save("WDT-1")).isInstanceOf(IOException.class);

        assertThat(kingdee.customers()).extracting(KingdeeSimulator.SimCustomer::number)
                .containsExactly("WDT-1", "WDT-1-b");
        assertThat(kingdee.calls("BatchSave")).isEqualTo(1);
        JsonNode again = TestHttp.json(save("WDT-1"));
        assertThat(again.at("/Result/ResponseStatus/MsgCode").asInt()).as("a blind re-send hits the duplicate check")
                .isEqualTo(11);
    }

    @Test
    void kingdeeHttp500AndHtml502ExecuteNothing() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.HTTP_500);
        kingdee.faults().next("BatchSave", Fault.HTML_502);

        assertThat(save("WDT-1").statusCode()).isEqualTo(500);
        HttpResponse<String> html = save("WDT-1");
        assertThat(html.statusCode()).isEqualTo(502);
        assertThat(html.body()).contains("<html>");
        assertThat(kingdee.customers()).isEmpty();
        assertThat(save("WDT-1").statusCode()).isEqualTo(200);
        assertThat(kingdee.customers()).hasSize(2);
    }

    @Test
    void rowTransientErrorFailsTheFirstRowOnly() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.ROW_TRANSIENT_ERROR);
        JsonNode status = TestHttp.json(save("WDT-1")).at("/Result/ResponseStatus");

        assertThat(status.get("IsSuccess").asBoolean()).isFalse();
        assertThat(status.get("MsgCode").asInt()).isEqualTo(6);
        assertThat(status.at("/Errors/0/DIndex").asInt()).isZero();
        assertThat(status.at("/SuccessEntitys/0/DIndex").asInt()).isEqualTo(1);
        assertThat(kingdee.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1-b");
    }

    @Test
    void editLockIsMsgCode13AndSavesNothing() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.EDIT_LOCK);
        JsonNode status = TestHttp.json(save("WDT-1")).at("/Result/ResponseStatus");
        assertThat(status.get("MsgCode").asInt()).isEqualTo(13);
        assertThat(status.at("/Errors/0/Message").asText()).endsWith("冲突，请稍候再使用。");
        assertThat(kingdee.customers()).isEmpty();
    }

    @Test
    void kingdeeRateLimitAndBusy() throws Exception {
        login();
        kingdee.faults().next("BatchSave", Fault.RATE_LIMIT_BAN);
        kingdee.faults().next("BatchSave", Fault.BUSY);
        assertThat(TestHttp.json(save("WDT-1")).at("/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(14);
        assertThat(save("WDT-1").statusCode()).isEqualTo(503);
        assertThat(kingdee.customers()).isEmpty();
    }

    @Test
    void standingFaultWithProbabilityOneHitsEveryLoginUntilCleared() throws Exception {
        kingdee.faults().always("ValidateUser", Fault.HTTP_500, 1.0, 42);
        assertThat(kingdee(KingdeeSimulatorTest.LOGIN, "{}").statusCode()).isEqualTo(500);
        assertThat(kingdee(KingdeeSimulatorTest.LOGIN, "{}").statusCode()).isEqualTo(500);
        kingdee.faults().clear();
        login();
    }

    @Test
    void unknownServiceIs404() throws Exception {
        HttpResponse<String> r = kingdee("Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Push.common.kdsvc",
                "{}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Map.of("calls", kingdee.calls("Push"))).containsEntry("calls", 1);
    }
}
