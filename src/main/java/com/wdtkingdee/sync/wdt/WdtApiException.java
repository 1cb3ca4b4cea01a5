package com.wdtkingdee.sync.wdt;

import java.util.Objects;

/**
 * A failed 旺店通 call, classified so that the caller can decide whether to retry.
 * The message carries kind, code, sub_code, HTTP status and the server's text; it never contains credentials.
 */
public final class WdtApiException extends RuntimeException {

    /** Where the failure was detected. */
    public enum Kind {
        /** HTTP status outside 2xx. */
        HTTP,
        /** Body is not the expected JSON envelope (HTML error page, truncated, empty, unknown shape). */
        MALFORMED,
        /** Qimen/TOP gateway failure ({@code flag=failure} or {@code error_response}). */
        GATEWAY,
        /** WDT business error (Qimen {@code errorcode != 0}, openapi2 {@code code != 0}). */
        BUSINESS
    }

    private final Kind kind;
    private final String code;
    private final String subCode;
    private final String detail;
    private final boolean retryable;
    private final Long banSeconds;
    private final int httpStatus;

    /**
     * @param kind       failure class
     * @param httpStatus HTTP status of the response
     * @param code       error code (HTTP status for {@link Kind#HTTP}; null when absent)
     * @param subCode    sub code, null when absent
     * @param detail     the server's message text (or a description of the malformed body)
     * @param retryable  whether a later retry may succeed
     * @param banSeconds seconds the gateway ban lasts, null when not stated
     * @param cause      underlying parse error, may be null
     */
    public WdtApiException(Kind kind, int httpStatus, String code, String subCode, String detail, boolean retryable,
                           Long banSeconds, Throwable cause) {
        super(format(kind, httpStatus, code, subCode, detail, retryable, banSeconds), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.code = code;
        this.subCode = subCode;
        this.detail = detail;
        this.retryable = retryable;
        this.banSeconds = banSeconds;
    }

    private static String format(Kind kind, int httpStatus, String code, String subCode, String detail,
                                 boolean retryable, Long banSeconds) {
        StringBuilder sb = new StringBuilder("WDT ").append(kind).append(" error: code=").append(code)
                .append(", sub_code=").append(subCode).append(", http=").append(httpStatus)
                .append(", retryable=").append(retryable);
        if (banSeconds != null) {
            sb.append(", ban=").append(banSeconds).append("s");
        }
        return sb.append(", message=").append(detail).toString();
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String subCode() {
        return subCode;
    }

    /** The server's message text (joined with its sub message when both exist). */
    public String detail() {
        return detail;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Seconds of a Qimen "App Call Limited" ban, or null. Wait at least this plus one second. */
    public Long banSeconds() {
        return banSeconds;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
