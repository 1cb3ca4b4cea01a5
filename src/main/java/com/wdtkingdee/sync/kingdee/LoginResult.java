package com.wdtkingdee.sync.kingdee;

/**
 * The parsed answer of a login service (ValidateUser, LoginBySign, LoginByAppSecret).
 *
 * <p>{@code success} is {@code LoginResultType == 1} only. {@code -5} (DealWithForm), which some clients accept
 * for administrators, is deliberately a failure: an integration user must log in cleanly.
 *
 * @param resultType     {@code LoginResultType} (1 success, 0 wrong password, -1 failure, -2..-7 see reference)
 * @param message        the server's {@code Message}, may be null
 * @param kdsvcSessionId body {@code KDSVCSessionId}, may be null (the cookie value is preferred by the client)
 * @param success        {@code resultType == 1}
 */
public record LoginResult(int resultType, String message, String kdsvcSessionId, boolean success) {

    /** The LoginResultType meaning success. */
    public static final int SUCCESS = 1;

    /** Masks the session id. */
    @Override
    public String toString() {
        return "LoginResult[resultType=" + resultType + ", message=" + message + ", kdsvcSessionId="
                + Masking.id(kdsvcSessionId) + ", success=" + success + "]";
    }
}
