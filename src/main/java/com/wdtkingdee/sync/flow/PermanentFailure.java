package com.wdtkingdee.sync.flow;

/**
 * A failure that retrying cannot cure (bad credentials, a rejected row, a paging guard): the error handling
 * skips redelivery for it. On the write side the item is parked in the dead-letter table at once.
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
