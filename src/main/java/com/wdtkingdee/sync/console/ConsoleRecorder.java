package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.state.ConsoleActionLog;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every write route ({@code record}): the action's outcome into {@code console_action} (time,
 * action, target, note, outcome) and the log; the body becomes the reply the REST binding writes as JSON.
 */
public final class ConsoleRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRecorder.class);

    private final ConsoleActionLog log;

    public ConsoleRecorder(ConsoleActionLog log) {
        this.log = log;
    }

    public Object record(ConsoleOutcome done, @ExchangeProperty(ConsoleGuard.SOURCE_PROPERTY) String source,
                         @ExchangeProperty(ConsoleGuard.USER_AGENT_PROPERTY) String userAgent) {
        log.record(done.action(), done.target(), done.note(), done.outcome(), source, userAgent);
        LOG.info("Console: {} {} from {}: {}", done.action(), done.target(), source, done.outcome());
        return done.reply();
    }

    /**
     * In the console's {@code onException}, after the error mapping: a refused or failed write attempt is recorded
     * too (action from the route, the request path as target, "refused &lt;status&gt;: &lt;why&gt;"), with its source.
     * Reads are not recorded.
     */
    public void refused(Exchange exchange) {
        if (!Boolean.TRUE.equals(exchange.getProperty(ConsoleGuard.WRITE_PROPERTY, Boolean.class))) {
            return;
        }
        ConsoleError error = exchange.getMessage().getBody(ConsoleError.class);
        String route = exchange.getFromRouteId() == null ? "console" : exchange.getFromRouteId();
        String action = ACTIONS.getOrDefault(route, route);
        String path = exchange.getProperty(PATH_PROPERTY, String.class);
        String outcome = error == null ? "refused" : "refused " + error.status() + ": " + error.error();
        String source = exchange.getProperty(ConsoleGuard.SOURCE_PROPERTY, String.class);
        log.record(action, path == null ? "?" : path, null, outcome, source,
                exchange.getProperty(ConsoleGuard.USER_AGENT_PROPERTY, String.class));
        LOG.warn("Console: {} from {} {}", action, source, outcome);
    }

    /** A write route's action, as its successful attempts are recorded. */
    private static final java.util.Map<String, String> ACTIONS = java.util.Map.of("console-retry", "retry",
            "console-resolve", "resolve", "console-org-rule-add", "org-rule", "console-org-rule-delete", "org-rule-delete");

    /** The request path, kept by the guard for {@link #refused}. */
    public static final String PATH_PROPERTY = "consolePath";
}
