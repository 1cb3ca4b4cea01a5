package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wdtkingdee.sync.state.CustomerRow;
import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.RunRow;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer chain of {@code routes/} (sync → customers → kingdee, with error-handling) on canned 旺店通 pages
 * and a fake Kingdee behind the advised camel-http endpoints; see {@link MockedChainSupport}. {@code sync.batch-size=3}.
 */
class ChainRoutesTest extends MockedChainSupport {

    static final String T1 = "91330106MA2AAAAA1A";

    /** The BatchSave Model row the default {@code customer.field.*} mapping must produce (design section 1). */
    ObjectNode expectedRow(String org, String title, String tax) {
        ObjectNode m = JSON.createObjectNode();
        m.put("FCUSTID", 0);
        m.putObject("FCreateOrgId").put("FNumber", "100");
        m.put("FNumber", numberOf(org, title));
        m.putObject("FUseOrgId").put("FNumber", org);
        m.put("FName", title);
        m.put("FINVOICETITLE", title);
        m.put("FTAXREGISTERCODE", tax);
        m.putObject("FGroup").put("FNumber", "B11");
        m.putObject("FTRADINGCURRID").put("FNumber", "PRE001");
        return m;
    }

    /** Case 1: two canned pages → filter, org rule, mapping, aggregate, BatchSave, Allocate, checkpoint. */
    @Test
    @WithSettings("kingdee.writers=1")   // one writer: the batches reach Kingdee in the order they were completed
    void theChainEndToEndWritesTheModelRowsAllocatesTheSavedIdsAndCommitsTheCheckpoint() throws Exception {
        source.add(order("1", "002", "甲公司", T1));
        source.add(order("2", "005", " 乙公司 ", ""));
        source.add(order("3", "002", "\u3000", ""));          // blank title: filtered, counted
        source.add(order("4", "0071", "丙公司", "91330106MA2CCCCC3C"));
        source.add(order("5", "003", "丁公司", "91330106MA2DDDDD4D"));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(pagesAsked).containsExactly("0", "1");
        assertThat(kingdee.saves).hasSize(2);
        JsonNode first = kingdee.saves.get(0);
        assertThat(first.path("data").path("IsAutoSubmitAndAudit").asText()).isEqualTo("true");
        assertThat(first.path("data").path("IsVerifyBaseDataField").asText()).isEqualTo("true");
        assertThat(first.path("data").path("NeedReturnFields").toString()).isEqualTo("[\"FCUSTID\",\"FNumber\"]");
        assertThat(first.path("data").path("Model")).containsExactly(
                expectedRow("BZ", "甲公司", T1),
                expectedRow("DZ", "乙公司", ""),
                expectedRow("BZ", "丙公司", "91330106MA2CCCCC3C"));
        assertThat(kingdee.saves.get(1).path("data").path("Model"))     // completed at the window's end
                .containsExactly(expectedRow("BZ", "丁公司", "91330106MA2DDDDD4D"));

        assertThat(kingdee.allocates).hasSize(2);
        assertThat(kingdee.allocates).allSatisfy(a -> {
            assertThat(a.path("data").path("TOrgIds").asText()).isEqualTo("100040");
            assertThat(a.path("data").path("IsAutoSubmitAndAudit").asText()).isEqualTo("true");
        });
        assertThat(pkIds(kingdee.allocates.get(0))).isEqualTo(Set.of(
                kingdee.stored.get(numberOf("BZ", "甲公司")), kingdee.stored.get(numberOf("DZ", "乙公司")),
                kingdee.stored.get(numberOf("BZ", "丙公司"))));
        assertThat(pkIds(kingdee.allocates.get(1))).containsExactly(kingdee.stored.get(numberOf("BZ", "丁公司")));
        assertThat(kingdee.logins).hasSize(1);
        assertThat(events).filteredOn(e -> !"qimen".equals(e)).containsExactly(
                "login", "batch-save", "allocate", "batch-save", "allocate", "commit-window");

        assertThat(beans.registry().all()).hasSize(4).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CustomerStatus.SAVED);
            assertThat(r.fcustid()).isEqualTo(kingdee.stored.get(r.number()));
            assertThat(r.allocatedAt()).isNotNull();
        });
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(checkpoint()).contains(WINDOW_END);
        RunRow w = windowRow();
        assertThat(w.status()).isEqualTo("DONE");
        assertThat(w.windowEnd()).isEqualTo(WINDOW_END);
        assertThat(List.of(w.pages(), w.orders(), w.filtered(), w.customersSent(), w.saved(), w.deadLettered()))
                .containsExactly(2, 5, 1, 4, 4, 0);
        assertThat(w.counts().bucketsAddUp()).isTrue();
    }

    /** Case 2: DIndex 1 of 3 rejected with a field error → 0 and 2 saved, 1 parked by the jdbc step. */
    @Test
    void aPartlySuccessfulBatchSaveParksTheRejectedRowThroughTheJdbcStepAndAllocatesOnlyTheSavedOnes()
            throws Exception {
        source.add(order("1", "002", "甲公司", T1));
        source.add(order("2", "002", "乙公司", "BAD-TAX-CODE"));
        source.add(order("3", "002", "丙公司", ""));
        String message = "字段“纳税登记号”的值“BAD-TAX-CODE”不合法";
        kingdee.thenSave((k, ex, req) -> k.saveExcept(ex, req, Map.of(1, new String[] {"FTAXREGISTERCODE", message})));
        AdviceWith.adviceWith(context, "dead-letter", a -> a.mockEndpoints("jdbc:*"));
        context.start();

        CycleOutcome outcome = runCycle();

        String a = numberOf("BZ", "甲公司");
        String b = numberOf("BZ", "乙公司");
        String c = numberOf("BZ", "丙公司");
        assertThat(kingdee.saves).hasSize(1);                       // a rejected row is not sent again
        assertThat(kingdee.savedNumbers(0)).containsExactly(a, b, c);
        assertThat(kingdee.stored).containsOnlyKeys(a, c);

        List<Map<String, Object>> parked = jdbcParameters(getMockEndpoint("mock:jdbc:stateDataSource"),
                "INSERT INTO dead_letter");
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("stage", "batch-save").containsEntry("itemKey", b)
                    .containsEntry("scheme", SCHEME);
            assertThat((String) p.get("reason")).contains(message);
        });
        List<DeadLetter> dead = beans.deadLetters().open(SCHEME, null, null);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo("batch-save");
            assertThat(d.itemKey()).isEqualTo(b);
            assertThat(d.reason()).contains(message).contains("FTAXREGISTERCODE");
            assertThat(d.payload()).contains("乙公司");
            assertThat(d.attempts()).isEqualTo(1);
        });

        assertThat(kingdee.allocates).singleElement()
                .satisfies(x -> assertThat(pkIds(x)).isEqualTo(Set.of(kingdee.stored.get(a), kingdee.stored.get(c))));
        assertThat(beans.registry().byNumber(a)).hasValueSatisfying(r -> assertSaved(r, CustomerStatus.SAVED));
        assertThat(beans.registry().byNumber(c)).hasValueSatisfying(r -> assertSaved(r, CustomerStatus.SAVED));
        assertThat(beans.registry().byNumber(b)).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(CustomerStatus.FAILED);
            assertThat(r.allocatedAt()).isNull();
        });
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        assertThat(checkpoint()).contains(WINDOW_END);
        RunRow w = windowRow();
        assertThat(List.of(w.saved(), w.deadLettered())).containsExactly(2, 1);
        assertThat(w.counts().bucketsAddUp()).as("the rejected customer's order is parked").isTrue();
    }

    /**
     * Case 5: {@code sync.batch-size=3}, 8 orders over 3 pages holding 7 distinct customers (甲公司 twice, the second
     * time with blanks around it) → batches of 3, 3 (both completed by size while pages are still read) and 1
     * (completed at the window's end, before the checkpoint commit).
     */
    @Test
    @WithSettings("kingdee.writers=1")   // one writer: the batches reach Kingdee in the order they were completed
    void theAggregatorCompletesBySizeCountingARepeatedTitleOnceAndSendsTheLastBatchAtWindowEnd() throws Exception {
        source.add(order("1", "002", "甲公司", T1));
        source.add(order("2", "002", "乙公司", ""));
        source.add(order("3", "003", " 甲公司\u3000", T1));       // same customer (BZ, 甲公司): counted once
        source.add(order("4", "002", "丙公司", ""));
        source.add(order("5", "002", "丁公司", ""));
        source.add(order("6", "002", "戊公司", ""));
        source.add(order("7", "002", "己公司", ""));
        source.add(order("8", "002", "庚公司", ""));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(pagesAsked).containsExactly("0", "1", "2");
        assertThat(kingdee.saves).hasSize(3);
        assertThat(modelValues(kingdee.saves.get(0), "FName")).containsExactly("甲公司", "乙公司", "丙公司");
        assertThat(modelValues(kingdee.saves.get(1), "FName")).containsExactly("丁公司", "戊公司", "己公司");
        assertThat(modelValues(kingdee.saves.get(2), "FName")).containsExactly("庚公司");
        // batches are written by the writer pool while pages are read (the page calls may interleave with them);
        // the last, smaller batch is sent when the pages are done, and the checkpoint commits after every batch
        assertThat(events).filteredOn(e -> !e.equals("qimen")).containsExactlyInAnyOrder("login", "batch-save",
                "allocate", "batch-save", "allocate", "batch-save", "allocate", "commit-window");
        assertThat(events).last().isEqualTo("commit-window");
        assertThat(events).filteredOn(e -> e.equals("qimen")).hasSize(3);
        assertThat(beans.registry().all()).hasSize(7);
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(checkpoint()).contains(WINDOW_END);
        RunRow w = windowRow();
        assertThat(List.of(w.orders(), w.customersSent(), w.saved())).containsExactly(8, 7, 7);
        assertThat(w.repeated()).as("order 3: its customer was carried by order 1").isEqualTo(1);
        assertThat(w.counts().bucketsAddUp()).isTrue();
    }

    /** Case 6: a shop without an organisation rule → the order is parked by the dead-letter route's jdbc step. */
    @Test
    void anOrderWithoutOrganisationRuleIsParkedThroughTheJdbcStep() throws Exception {
        source.add(order("1", "002", "甲公司", T1));
        source.add(order("2", "0099", "丙公司", "91330106MA2CCCCC3C"));
        AdviceWith.adviceWith(context, "dead-letter", a -> a.mockEndpoints("jdbc:*"));
        context.start();

        CycleOutcome outcome = runCycle();

        MockEndpoint jdbc = getMockEndpoint("mock:jdbc:stateDataSource");
        List<Map<String, Object>> parked = jdbcParameters(jdbc, "INSERT INTO dead_letter");
        assertThat(parked).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("stage", "org-rule").containsEntry("itemKey", "CK2").containsEntry("scheme", SCHEME)
                .containsEntry("reason", "no organisation rule for shop_no 0099").containsEntry("attempts", 1));
        List<DeadLetter> dead = beans.deadLetters().open(SCHEME, null, null);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo("org-rule");
            assertThat(d.itemKey()).isEqualTo("CK2");
            assertThat(d.reason()).isEqualTo("no organisation rule for shop_no 0099");
            assertThat(d.payload()).contains("丙公司").contains("0099");
            assertThat(d.attempts()).isEqualTo(1);                  // permanent: not redelivered
        });
        assertThat(kingdee.saves).singleElement()
                .satisfies(s -> assertThat(modelValues(s, "FName")).containsExactly("甲公司"));
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        assertThat(checkpoint()).contains(WINDOW_END);
        assertThat(windowRow().deadLettered()).isEqualTo(1);
    }

    /** Case 6, the other way round: with the jdbc step skipped no dead_letter row appears — it is the only writer. */
    @Test
    void theDeadLetterRowIsWrittenByTheJdbcStepAlone() throws Exception {
        source.add(order("1", "0099", "丙公司", ""));
        AdviceWith.adviceWith(context, "dead-letter", a -> a.weaveById("park-dead-letter").replace().to("mock:parked"));
        context.start();

        CycleOutcome outcome = runCycle();

        MockEndpoint parked = getMockEndpoint("mock:parked");
        assertThat(parked.getReceivedCounter()).isEqualTo(1);
        assertThat(letters(parked.getExchanges().get(0).getMessage().getHeader("CamelJdbcParameters", Map.class)))
                .singleElement().satisfies(l -> assertThat(l).containsEntry("stage", "org-rule"));
        assertThat(beans.deadLetters().open(SCHEME, null, null)).isEmpty();
        assertThat(outcome.status()).isNotEqualTo(CycleOutcome.Status.FAILED);
    }

    /** Case 7: two BD_Customer fields added by configuration only (a constant and a base-data reference). */
    @Test
    @WithSettings({"customer.field.FDescription = 来自旺店通", "customer.field.FSELLER = ref:${variable.shopNo}"})
    void aFieldAddedInTheSettingsReachesTheBatchSaveModel() throws Exception {
        source.add(order("1", "002", "甲公司", T1));
        source.add(order("2", "0071", "乙公司", ""));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(kingdee.saves).singleElement().satisfies(s -> {
            JsonNode model = s.path("data").path("Model");
            assertThat(model).hasSize(2);
            ObjectNode a = expectedRow("BZ", "甲公司", T1);
            a.put("FDescription", "来自旺店通");
            a.putObject("FSELLER").put("FNumber", "002");
            ObjectNode b = expectedRow("BZ", "乙公司", "");
            b.put("FDescription", "来自旺店通");
            b.putObject("FSELLER").put("FNumber", "0071");
            assertThat(model).containsExactly(a, b);
        });
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
    }

    /** Invoice titles that string concatenation or a template would break; each must arrive intact as FName. */
    static Stream<Arguments> titles() {
        String longTitle = "长".repeat(250) + "有限公司" + "x".repeat(40);
        return Stream.of(
                Arguments.of("double quotes", "\"引号\"公司 \"Quoted\" Co.", "\"引号\"公司 \"Quoted\" Co."),
                Arguments.of("single quote", "O'Brien 贸易'", "O'Brien 贸易'"),
                Arguments.of("backslashes", "C:\\temp\\公司\\ \\\" \\n \\u0041", "C:\\temp\\公司\\ \\\" \\n \\u0041"),
                Arguments.of("simple expression", "${body.shopNo}${header.CamelHttpResponseCode} 公司 ${",
                        "${body.shopNo}${header.CamelHttpResponseCode} 公司 ${"),
                Arguments.of("property placeholder", "{{sync.scheme}} {{kingdee.password}} 公司",
                        "{{sync.scheme}} {{kingdee.password}} 公司"),
                Arguments.of("emoji", "🏢 表情公司 😀👨‍👩‍👧", "🏢 表情公司 😀👨‍👩‍👧"),
                Arguments.of("inner control characters", "甲\u0001乙\u0007丙\u001B丁\t戊\n己\u007F庚\b辛\f壬",
                        "甲\u0001乙\u0007丙\u001B丁\t戊\n己\u007F庚\b辛\f壬"),
                Arguments.of("line separators", "上\u2028下\u2029公司", "上\u2028下\u2029公司"),
                Arguments.of("JSON inside", "{\"FName\":\"x\"},] \"Model\":[", "{\"FName\":\"x\"},] \"Model\":["),
                Arguments.of("markup", "<b>公司</b> & 'x' <!-- -->", "<b>公司</b> & 'x' <!-- -->"),
                Arguments.of("surrounding blanks trimmed", "\u3000 \t 前后空白公司 \r\n", "前后空白公司"),
                Arguments.of("294 characters", longTitle, longTitle));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("titles")
    void invoiceTitlesArriveIntactInTheBatchSaveBody(String label, String title, String expected) throws Exception {
        assertThat(label).isNotEmpty();
        source.add(order("1", "002", title, T1));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(kingdee.saves).singleElement().satisfies(s -> {
            JsonNode row = s.path("data").path("Model").get(0);
            assertThat(row.path("FName").asText()).isEqualTo(expected);
            assertThat(row.path("FINVOICETITLE").asText()).isEqualTo(expected);
            assertThat(row.path("FName").isTextual()).isTrue();
            assertThat(row.path("FNumber").asText()).isEqualTo(numberOf("BZ", title));
            assertThat(row.size()).isEqualTo(expectedRow("BZ", expected, T1).size());   // no field split or added
        });
        String raw = new String(kingdee.rawSaves.get(0), StandardCharsets.UTF_8);
        assertThat(raw.chars().filter(ch -> ch < 0x20)).as("control characters are escaped in the JSON text")
                .isEmpty();
        assertThat(beans.registry().all()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(expected);
            assertThat(r.status()).isEqualTo(CustomerStatus.SAVED);
        });
        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
    }

    /**
     * A title holding NUL (U+0000), which PostgreSQL text and jsonb cannot store: the order must still be resolved
     * (written, or parked with a reason) so the window completes; it must not fail every cycle.
     */
    @Test
    void aTitleHoldingNulIsResolvedAndTheWindowCompletes() throws Exception {
        source.add(order("1", "002", "甲\u0000乙公司", T1));
        source.add(order("2", "002", "丙公司", T1));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isNotEqualTo(CycleOutcome.Status.FAILED);
        assertThat(checkpoint()).contains(WINDOW_END);
        assertThat(beans.registry().byNumber(numberOf("BZ", "丙公司")))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(CustomerStatus.SAVED));
        // the NUL is dropped when the order is read: the customer is the title without it
        assertThat(beans.registry().byNumber(numberOf("BZ", "甲乙公司")))
                .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("甲乙公司"));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Issue 11: fetching and writing overlap. The first BatchSave answers only once the route has asked for the
     * next page (it would wait for ever if pages were read only after their batches were written); it keeps failing
     * (HTTP 503), so the window fails: its checkpoint stays, nothing is parked, nothing is recorded as saved.
     */
    @Test
    void aBatchSaveThatFailsWhileTheNextPageIsReadFailsTheWindowAndParksNothing() throws Exception {
        for (int i = 1; i <= 9; i++) {
            source.add(order(Integer.toString(i), "002", "公司" + i, ""));
        }
        java.util.concurrent.CountDownLatch nextPage = new java.util.concurrent.CountDownLatch(1);
        pageAsked = p -> {
            if (!"0".equals(p)) {
                nextPage.countDown();
            }
        };
        kingdee.otherwise = (k, ex, req) -> {
            assertThat(nextPage.await(20, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the next page is read while the first batch is being written").isTrue();
            FakeKingdee.answer(ex, 503, "Service Unavailable");
        };
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.FAILED);
        assertThat(outcome.error()).contains("503");
        assertThat(checkpoint()).isEmpty();
        assertThat(beans.deadLetters().open(SCHEME, null, null)).isEmpty();
        assertThat(beans.registry().all()).extracting(r -> r.status().name()).doesNotContain("SAVED", "EXISTING");
        assertThat(kingdee.allocates).isEmpty();
        assertThat(events).doesNotContain("commit-window");
    }

    /**
     * Issue 11: kingdee.writers=2 writes two batches at once (each BatchSave takes 300 ms here); the window's
     * checkpoint commits only after its last batch is allocated (an ordering, not a timing, assertion).
     */
    @Test
    void twoWritersWriteTwoBatchesAtOnceAndTheCheckpointCommitsAfterTheLastBatch() throws Exception {
        for (int i = 1; i <= 12; i++) {
            source.add(order(Integer.toString(i), "002", "公司" + i, ""));
        }
        kingdee.saveDelayMs = 300;
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(kingdee.saves).hasSize(4);
        assertThat(kingdee.maxSavesInFlight.get()).as("BatchSave calls in flight at once").isEqualTo(2);
        List<String> writes = events.stream().filter(e -> !e.equals("qimen")).toList();
        assertThat(writes.lastIndexOf("allocate")).isLessThan(writes.indexOf("commit-window"));
        assertThat(writes).filteredOn("allocate"::equals).hasSize(4);
        assertThat(writes).last().isEqualTo("commit-window");
        assertThat(kingdee.stored).hasSize(12);
        assertThat(checkpoint()).contains(WINDOW_END);
    }

    /** kingdee.writers=1: one BatchSave at a time. */
    @Test
    @WithSettings("kingdee.writers=1")
    void oneWriterWritesOneBatchAtATime() throws Exception {
        for (int i = 1; i <= 9; i++) {
            source.add(order(Integer.toString(i), "002", "公司" + i, ""));
        }
        kingdee.saveDelayMs = 200;
        context.start();

        assertThat(runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(kingdee.saves).hasSize(3);
        assertThat(kingdee.maxSavesInFlight.get()).isEqualTo(1);
    }

    /**
     * Issue 11: a title repeated after its batch was completed (and possibly still in flight) is not batched again:
     * 7 orders, 6 customers → two full batches of 3, no lookup, no second send of 甲公司.
     */
    @Test
    void aTitleRepeatedAfterItsBatchCompletedIsNotBatchedAgain() throws Exception {
        kingdee.saveDelayMs = 200;   // the first batch is still being written when the repeat is read
        String[] titles = {"甲公司", "乙公司", "丙公司", "丁公司", "甲公司", "戊公司", "己公司"};
        for (int i = 0; i < titles.length; i++) {
            source.add(order(Integer.toString(i + 1), "002", titles[i], ""));
        }
        context.start();

        assertThat(runCycle().status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(kingdee.saves).hasSize(2).allSatisfy(x -> assertThat(x.path("data").path("Model")).hasSize(3));
        assertThat(kingdee.queries).as("no lookup: nothing was sent twice").isEmpty();
        assertThat(kingdee.stored).hasSize(6);
        assertThat(windowRow().orders()).isEqualTo(7);
        assertThat(windowRow().repeated()).as("the second 甲公司, carried by the first").isEqualTo(1);
    }

    private static void assertSaved(CustomerRow r, CustomerStatus status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.allocatedAt()).isNotNull();
    }

    /**
     * The letters the mocked jdbc endpoint received in the messages whose SQL contains the given text: each message's
     * CamelJdbcParameters hold one array per column (scheme one value), unpacked here into one map per letter.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jdbcParameters(MockEndpoint jdbc, String sql) {
        return jdbc.getExchanges().stream()
                .map(Exchange::getMessage)
                .filter(m -> m.getBody(String.class) != null && m.getBody(String.class).contains(sql))
                .flatMap(m -> letters(m.getHeader("CamelJdbcParameters", Map.class)).stream())
                .toList();
    }

    private static List<Map<String, Object>> letters(Map<?, ?> columns) {
        int n = ((Object[]) columns.get("itemKey")).length;
        List<Map<String, Object>> letters = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> letter = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : columns.entrySet()) {
                Object v = e.getValue();
                letter.put((String) e.getKey(), v instanceof Object[] a ? a[i] : v);
            }
            letters.add(letter);
        }
        return letters;
    }
}