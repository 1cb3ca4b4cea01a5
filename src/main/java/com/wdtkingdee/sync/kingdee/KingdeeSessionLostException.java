package com.wdtkingdee.sync.kingdee;

import java.util.List;

/**
 * MsgCode 1: the server found no live session (or refused the signed headers) and did not execute the call. The
 * routes' {@code kingdee-relogin} configuration logs in again and sends the call once more.
 */
public final class KingdeeSessionLostException extends KingdeeApiException {
    private static final long serialVersionUID = 1L;

    public KingdeeSessionLostException(String service, int httpStatus, List<String> messages) {
        super("Kingdee " + service + ": session lost (MsgCode 1, not executed)" + (messages.isEmpty() ? ""
                : ": " + String.join("; ", messages)), httpStatus, MSG_SESSION_LOST, true, messages, null);
    }
}
