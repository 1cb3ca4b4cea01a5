package com.wdtkingdee.sync.console;

/** A console request that cannot be served, with the HTTP status to answer. */
public final class ConsoleException extends RuntimeException {

    private final int status;

    public ConsoleException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A write that came without a request body (400): {@code {}} is the smallest body an action takes. */
    static ConsoleException noBody(Class<?> request) {
        return new ConsoleException(400, "this action takes a JSON object as its request body (" + request.getSimpleName()
                + "); none was given");
    }

    public int status() {
        return status;
    }
}
