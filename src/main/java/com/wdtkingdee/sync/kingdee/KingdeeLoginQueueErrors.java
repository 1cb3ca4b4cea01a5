package com.wdtkingdee.sync.kingdee;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handler of the login consumer ({@code seda:kingdee-session-login}): a failed login is recorded by
 * {@link KingdeeLogin#failed} and goes back to the call that waited for it, which reports it; the consumer itself
 * only notes it at DEBUG (Camel's default would log it a second time, with a stack trace).
 */
public final class KingdeeLoginQueueErrors implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KingdeeLoginQueueErrors.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        LOG.debug("Kingdee login failed (returned to the waiting call): {}", exception == null ? message : exception.toString());
    }
}
