package com.wdtkingdee.sync.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.Iterator;
import java.util.TimeZone;

/**
 * One zone for every line: the product's log pattern ({@code logback.xml}, Asia/Shanghai by default) and the lines
 * that libraries format themselves from the JVM's default zone (Quartz's "Next fire date is …") both use
 * {@code sync.zone}, the zone of the ERP windows. The JVM default zone is also the zone Quartz evaluates
 * {@code sync.cron} and {@code sync.rescan.cron} in.
 */
final class LogZone {

    static final String SHIPPED = "Asia/Shanghai";

    private LogZone() {
    }

    static void apply(ZoneId zone) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        if (zone.getId().equals(SHIPPED) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out
                        && out.getEncoder() instanceof PatternLayoutEncoder encoder
                        && encoder.getPattern().contains(", " + SHIPPED + "}")) {
                    encoder.stop();
                    encoder.setPattern(encoder.getPattern().replace(", " + SHIPPED + "}", ", " + zone.getId() + "}"));
                    encoder.start();
                }
            }
        }
    }
}
