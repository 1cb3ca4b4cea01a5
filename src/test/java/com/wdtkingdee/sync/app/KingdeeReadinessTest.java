package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.kingdee.KingdeeApiException;
import com.wdtkingdee.sync.kingdee.KingdeeLoginException;
import com.wdtkingdee.sync.kingdee.KingdeeUnavailableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The start-up checks' retries and the gate before each cycle, with scripted check results and a fake clock. */
class KingdeeReadinessTest {

    /** Scripted checks: "ok", "500", "refused", "open" (circuit breaker), "wrong" (unknown group), "login" (refused). */
    static final class Script implements Runnable {
        final Deque<String> answers = new ArrayDeque<>();
        int runs;

        Script(String answers) {
            for (String a : answers.trim().split(" +")) {
                this.answers.add(a);
            }
        }

        @Override
        public void run() {
            runs++;
            String a = answers.size() > 1 ? answers.poll() : answers.peek();
            switch (a) {
                case "ok" -> { }
                case "500" -> throw new StartupChecks.Failed("cannot check the Kingdee configuration: HTTP 500",
                        new KingdeeApiException("Kingdee login answered HTTP 500: boom", 500, -1, true, List.of(), null),
                        false);
                case "refused" -> throw new KingdeeApiException("Kingdee login (ValidateUser) at http://k/ failed", -1,
                        -1, true, List.of(), new ConnectException("Connection refused"));
                case "open" -> throw new StartupChecks.Failed("cannot check the Kingdee configuration",
                        new KingdeeUnavailableException("Kingdee unreachable: circuit breaker OPEN", null), false);
                case "wrong" -> throw new StartupChecks.Failed("customer.group: customer group B99 does not exist");
                case "login" -> throw new StartupChecks.Failed("cannot check the Kingdee configuration",
                        new KingdeeLoginException("Kingdee login refused: LoginResultType=0", 200, 0), false);
                case "passport" -> throw new StartupChecks.Failed("cannot check the Kingdee configuration",
                        new KingdeeLoginException("the server rejected the signed headers (HTTP 500 Fail to verify"
                                + " thirty passport): the AcctID is unknown", 500, -1), false);
                case "limit" -> throw new StartupChecks.Failed("cannot check the Kingdee configuration",
                        KingdeeApiException.business("ExecuteBillQuery", 200, 14, List.of("调用限制")), false);
                default -> throw new IllegalArgumentException(a);
            }
        }
    }

    /** A readiness whose sleeps move a fake clock, recorded. */
    static final class Fixture {
        final Script script;
        final List<Long> sleeps = new ArrayList<>();
        long nanos;
        final KingdeeReadiness readiness;

        Fixture(String answers, Duration timeout) {
            script = new Script(answers);
            readiness = new KingdeeReadiness(script, "http://k/", timeout, ms -> {
                sleeps.add(ms);
                nanos += ms * 1_000_000;
            }, () -> nanos);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} within {1} -> {2}, sleeps {3}")
    @CsvSource(delimiter = '|', textBlock = """
            ok                        | PT2M | PASSED      | []
            500 ok                    | PT2M | PASSED      | [1000]
            refused 500 open ok       | PT2M | PASSED      | [1000, 2000, 4000]
            500                       | PT5S | UNREACHABLE | [1000, 2000]
            refused                   | PT1S | UNREACHABLE | [1000]
            wrong                     | PT2M | WRONG       | []
            500 wrong                 | PT2M | WRONG       | [1000]
            login                     | PT2M | WRONG       | []
            passport                  | PT2M | WRONG       | []
            limit ok                  | PT2M | PASSED      | [1000]
            """)
    void atStart(String answers, Duration timeout, String outcome, String sleeps) {
        Fixture f = new Fixture(answers, timeout);
        StartupChecks.Failed failed = catchThrowableOfType(StartupChecks.Failed.class, f.readiness::atStart);
        switch (outcome) {
            case "PASSED" -> {
                assertThat(failed).isNull();
                assertThat(f.readiness.state()).isEqualTo(KingdeeReadiness.State.PASSED);
            }
            case "UNREACHABLE" -> {
                assertThat(failed).isNotNull();
                assertThat(failed.unreachable()).isTrue();
                assertThat(failed.getMessage()).contains("did not answer the start-up checks within"
                        + " kingdee.startup-check-timeout=" + timeout);
                assertThat(f.readiness.failing()).isTrue();
            }
            default -> {
                assertThat(failed).isNotNull();
                assertThat(failed.unreachable()).isFalse();
            }
        }
        assertThat(f.sleeps.toString()).isEqualTo(sleeps);
    }

    @Test
    void aServiceStartedWhileKingdeeWasDownRunsTheChecksBeforeEachCycleUntilTheyPass() {
        Fixture f = new Fixture("refused refused refused 500 ok", Duration.ofSeconds(1));
        assertThat(catchThrowableOfType(StartupChecks.Failed.class, f.readiness::atStart).unreachable()).isTrue();
        assertThat(f.readiness.failure()).isEqualTo("Kingdee login (ValidateUser) at http://k/ failed");
        assertThat(f.readiness.blockedReason()).startsWith("Kingdee unreachable: ").contains("failed");
        assertThat(f.readiness.blockedReason()).startsWith("Kingdee unreachable: ").contains("HTTP 500");
        assertThat(f.readiness.failing()).isTrue();
        assertThat(f.readiness.blockedReason()).as("the checks pass: the cycle runs").isNull();
        assertThat(f.readiness.state()).isEqualTo(KingdeeReadiness.State.PASSED);
        assertThat(f.readiness.failure()).isNull();
        int runs = f.script.runs;
        assertThat(f.readiness.blockedReason()).isNull();
        assertThat(f.script.runs).as("once passed, cycles do not run the checks again").isEqualTo(runs);
    }

    @Test
    void aWrongValueFoundLaterKeepsTheGateClosedWithItsReason() {
        Fixture f = new Fixture("refused wrong", Duration.ofSeconds(1));
        catchThrowableOfType(StartupChecks.Failed.class, f.readiness::atStart);
        assertThat(f.readiness.blockedReason()).isEqualTo("Kingdee start-up check failed: customer.group: customer"
                + " group B99 does not exist");
    }

    @Test
    void uncheckedOrSwitchedOffTheGateIsOpenAndRunsNothing() {
        Fixture f = new Fixture("refused", Duration.ofSeconds(1));
        assertThat(f.readiness.blockedReason()).isNull();
        f.readiness.off();
        f.readiness.atStart();
        assertThat(f.readiness.blockedReason()).isNull();
        assertThat(f.script.runs).isZero();
        assertThat(f.readiness.state()).isEqualTo(KingdeeReadiness.State.OFF);
    }
}
