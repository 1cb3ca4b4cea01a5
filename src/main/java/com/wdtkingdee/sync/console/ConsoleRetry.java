package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.state.ConsoleQueries;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Retry now" (bean {@code consoleRetry}), in three steps of the {@code console-retry} route: {@link #plan} turns
 * the request into replay selections, the route sends each through {@code direct:replay} (the path of
 * {@code --replay}) and sums the reports ({@link RetryTally}), {@link #report} turns the sum into the outcome.
 */
public final class ConsoleRetry {

    /** Exchange property (set in the YAML): the retry request, kept for the report. */
    public static final String REQUEST_PROPERTY = "consoleRetryRequest";

    /** Reply of a retry. */
    public record Retried(int selected, int resolved, int stillOpen, boolean skipped, String message) {
    }

    private final String scheme;
    private final ConsoleQueries queries;

    public ConsoleRetry(String scheme, ConsoleQueries queries) {
        this.scheme = scheme;
        this.queries = queries;
    }

    /**
     * The replay selections ({@code id}, {@code reason}) of a request: one letter → its id; all matching a reason →
     * one selection with the reason; a stage filter → one selection per open letter of that stage (the replay
     * route selects by id or reason only).
     */
    public List<Map<String, Object>> plan(RetryRequest request) {
        RetryRequest r = RetryRequest.given(request);
        List<Map<String, Object>> plan = new ArrayList<>();
        if (r.id() != null) {
            plan.add(selection(r.id(), null));
        } else if (r.stage() == null) {
            plan.add(selection(null, r.reason()));
        } else {
            for (Map<String, Object> letter : queries.openDeadLetters(scheme, r.stage(), r.reason(), Integer.MAX_VALUE)) {
                plan.add(selection(((Number) letter.get("id")).longValue(), null));
            }
        }
        return plan;
    }

    private static Map<String, Object> selection(Long id, String reason) {
        Map<String, Object> s = new HashMap<>();
        s.put("id", id);
        s.put("reason", reason);
        return s;
    }

    /** The sum of the replays (the split's result; the plan itself when it was empty) as the outcome to record. */
    public ConsoleOutcome report(@ExchangeProperty(REQUEST_PROPERTY) RetryRequest request, @Body Object sum) {
        RetryRequest r = RetryRequest.given(request);
        RetryTally t = sum instanceof RetryTally tally ? tally : RetryTally.NONE;
        String outcome = t.skipped() > 0 && t.selected() == 0
                ? "skipped: a sync of " + scheme + " is running, try again when it has finished"
                : t.selected() + " selected, " + t.resolved() + " resolved, " + t.stillOpen() + " still open"
                + (t.skipped() > 0 ? " (" + t.skipped() + " skipped: scheme busy)" : "");
        return new ConsoleOutcome("retry", r.target(), r.note(), outcome,
                new Retried(t.selected(), t.resolved(), t.stillOpen(), t.skipped() > 0, outcome));
    }
}
