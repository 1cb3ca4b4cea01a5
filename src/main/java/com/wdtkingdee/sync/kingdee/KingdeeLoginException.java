package com.wdtkingdee.sync.kingdee;

/**
 * The server answered a login but refused it ({@code LoginResultType != 1}) or issued no session. Not retryable:
 * fix the credentials or the account. The message carries LoginResultType and the server's Message, never the
 * password.
 */
public final class KingdeeLoginException extends KingdeeApiException {

    private static final long serialVersionUID = 1L;

    private final int loginResultType;

    public KingdeeLoginException(String message, int httpStatus, int loginResultType) {
        super(message, httpStatus, NO_MSG_CODE, false, java.util.List.of(), null);
        this.loginResultType = loginResultType;
    }

    /** The server's {@code LoginResultType} (1 = success, 0 = wrong user/password, -1 = failure, …). */
    public int loginResultType() {
        return loginResultType;
    }
}
