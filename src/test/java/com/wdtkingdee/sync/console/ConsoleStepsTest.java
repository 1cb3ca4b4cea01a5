package com.wdtkingdee.sync.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.flow.DeadLetterReplayer.ReplayReport;
import com.wdtkingdee.sync.state.StateException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's one-job steps without HTTP: authorisation, error mapping, the retry sum, request records, JSON. */
class ConsoleStepsTest {

    @Test
    void authorizeWantsTheTokenInItsHeaderOrLoopbackWhenNoneIsSet() {
        java.time.Clock clock = java.time.Clock.systemUTC();
        ConsoleAuthorizer withToken = new ConsoleAuthorizer(new ConsoleSettings(true, "s3cret"), "0.0.0.0", clock);
        assertThatCode(() -> withToken.authorize(" s3cret ", "10.0.0.1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> withToken.authorize(null, "10.0.0.1")).isInstanceOfSatisfying(ConsoleException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> withToken.authorize("s3cre", "10.0.0.1")).isInstanceOfSatisfying(ConsoleException.class,
                e -> assertThat(e.getMessage()).contains(ConsoleAuthorizer.TOKEN_HEADER));
        assertThatCode(() -> new ConsoleAuthorizer(new ConsoleSettings(true, ""), "127.0.0.1", clock).authorize(null, null))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new ConsoleAuthorizer(new ConsoleSettings(true, ""), "0.0.0.0", clock).authorize("x", null))
                .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    /** Issue 18.2: wrong tokens from one address are slowed: 429 after a few a minute, that address only. */
    @Test
    void repeatedWrongTokensFromOneAddressAreSlowed() {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-08T03:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId z) { return this; }
            @Override public java.time.Instant instant() { return now.get(); }
        };
        ConsoleAuthorizer a = new ConsoleAuthorizer(new ConsoleSettings(true, "s3cret"), "127.0.0.1", clock);
        for (int i = 0; i < ConsoleAuthorizer.BAD_TOKENS_PER_MINUTE; i++) {
            assertThatThrownBy(() -> a.authorize("guess", "10.0.0.9")).isInstanceOfSatisfying(ConsoleException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThatThrownBy(() -> a.authorize("s3cret", "10.0.0.9")).as("even the right token waits")
                .isInstanceOfSatisfying(ConsoleException.class, e -> assertThat(e.status()).isEqualTo(429));
        assertThatCode(() -> a.authorize("s3cret", "10.0.0.10")).as("another address is not slowed").doesNotThrowAnyException();
        now.set(now.get().plusSeconds(61));
        assertThatCode(() -> a.authorize("s3cret", "10.0.0.9")).as("a minute later").doesNotThrowAnyException();
    }

    @Test
    void errorsMapToTheirStatusWithASentence() throws Exception {
        ObjectMapper mapper = ConsoleJson.mapper(ZoneId.of("Asia/Shanghai"));
        Exception notJson = catchIt(() -> mapper.readValue("{oops", OrgRuleRequest.class));
        Exception unknown = catchIt(() -> mapper.readValue("{\"shopNo\":\"1\",\"token\":\"t\"}", OrgRuleRequest.class));
        Exception wrongType = catchIt(() -> mapper.readValue("{\"id\":[1]}", ResolveRequest.class));
        Exception array = catchIt(() -> mapper.readValue("[]", ResolveRequest.class));

        assertThat(ConsoleErrors.map(new ConsoleException(404, "gone"))).isEqualTo(new ConsoleError("gone", 404));
        assertThat(ConsoleErrors.map(notJson).status()).isEqualTo(400);
        assertThat(ConsoleErrors.map(notJson).error()).startsWith("the request body is not JSON: ");
        assertThat(ConsoleErrors.map(unknown).error()).contains("does not take: token").contains("note, shopNo, useOrg");
        assertThat(ConsoleErrors.map(wrongType).error()).startsWith("the request body's field id has the wrong type");
        assertThat(ConsoleErrors.map(array)).isEqualTo(new ConsoleError("the request body must be a JSON object", 400));
        assertThat(ConsoleErrors.map(new IllegalArgumentException("bad")).status()).isEqualTo(400);
        assertThat(ConsoleErrors.map(new StateException("closed already")).status()).isEqualTo(409);
        assertThat(ConsoleErrors.map(new IllegalStateException("boom"))).isEqualTo(new ConsoleError("boom", 500));
    }

    @Test
    void theReplyStepLeavesNothingOfTheRequestAndSetsTheStatus() {
        CamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(ConsoleAuthorizer.TOKEN_HEADER, "s3cret");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ConsoleException(401, "token"));
        ConsoleError error = new ConsoleErrors().reply(exchange);
        assertThat(error.status()).isEqualTo(401);
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
    }

    @Test
    void theRetrySumAddsEveryReplayAndKeepsAFailure() {
        CamelContext context = new DefaultCamelContext();
        RetryTally.Sum sum = new RetryTally.Sum();
        Exchange a = replay(context, new ReplayReport(2, 1, 1, false));
        Exchange b = replay(context, new ReplayReport(0, 0, 0, true));
        Exchange c = replay(context, new ReplayReport(3, 3, 0, false));
        Exchange result = sum.aggregate(sum.aggregate(sum.aggregate(null, a), b), c);
        assertThat(result.getMessage().getBody()).isEqualTo(new RetryTally(5, 4, 1, 1));
        assertThat(result.getException()).isNull();

        Exchange failed = replay(context, null);
        failed.setException(new IllegalStateException("kingdee down"));
        assertThat(sum.aggregate(result, failed).getException()).hasMessage("kingdee down");
        assertThat(result.getMessage().getBody()).isEqualTo(new RetryTally(5, 4, 1, 1));
    }

    @Test
    void theRetryReportAndItsTarget() {
        ConsoleRetry retry = new ConsoleRetry("customer-sync", null);
        assertThat(retry.plan(new RetryRequest(7L, "org-rule", null, null))).containsExactly(selection(7L, null));
        assertThat(retry.plan(new RetryRequest(null, " ", " 0099 ", null))).containsExactly(selection(null, "0099"));
        assertThat(retry.plan(new RetryRequest(null, null, null, null))).containsExactly(selection(null, null));
        assertThatThrownBy(() -> retry.plan(null)).isInstanceOfSatisfying(ConsoleException.class,
                e -> assertThat(e.status()).isEqualTo(400));

        ConsoleOutcome busy = retry.report(new RetryRequest(null, "org-rule", "0099", "n"), new RetryTally(0, 0, 0, 1));
        assertThat(busy.target()).isEqualTo("open dead letters at stage org-rule with reason containing '0099'");
        assertThat(busy.outcome()).startsWith("skipped: a sync of customer-sync is running");
        assertThat(busy.reply()).isEqualTo(new ConsoleRetry.Retried(0, 0, 0, true, busy.outcome()));
        ConsoleOutcome empty = retry.report(new RetryRequest(3L, null, null, null), java.util.List.of());
        assertThat(empty.target()).isEqualTo("dead letter 3");
        assertThat(empty.outcome()).isEqualTo("0 selected, 0 resolved, 0 still open");
    }

    @Test
    void requestTextIsTrimmedAndTimesAreWrittenInTheSchemesZone() throws Exception {
        assertThat(new OrgRuleRequest(" 0777 ", "  ", null)).isEqualTo(new OrgRuleRequest("0777", null, null));
        ObjectMapper mapper = ConsoleJson.mapper(ZoneId.of("Asia/Shanghai"));
        assertThat(mapper.writeValueAsString(Map.of("at", Instant.parse("2026-11-20T04:00:00Z"))))
                .isEqualTo("{\"at\":\"2026-11-20 12:00:00\"}");
        assertThat(mapper.readValue("{\"id\":\"12\",\"note\":\" n \"}", ResolveRequest.class))
                .isEqualTo(new ResolveRequest(12L, "n"));
    }

    private static Map<String, Object> selection(Long id, String reason) {
        java.util.HashMap<String, Object> m = new java.util.HashMap<>();
        m.put("id", id);
        m.put("reason", reason);
        return m;
    }

    private static Exchange replay(CamelContext context, ReplayReport report) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(report);
        return e;
    }

    private interface Throwing {
        void run() throws Exception;
    }

    private static Exception catchIt(Throwing t) {
        try {
            t.run();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }
}
