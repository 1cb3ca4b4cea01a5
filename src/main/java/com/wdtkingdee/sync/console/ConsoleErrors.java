package com.wdtkingdee.sync.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.wdtkingdee.sync.state.StateException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Collectors;

/**
 * The console's error mapping (the {@code onException} of route configuration {@code console}): the exception of a
 * console request → a {@link ConsoleError} with its status. A {@link ConsoleException} carries its own; a request
 * body the REST binding could not read, or none → 400 with a sentence saying what is wrong; {@link IllegalArgumentException}
 * → 400; {@link StateException} (e.g. a letter already resolved) → 409; anything else → 500, logged.
 */
public final class ConsoleErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleErrors.class);

    public ConsoleError reply(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ConsoleError error = map(e);
        if (error.status() >= 500) {
            LOG.warn("Console request failed: {}", error.error(), e);
        }
        // nothing of the request goes back (its headers included)
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        return error;
    }

    static ConsoleError map(Throwable e) {
        JsonProcessingException json = find(e, JsonProcessingException.class);
        InvalidPayloadException payload = find(e, InvalidPayloadException.class);
        if (e instanceof ConsoleException c) {
            return new ConsoleError(c.getMessage(), c.status());
        } else if (json != null) {
            return new ConsoleError(unreadable(json), 400);
        } else if (payload != null && isConsoleRequest(payload.getType())) {
            // no body at all: the binding leaves it as it came, and it is no request record
            ConsoleException none = ConsoleException.noBody(payload.getType());
            return new ConsoleError(none.getMessage(), none.status());
        } else if (e instanceof IllegalArgumentException) {
            return new ConsoleError(e.getMessage(), 400);
        } else if (e instanceof StateException) {
            return new ConsoleError(e.getMessage(), 409);
        }
        return new ConsoleError(e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage(), 500);
    }

    /** A sentence for a body the binding could not turn into the action's request. */
    static String unreadable(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "the request body has a field this action does not take: " + u.getPropertyName()
                    + " (it takes " + known + ")";
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            return field.isEmpty()
                    ? "the request body must be a JSON object"
                    : "the request body's field " + field + " has the wrong type (" + m.getOriginalMessage() + ")";
        }
        if (e instanceof JsonMappingException m && !path(m).isEmpty()) {
            return "the request body's field " + path(m) + " is not valid (" + m.getOriginalMessage() + ")";
        }
        return "the request body is not JSON: " + e.getOriginalMessage();
    }

    private static boolean isConsoleRequest(Class<?> type) {
        return type != null && type.isRecord() && type.getPackageName().equals(ConsoleErrors.class.getPackageName());
    }

    private static String path(JsonMappingException m) {
        return m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
