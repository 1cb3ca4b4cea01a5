package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.sandbox.RequestHook.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request hook (kill points) of both simulators, and the names Kingdee rejects permanently. */
class RequestHookTest {

    QimenSimulator qimen;
    KingdeeSimulator kingdee;
    final HttpClient http = TestHttp.cookieClient();
    final List<String> events = new CopyOnWriteArrayList<>();

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

    RequestHook record() {
        return (op, phase, seq) -> events.add(op + " " + phase + " " + seq);
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

    HttpResponse<String> save(String number, String name) throws Exception {
        return kingdee(KingdeeSimulatorTest.SAVE, KingdeeSimulatorTest.batch(
                KingdeeSimulatorTest.customer(number, name, "BZ")));
    }

    String allocate(long id) {
        return "{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":\"" + id + "\",\"TOrgIds\":\"100040\"}}";
    }

    @Test
    void kingdeeCallsTheHookAtEachPhaseWithPerOperationSequences() throws Exception {
        kingdee.onRequest(record());
        login();
        save("WDT-1", "客户一");
        save("WDT-2", "客户二");
        long id = Long.parseLong(kingdee.customers().get(0).fcustid());
        kingdee(KingdeeSimulatorTest.ALLOCATE, allocate(id));
        kingdee(KingdeeSimulatorTest.QUERY, "{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FNumber\"}}");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events).containsExactly(
                "ValidateUser BEFORE 1", "ValidateUser AFTER_ANSWER 1",
                "BatchSave BEFORE 1", "BatchSave AFTER_COMMIT 1", "BatchSave AFTER_ANSWER 1",
                "BatchSave BEFORE 2", "BatchSave AFTER_COMMIT 2", "BatchSave AFTER_ANSWER 2",
                "Allocate BEFORE 1", "Allocate AFTER_COMMIT 1", "Allocate AFTER_ANSWER 1",
                "ExecuteBillQuery BEFORE 1", "ExecuteBillQuery AFTER_ANSWER 1"));
    }

    @Test
    void aWriteRefusedBeforeExecutionHasNoCommitPoint() throws Exception {
        kingdee.onRequest(record());
        kingdee.faults().next(FaultPlan.BATCH_SAVE, FaultPlan.Fault.HTTP_500);
        login();
        save("WDT-1", "客户一");                    // HTTP 500: nothing executed
        kingdee.expireAllSessions();
        save("WDT-2", "客户二");                    // MsgCode 1: nothing executed

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events).containsExactly("ValidateUser BEFORE 1", "ValidateUser AFTER_ANSWER 1",
                "BatchSave BEFORE 1", "BatchSave AFTER_ANSWER 1", "BatchSave BEFORE 2", "BatchSave AFTER_ANSWER 2"));
        assertThat(kingdee.customers()).isEmpty();
    }

    @Test
    void aHookThrowingBeforeAbandonsTheRequestUnexecuted() throws Exception {
        login();
        kingdee.onRequest((op, phase, seq) -> {
            if (op.equals("BatchSave") && phase == Phase.BEFORE && seq == 1) {
                throw new IllegalStateException("client killed");
            }
        });

        assertThatThrownBy(() -> save("WDT-1", "客户一")).isInstanceOf(IOException.class);
        assertThat(kingdee.customers()).isEmpty();

        assertThat(TestHttp.json(save("WDT-1", "客户一")).at("/Result/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(kingdee.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1");
    }

    @Test
    void aHookThrowingAfterCommitLosesTheAnswerButNotTheWrite() throws Exception {
        login();
        kingdee.onRequest((op, phase, seq) -> {
            if (op.equals("BatchSave") && phase == Phase.AFTER_COMMIT) {
                throw new IllegalStateException("client killed");
            }
        });

        assertThatThrownBy(() -> save("WDT-1", "客户一")).isInstanceOf(IOException.class);

        assertThat(kingdee.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1");
    }

    @Test
    void qimenCallsTheHookBeforeAndAfterTheAnswer() throws Exception {
        qimen.onRequest(record());
        qimenCall();
        qimen.faults().next(FaultPlan.QIMEN, FaultPlan.Fault.BUSY);
        qimenCall();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(events).containsExactly("qimen BEFORE 1", "qimen AFTER_ANSWER 1", "qimen BEFORE 2",
                "qimen AFTER_ANSWER 2"));
    }

    @Test
    void aQimenRequestAbandonedBeforeIsNotServedNorLogged() throws Exception {
        qimen.onRequest((op, phase, seq) -> {
            if (phase == Phase.BEFORE && seq == 1) {
                throw new IllegalStateException("client killed");
            }
        });

        assertThatThrownBy(this::qimenCall).isInstanceOf(IOException.class);
        assertThat(qimen.requestLog()).isEmpty();

        assertThat(TestHttp.json(qimenCall()).at("/response/total_count").asInt()).isEqualTo(1);
        assertThat(qimen.requestLog()).hasSize(1);
        qimen.onRequest(null);
        qimenCall();
        assertThat(qimen.calls()).isEqualTo(3);
    }

    @Test
    void rejectedNamesFailPermanentlyPerRowWhileTheOthersAreSaved() throws Exception {
        kingdee.rejectNames(Set.of("坏名字公司"));
        login();

        for (int attempt = 0; attempt < 2; attempt++) {
            JsonNode r = TestHttp.json(kingdee(KingdeeSimulatorTest.SAVE, KingdeeSimulatorTest.batch(
                    KingdeeSimulatorTest.customer("WDT-OK" + attempt, "好名字公司" + attempt, "BZ"),
                    KingdeeSimulatorTest.customer("WDT-BAD", " 坏名字公司 ", "BZ")))).at("/Result/ResponseStatus");

            assertThat(r.get("IsSuccess").asBoolean()).isFalse();
            assertThat(r.get("MsgCode").asInt()).isEqualTo(11);
            assertThat(r.get("Errors")).hasSize(1);
            assertThat(r.at("/Errors/0/DIndex").asInt()).isEqualTo(1);
            assertThat(r.at("/Errors/0/FieldName").asText()).isEqualTo("FName");
            assertThat(r.at("/Errors/0/Message").asText()).isEqualTo("客户名称[ 坏名字公司 ]包含非法字符");
            assertThat(r.at("/SuccessEntitys/0/Number").asText()).isEqualTo("WDT-OK" + attempt);
        }
        assertThat(kingdee.customers()).extracting(KingdeeSimulator.SimCustomer::number)
                .containsExactly("WDT-OK0", "WDT-OK1");
    }
}
