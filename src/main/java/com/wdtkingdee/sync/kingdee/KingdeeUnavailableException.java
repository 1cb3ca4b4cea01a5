package com.wdtkingdee.sync.kingdee;

/**
 * The circuit breaker around the Kingdee calls ({@code kingdee.circuit.*}) is open: too many recent calls got no
 * answer, so this call was not made at all (nothing was sent, so no write has an unknown outcome). Retryable — the
 * classifier treats it as transient, the dead-letter parker as an outage (the window fails, nothing is parked, the
 * checkpoint stays) — but not worth an immediate redelivery: the error handler fails it at once.
 */
public final class KingdeeUnavailableException extends KingdeeApiException {

    private static final long serialVersionUID = 1L;

    public KingdeeUnavailableException(String message, Throwable cause) {
        super(message, NO_STATUS, NO_MSG_CODE, true, java.util.List.of(), cause);
    }
}
