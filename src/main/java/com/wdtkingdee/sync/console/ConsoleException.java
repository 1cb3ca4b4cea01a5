package com.wdtkingdee.sync.console;

/** A console request that cannot be served, with the HTTP status to answer. */
public final class ConsoleException extends RuntimeException {

    private final int status;

    public ConsoleException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
