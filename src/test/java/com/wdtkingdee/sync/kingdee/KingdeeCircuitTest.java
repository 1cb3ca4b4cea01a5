package com.wdtkingdee.sync.kingdee;

import com.wdtkingdee.sync.config.Settings;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The breaker of the Kingdee calls as {@code kingdee.circuit.*} configures it: what it counts, when it opens. */
class KingdeeCircuitTest {

    private static Settings.Circuit settings(boolean enabled, Duration wait) {
        return new Settings.Circuit(enabled, 50, 4, 10, wait, 1);
    }

    /** One call through the breaker, as the EIP makes it; the failure, or null. */
    private static Throwable call(CircuitBreaker breaker, Supplier<Object> call) {
        return catchThrowable(() -> breaker.executeSupplier(call));
    }

    private static Supplier<Object> failing(RuntimeException e) {
        return () -> {
            throw e;
        };
    }

    private static final RuntimeException REFUSED = new KingdeeApiException("Kingdee login (ValidateUser) at"
            + " http://127.0.0.1:1/k3cloud/ failed: HttpHostConnectException: Connection refused", -1, -1, true,
            List.of(), new ConnectException("Connection refused"));

    @Test
    void callsWithoutAnAnswerOpenItAndTheNextCallFailsFastWithATypedTransientException() {
        KingdeeCircuit circuit = new KingdeeCircuit(settings(true, Duration.ofMinutes(5)));
        for (int i = 0; i < 3; i++) {
            assertThat(call(circuit.breaker(), failing(REFUSED))).isSameAs(REFUSED);
            assertThat(circuit.state()).isEqualTo("CLOSED");          // below kingdee.circuit.minimum-calls
        }
        assertThat(call(circuit.breaker(), failing(new KingdeeApiException("HTTP 503", 503, -1, true, List.of(), null))))
                .isNotNull();
        assertThat(circuit.state()).isEqualTo("OPEN");
        assertThat(circuit.open()).isTrue();

        int[] made = {0};
        Throwable refused = call(circuit.breaker(), () -> made[0]++);
        assertThat(refused).isInstanceOf(CallNotPermittedException.class);
        assertThat(made[0]).as("no call is made while open").isZero();
        assertThat(circuit.rejectedCalls()).isEqualTo(1);

        Exchange x = new DefaultExchange(new DefaultCamelContext());
        x.setProperty(Exchange.EXCEPTION_CAUGHT, refused);
        Throwable typed = catchThrowable(() -> circuit.rejected(x));
        assertThat(typed).isInstanceOf(KingdeeUnavailableException.class)
                .hasMessageContaining("Kingdee unreachable: circuit breaker OPEN")
                .hasMessageContaining("4 of the last 4 call(s) got no answer")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("kingdee.circuit.wait-in-open=PT5M");
        assertThat(KingdeeErrorClassifier.classify(typed)).isEqualTo(KingdeeErrorClassifier.Outcome.TRANSIENT);
        assertThat(KingdeeErrorClassifier.noAnswer(typed)).as("a refused call is not a call").isFalse();
    }

    @Test
    void answersInTheServersWordsNeverOpenIt() {
        KingdeeCircuit circuit = new KingdeeCircuit(settings(true, Duration.ofMinutes(5)));
        List<RuntimeException> answers = List.of(
                new KingdeeSessionLostException("BatchSave", 200, List.of("会话信息已丢失，请重新登录")),
                KingdeeApiException.business("ExecuteBillQuery", 200, 9, List.of("元数据中标识为 FX 的字段不存在")),
                new KingdeeLoginException("Kingdee login refused: LoginResultType=0", 200, 0),
                KingdeeApiException.business("BatchSave", 200, 13, List.of("网控冲突")));
        for (int i = 0; i < 20; i++) {
            RuntimeException answer = answers.get(i % answers.size());
            assertThat(call(circuit.breaker(), failing(answer))).as("the failure itself is passed on").isSameAs(answer);
        }
        assertThat(circuit.state()).isEqualTo("CLOSED");
        assertThat(circuit.lastFailure()).isNull();
    }

    @Test
    void afterTheWaitOneTrialCallClosesItAgain() throws Exception {
        KingdeeCircuit circuit = new KingdeeCircuit(settings(true, Duration.ofMillis(50)));
        for (int i = 0; i < 4; i++) {
            call(circuit.breaker(), failing(REFUSED));
        }
        assertThat(circuit.state()).isEqualTo("OPEN");
        Thread.sleep(120);
        assertThat(call(circuit.breaker(), () -> "answer")).isNull();      // the trial call (half-open) succeeds
        assertThat(circuit.state()).isEqualTo("CLOSED");
    }

    @Test
    void switchedOffItNeverOpens() {
        KingdeeCircuit circuit = new KingdeeCircuit(settings(false, Duration.ofMinutes(5)));
        for (int i = 0; i < 30; i++) {
            call(circuit.breaker(), failing(REFUSED));
        }
        assertThat(circuit.state()).isEqualTo("DISABLED");
        assertThat(circuit.open()).isFalse();
        assertThatThrownBy(() -> circuit.breaker().executeSupplier(failing(REFUSED))).isSameAs(REFUSED);
    }
}
