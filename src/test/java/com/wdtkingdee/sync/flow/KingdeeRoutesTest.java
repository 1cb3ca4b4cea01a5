package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.RunRow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kingdee side of the chain ({@code routes/kingdee.camel.yaml} and the batch routes of
 * {@code routes/customers.camel.yaml}) on the real YAML with the camel-http endpoints advised by id: a lost session
 * (MsgCode 1) and writes whose outcome is unknown (HTTP 500, socket timeout). See {@link MockedChainSupport}.
 */
class KingdeeRoutesTest extends MockedChainSupport {

    String a;
    String b;
    String c;

    /** One batch of three customers of organisation BZ (sync.batch-size=3), in one page. */
    @BeforeEach
    void threeCustomers() {
        source.add(order("1", "002", "甲公司", "T1"));
        source.add(order("2", "003", "乙公司", "T2"));
        source.add(order("3", "004", "丙公司", "T3"));
        a = numberOf("BZ", "甲公司");
        b = numberOf("BZ", "乙公司");
        c = numberOf("BZ", "丙公司");
    }

    /** Case 3: MsgCode 1 on BatchSave → log in again (kingdee-login-password hit twice), the same body sent again. */
    @Test
    void msgCode1OnBatchSaveLogsInAgainAndSendsTheSameBodyOnce() throws Exception {
        kingdee.thenSave(FakeKingdee::sessionLost);
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(kingdee.logins).hasSize(2);
        assertThat(kingdee.saves).hasSize(2);
        assertThat(kingdee.rawSaves.get(1)).as("the re-sent BatchSave body").isEqualTo(kingdee.rawSaves.get(0));
        assertThat(kingdee.savedNumbers(0)).containsExactly(a, b, c);
        assertThat(kingdee.saveSessions).containsExactly("sid-1", "sid-2");   // the second send on the new session
        // MsgCode 1 means "not executed": re-sent by the kingdee-call route, not by a batch redelivery (which would
        // look the rows up first)
        assertThat(events).filteredOn(e -> !"qimen".equals(e)).containsExactly(
                "login", "batch-save", "login", "batch-save", "allocate", "commit-window");
        assertThat(kingdee.stored).containsOnlyKeys(a, b, c);
        assertThat(kingdee.allocates).singleElement()
                .satisfies(x -> assertThat(pkIds(x)).isEqualTo(Set.copyOf(kingdee.stored.values())));
        assertThat(beans.registry().all()).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CustomerStatus.SAVED);
            assertThat(r.allocatedAt()).isNotNull();
        });
        assertThat(beans.deadLetters().open(SCHEME, null, null)).isEmpty();
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        RunRow w = windowRow();
        assertThat(List.of(w.customersSent(), w.saved(), w.existing())).containsExactly(3, 3, 0);
        assertThat(checkpoint()).contains(WINDOW_END);
    }

    /** Case 4: Kingdee wrote rows 0 and 2, then answered HTTP 500 → lookup, then only row 1 is sent again. */
    @Test
    void anHttp500IsAnUnknownOutcomeLookedUpBeforeOnlyTheAbsentRowsAreSentAgain() throws Exception {
        kingdee.thenSave((k, ex, req) -> {
            k.executeOnly(req, Set.of(0, 2));
            FakeKingdee.answer(ex, 500, "<html><body><h1>500 Internal Server Error</h1></body></html>");
        });
        context.start();

        CycleOutcome outcome = runCycle();

        assertLookedUpThenResentOnlyTheAbsentRow(outcome);
    }

    /** Case 4 with a read timeout instead: the same lookup and partial re-send. */
    @Test
    void aSocketTimeoutIsAnUnknownOutcomeLookedUpBeforeOnlyTheAbsentRowsAreSentAgain() throws Exception {
        kingdee.thenSave((k, ex, req) -> {
            k.executeOnly(req, Set.of(0, 2));
            throw new SocketTimeoutException("Read timed out");
        });
        context.start();

        CycleOutcome outcome = runCycle();

        assertLookedUpThenResentOnlyTheAbsentRow(outcome);
    }

    private void assertLookedUpThenResentOnlyTheAbsentRow(CycleOutcome outcome) {
        assertThat(kingdee.saves).hasSize(2);
        assertThat(kingdee.savedNumbers(0)).containsExactly(a, b, c);
        assertThat(kingdee.savedNumbers(1)).as("the re-sent BatchSave holds only the absent row").containsExactly(b);
        JsonNode resent = kingdee.saves.get(1).path("data").path("Model").get(0);
        assertThat(resent).isEqualTo(kingdee.saves.get(0).path("data").path("Model").get(1));   // same row, same number
        assertThat(events).filteredOn(e -> !"qimen".equals(e)).containsExactly(
                "login", "batch-save", "bill-query", "batch-save", "allocate", "commit-window");
        assertThat(kingdee.queries).singleElement().satisfies(q -> assertThat(q.path("data").path("FilterString")
                .asText()).contains("'" + a + "'", "'" + b + "'", "'" + c + "'", "FUseOrgId.FNumber='BZ'"));
        assertThat(kingdee.stored).containsOnlyKeys(a, b, c);
        assertThat(kingdee.allocates).singleElement()
                .satisfies(x -> assertThat(pkIds(x)).isEqualTo(Set.copyOf(kingdee.stored.values())));
        assertThat(beans.registry().byNumber(a)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CustomerStatus.EXISTING));
        assertThat(beans.registry().byNumber(c)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CustomerStatus.EXISTING));
        assertThat(beans.registry().byNumber(b)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CustomerStatus.SAVED));
        assertThat(beans.registry().all()).allSatisfy(r -> {
            assertThat(r.fcustid()).isEqualTo(kingdee.stored.get(r.number()));
            assertThat(r.allocatedAt()).isNotNull();
        });
        assertThat(beans.deadLetters().open(SCHEME, null, null)).isEmpty();
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        RunRow w = windowRow();
        assertThat(List.of(w.saved(), w.existing(), w.deadLettered())).containsExactly(1, 2, 0);
        assertThat(checkpoint()).contains(WINDOW_END);
    }

    /** An unknown outcome where Kingdee did write every row: the lookup finds them all and nothing is re-sent. */
    @Test
    void anUnknownOutcomeWhoseRowsWereAllWrittenIsNeverSentAgain() throws Exception {
        kingdee.thenSave((k, ex, req) -> {
            k.executeOnly(req, Set.of(0, 1, 2));
            throw new SocketTimeoutException("Read timed out");
        });
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(kingdee.saves).hasSize(1);
        assertThat(events).filteredOn(e -> !"qimen".equals(e)).containsExactly(
                "login", "batch-save", "bill-query", "allocate", "commit-window");
        assertThat(beans.registry().all()).hasSize(3)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(CustomerStatus.EXISTING));
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(checkpoint()).contains(WINDOW_END);
    }

    /**
     * A Kingdee that keeps answering HTTP 503: the batch is retried sync.retry.max-redeliveries (2) times; an outage
     * is not bad data, so nothing is parked and the window fails (its checkpoint stays, the next cycle reads it).
     */
    @Test
    void aBatchSaveThatKeepsAnsweringHttp503FailsTheWindowAfterTheRetriesAndParksNothing() throws Exception {
        kingdee.otherwise = (k, ex, req) -> FakeKingdee.answer(ex, 503, "busy");
        context.start();

        CycleOutcome outcome = runCycle();

        assertFailedAfterThreeAttempts(outcome, "503");
    }

    /** A Kingdee that keeps timing out: the same as an outage, nothing parked, the window fails. */
    @Test
    void aBatchSaveThatKeepsTimingOutFailsTheWindowAfterTheRetriesAndParksNothing() throws Exception {
        kingdee.otherwise = (k, ex, req) -> {
            throw new SocketTimeoutException("Read timed out");
        };
        context.start();

        CycleOutcome outcome = runCycle();

        assertFailedAfterThreeAttempts(outcome, "Read timed out");
    }

    private void assertFailedAfterThreeAttempts(CycleOutcome outcome, String reason) {
        assertThat(kingdee.saves).as("first send + 2 redeliveries").hasSize(3);
        assertThat(kingdee.queries).as("each redelivery looks the rows up first").hasSize(2);
        assertThat(beans.deadLetters().open(SCHEME, null, null)).as("an outage is not bad data").isEmpty();
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("Kingdee did not complete a batch of 3 customer(s) after 3 attempt(s)")
                .contains(reason);
        assertThat(checkpoint()).isEmpty();
        // their outcome is unknown: the rows stay SENDING and the next cycle looks them up before sending again
        assertThat(beans.registry().all()).extracting(r -> r.status().name()).containsOnly("SENDING");
    }

    /** kingdee.writers: writers that find no session at once share one login, and all use its session. */
    @Test
    void concurrentCallsWithoutASessionShareOneLogin() throws Exception {
        kingdee.loginDelayMs = 300;
        context.start();
        int writers = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Object>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> {
                    com.fasterxml.jackson.databind.node.ObjectNode req = JSON.createObjectNode();
                    com.fasterxml.jackson.databind.node.ObjectNode data = req.putObject("data");
                    data.put("FormId", "BD_Customer");
                    data.put("FieldKeys", "FCUSTID,FNumber,FUseOrgId.FNumber");
                    data.put("FilterString", "FNumber in ('" + a + "') and FUseOrgId.FNumber = 'BZ'");
                    start.await();
                    return template.requestBody("direct:kingdee-bill-query", req);
                }));
            }
            for (java.util.concurrent.Future<Object> f : answers) {
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(List.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(kingdee.logins).as("one login for all writers").hasSize(1);
        assertThat(kingdee.queries).hasSize(writers);   // each on the one session (billQuery asserts sid-1)
    }

    /**
     * The circuit breaker (kingdee.circuit.*): two BatchSaves without an answer among three calls open it, so the
     * third attempt of the batch makes no call: the window fails, nothing is parked. The next cycle fails at once
     * (no redelivery, no backoff) without a single Kingdee call while it stays open.
     */
    @Test
    @WithSettings({"kingdee.circuit.minimum-calls = 3", "kingdee.circuit.sliding-window = 3",
            "kingdee.circuit.failure-rate-threshold = 60", "kingdee.circuit.wait-in-open = PT5M"})
    void anOpenCircuitBreakerFailsTheBatchAtOnceAndTheNextCycleFailsFastWithoutCallingKingdee() throws Exception {
        kingdee.otherwise = (k, ex, req) -> FakeKingdee.answer(ex, 503, "busy");
        context.start();

        CycleOutcome outcome = runCycle();

        // send (503), redelivery 1: lookup (answered) + send (503) → 2 of the last 3 calls without an answer: OPEN;
        // redelivery 2: its lookup is refused by the breaker, no call is made
        assertThat(kingdee.saves).hasSize(2);
        assertThat(kingdee.queries).hasSize(1);
        assertThat(beans.kingdeeCircuit().state()).isEqualTo("OPEN");
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("Kingdee did not complete a batch of 3 customer(s) after 3 attempt(s): "
                        + "Kingdee unreachable: circuit breaker OPEN")
                .contains("Kingdee unreachable: circuit breaker OPEN (2 of the last 3 call(s) got no answer; last:"
                        + " Kingdee BatchSave answered HTTP 503: busy)");
        assertThat(beans.deadLetters().open(SCHEME, null, null)).as("an outage is not bad data").isEmpty();
        assertThat(checkpoint()).isEmpty();
        assertThat(beans.registry().all()).extracting(r -> r.status().name()).containsOnly("SENDING");

        events.clear();
        CycleOutcome again = runCycle();

        assertThat(events).as("not one Kingdee call while the breaker is open").containsOnly("qimen");
        assertThat(kingdee.saves).hasSize(2);
        assertThat(kingdee.queries).hasSize(1);
        assertThat(again.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(again.error()).as("refused at once, not redelivered (sync.retry.max-redeliveries=2)")
                .contains("after 1 attempt(s): Kingdee unreachable: circuit breaker OPEN");
        assertThat(beans.deadLetters().open(SCHEME, null, null)).isEmpty();
        assertThat(beans.kingdeeCircuit().rejectedCalls()).isEqualTo(2);
    }

    /**
     * Answers in the server's words never trip the breaker, even one that opens at the first failure: MsgCode 1
     * (logged in again, sent again) and BatchSave's per-row rejections (parked) go through as before.
     */
    @Test
    @WithSettings({"kingdee.circuit.minimum-calls = 1", "kingdee.circuit.sliding-window = 1",
            "kingdee.circuit.failure-rate-threshold = 100"})
    void msgCode1AndRowErrorsAreAnswersThatNeverOpenTheBreaker() throws Exception {
        kingdee.thenSave(FakeKingdee::sessionLost);
        kingdee.thenSave((k, ex, req) -> k.saveExcept(ex, req, java.util.Map.of(1, new String[]{"FName",
                "字段[客户名称]是必录字段"})));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(kingdee.logins).hasSize(2);
        assertThat(events).filteredOn(e -> !"qimen".equals(e)).containsExactly(
                "login", "batch-save", "login", "batch-save", "allocate", "commit-window");
        assertThat(beans.kingdeeCircuit().state()).isEqualTo("CLOSED");
        assertThat(beans.kingdeeCircuit().lastFailure()).isNull();
        assertThat(beans.deadLetters().open(SCHEME, null, null)).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("字段[客户名称]是必录字段"));
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        assertThat(checkpoint()).contains(WINDOW_END);
    }
}
