package com.wdtkingdee.sync.kingdee;

import java.util.Collection;
import java.util.List;

/**
 * A failed WebAPI call: transport failure, unexpected HTTP status or body, or a business error answer
 * ({@code ResponseStatus} with a {@code MsgCode}).
 *
 * <p>{@link #retryable()} says whether the same call may succeed later without changes: transport failures,
 * HTTP 5xx/408/429, HTML or {@code response_error:} bodies, {@code MsgCode} 13 (网控冲突, network-control lock),
 * 14 (调用限制, call limit) and edit-lock messages ({@code …冲突，请稍候…}). Everything else is not retryable.
 * {@link #sessionLost()} is {@code MsgCode == 1}.
 */
public class KingdeeApiException extends RuntimeException {

    /** Value of {@link #httpStatus()} when no HTTP answer was received. */
    public static final int NO_STATUS = -1;
    /** Value of {@link #msgCode()} when the answer carried no MsgCode. */
    public static final int NO_MSG_CODE = -1;
    /** MsgCode 1: 上下文丢失 (session / authentication lost). */
    public static final int MSG_SESSION_LOST = 1;
    /** MsgCode 11: 验证失败 (validation failed, e.g. duplicate number). */
    public static final int MSG_VALIDATION = 11;
    /** MsgCode 13: 网控冲突 (network-control lock). */
    public static final int MSG_NETWORK_CONTROL = 13;
    /** MsgCode 14: 调用限制 (call limit). */
    public static final int MSG_CALL_LIMIT = 14;

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int msgCode;
    private final boolean retryable;
    private final List<String> messages;

    /**
     * @param message    the exception message (must not contain secrets)
     * @param httpStatus HTTP status or {@link #NO_STATUS}
     * @param msgCode    Kingdee MsgCode or {@link #NO_MSG_CODE}
     * @param retryable  whether the same call may succeed later
     * @param messages   the server's error messages (may be empty)
     * @param cause      the cause, may be null
     */
    public KingdeeApiException(String message, int httpStatus, int msgCode, boolean retryable,
                               List<String> messages, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.msgCode = msgCode;
        this.retryable = retryable;
        this.messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** A business error answer; retryability derived by {@link #isTransient(int, Collection)}. */
    public static KingdeeApiException business(String context, int httpStatus, int msgCode, List<String> messages) {
        String text = context + ": MsgCode=" + msgCode + (messages.isEmpty() ? "" : ", " + String.join("; ", messages));
        return new KingdeeApiException(text, httpStatus, msgCode, isTransient(msgCode, messages), messages, null);
    }

    /** HTTP status, or {@link #NO_STATUS} when no answer was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Kingdee {@code MsgCode}, or {@link #NO_MSG_CODE} ({@code -1}) if none. */
    public int msgCode() {
        return msgCode;
    }

    /** Whether repeating the same call later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** {@code MsgCode == 1}: the session (or authentication) is lost; the server did not execute the call. */
    public boolean sessionLost() {
        return msgCode == MSG_SESSION_LOST;
    }

    /** The server's error messages, possibly empty. */
    public List<String> messages() {
        return messages;
    }

    /**
     * Whether a business answer is transient: MsgCode 13 or 14, or a message about an edit-lock conflict
     * ({@code 冲突，请稍候}, full- or half-width comma).
     */
    public static boolean isTransient(int msgCode, Collection<String> messages) {
        if (msgCode == MSG_NETWORK_CONTROL || msgCode == MSG_CALL_LIMIT) {
            return true;
        }
        if (messages != null) {
            for (String m : messages) {
                if (m != null && (m.contains("冲突，请稍候") || m.contains("冲突,请稍候"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an HTTP status signals a transient condition (5xx, 408, 429). */
    public static boolean isTransientStatus(int httpStatus) {
        return httpStatus >= 500 || httpStatus == 408 || httpStatus == 429;
    }
}
