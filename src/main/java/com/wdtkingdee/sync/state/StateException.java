package com.wdtkingdee.sync.state;

/**
 * Failure of the persistent state: the database cannot be reached or started, a migration
 * failed, a statement failed, or a state change was refused (for example completing an
 * unknown window). Messages never contain passwords.
 */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
