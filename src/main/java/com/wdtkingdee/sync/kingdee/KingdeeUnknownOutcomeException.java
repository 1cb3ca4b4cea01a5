package com.wdtkingdee.sync.kingdee;

/**
 * A write (BatchSave, Allocate, …) whose outcome is unknown: it timed out, the connection broke after the request
 * may have been sent, the server answered 5xx, or the answer could not be parsed. The server may or may not have
 * committed it. Retryable, but never by blindly re-sending: look the records up first (ExecuteBillQuery by number)
 * and re-send only the missing ones.
 */
public final class KingdeeUnknownOutcomeException extends KingdeeApiException {

    private static final long serialVersionUID = 1L;

    private final String service;

    public KingdeeUnknownOutcomeException(String service, String message, int httpStatus, Throwable cause) {
        super("outcome of " + service + " unknown: " + message, httpStatus, NO_MSG_CODE, true, java.util.List.of(),
                cause);
        this.service = service;
    }

    /** The service whose outcome is unknown, e.g. {@code DynamicFormService.BatchSave}. */
    public String service() {
        return service;
    }
}
