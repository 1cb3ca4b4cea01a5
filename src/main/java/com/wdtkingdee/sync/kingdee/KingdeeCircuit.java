package com.wdtkingdee.sync.kingdee;

import com.wdtkingdee.sync.config.Settings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one circuit breaker of all Kingdee calls: the resilience4j {@link CircuitBreaker} that the
 * {@code circuitBreaker} EIP of route {@code kingdee-send} ({@code routes/kingdee.camel.yaml}) uses (bean
 * {@value #BREAKER_BEAN}), built from {@code kingdee.circuit.*}, and the route step that turns its refusal into a
 * {@link KingdeeUnavailableException}.
 *
 * <p>Only calls that got no answer count as failures ({@link KingdeeErrorClassifier#noAnswer}): transport errors,
 * timeouts, HTTP 5xx, unreadable bodies. A MsgCode answer (MsgCode 1 included), a refused login and BatchSave's
 * per-row errors are answers: the server is up. Count-based sliding window; no automatic transition: after
 * {@code wait-in-open} the next call is a trial call (half-open).
 */
public final class KingdeeCircuit {

    /** Registry name of the resilience4j breaker that the YAML {@code resilience4jConfiguration} refers to. */
    public static final String BREAKER_BEAN = "kingdeeCircuitBreaker";
    private static final Logger LOG = LoggerFactory.getLogger(KingdeeCircuit.class);

    private final Settings.Circuit settings;
    private final CircuitBreaker breaker;
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastFailure;

    public KingdeeCircuit(Settings.Circuit settings) {
        this.settings = settings;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(KingdeeErrorClassifier::noAnswer)
                .writableStackTraceEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of("kingdee", config);
        breaker.getEventPublisher()
                .onError(e -> lastFailure = reason(e.getThrowable()))
                .onCallNotPermitted(e -> rejected.incrementAndGet())
                .onStateTransition(e -> transition(e.getStateTransition()));
        if (!settings.enabled()) {
            breaker.transitionToDisabledState();
        }
    }

    /** The breaker the EIP uses (bound as {@value #BREAKER_BEAN}). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Route step ({@code doCatch} of {@code CallNotPermittedException}): the breaker is open (or its trial calls are
     * taken), the call was not made.
     *
     * @throws KingdeeUnavailableException always
     */
    public void rejected(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw new KingdeeUnavailableException(describeOpen(), cause);
    }

    /** "Kingdee unreachable: circuit breaker open (…)", in the product's words, for logs, alerts and health. */
    public String describeOpen() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        String last = lastFailure;
        return "Kingdee unreachable: circuit breaker " + breaker.getState() + " (" + m.getNumberOfFailedCalls()
                + " of the last " + m.getNumberOfBufferedCalls() + " call(s) got no answer"
                + (last == null ? "" : "; last: " + last) + "); calls fail fast, a trial call after"
                + " kingdee.circuit.wait-in-open=" + settings.waitInOpen();
    }

    /** CLOSED, OPEN, HALF_OPEN or DISABLED. */
    public String state() {
        return breaker.getState().name();
    }

    /** True while calls fail fast. */
    public boolean open() {
        CircuitBreaker.State s = breaker.getState();
        return s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN;
    }

    /** Percentage of the buffered calls that got no answer; -1 below the minimum number of calls. */
    public float failureRate() {
        return breaker.getMetrics().getFailureRate();
    }

    /** Calls refused by the open breaker since the start. */
    public long rejectedCalls() {
        return rejected.get();
    }

    /** Why the last counted call failed (no secret: the exceptions' messages are the product's own), or null. */
    public String lastFailure() {
        return lastFailure;
    }

    private void transition(CircuitBreaker.StateTransition t) {
        switch (t.getToState()) {
            case OPEN -> LOG.warn("Kingdee circuit breaker OPEN: {} of the last {} call(s) got no answer (last: {});"
                            + " Kingdee calls fail fast for {} (kingdee.circuit.wait-in-open), then one trial call",
                    breaker.getMetrics().getNumberOfFailedCalls(), breaker.getMetrics().getNumberOfBufferedCalls(),
                    lastFailure, settings.waitInOpen());
            case HALF_OPEN -> LOG.info("Kingdee circuit breaker HALF_OPEN: {} trial call(s) decide whether it closes",
                    settings.halfOpenCalls());
            case CLOSED -> LOG.info("Kingdee circuit breaker CLOSED: Kingdee answers again");
            default -> LOG.info("Kingdee circuit breaker {}", t.getToState());
        }
    }

    private static String reason(Throwable t) {
        Throwable k = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KingdeeApiException) {
                k = c;
                break;
            }
        }
        String m = k.getMessage();
        if (m == null || m.isBlank()) {
            return k.getClass().getSimpleName();
        }
        return k instanceof KingdeeApiException ? m : k.getClass().getSimpleName() + ": " + m;
    }
}
