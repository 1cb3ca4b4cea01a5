package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.state.ConsoleActionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every write route ({@code record}): the action's outcome into {@code console_action} (time,
 * action, target, note, outcome) and the log; the body becomes the reply the REST binding writes as JSON.
 */
public final class ConsoleRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRecorder.class);

    private final ConsoleActionLog log;

    public ConsoleRecorder(ConsoleActionLog log) {
        this.log = log;
    }

    public Object record(ConsoleOutcome done) {
        log.record(done.action(), done.target(), done.note(), done.outcome());
        LOG.info("Console: {} {}: {}", done.action(), done.target(), done.outcome());
        return done.reply();
    }
}
