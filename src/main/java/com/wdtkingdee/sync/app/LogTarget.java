package com.wdtkingdee.sync.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Moves the console log to standard error for as long as it is open ({@code --dry-run} keeps standard output for
 * its JSON lines), then back.
 */
final class LogTarget implements AutoCloseable {

    private final List<ConsoleAppender<?>> moved = new ArrayList<>();

    private LogTarget() {
    }

    static LogTarget standardError() {
        LogTarget target = new LogTarget();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    if (it.next() instanceof ConsoleAppender<?> console && "System.out".equals(console.getTarget())) {
                        retarget(console, "System.err");
                        target.moved.add(console);
                    }
                }
            }
        }
        return target;
    }

    private static void retarget(ConsoleAppender<?> console, String stream) {
        console.stop();
        console.setTarget(stream);
        console.start();
    }

    @Override
    public void close() {
        moved.forEach(console -> retarget(console, "System.out"));
        moved.clear();
    }
}
