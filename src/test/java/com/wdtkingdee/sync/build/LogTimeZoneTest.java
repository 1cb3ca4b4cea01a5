package com.wdtkingdee.sync.build;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped log pattern prints times in Asia/Shanghai, the zone of the windows, and says so on every line. */
class LogTimeZoneTest {

    @Test
    void aLogLineCarriesShanghaiTimeAndItsOffset() throws Exception {
        String pattern = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/main/resources/logback.xml").toFile())
                .getElementsByTagName("pattern").item(0).getTextContent();
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("WindowRunner"), Level.INFO, "Window done", null, null);
        event.setTimeStamp(Instant.parse("2026-11-30T06:00:00Z").toEpochMilli());
        assertThat(layout.doLayout(event)).startsWith("2026-11-30 14:00:00.000 +08:00 INFO ");
    }
}
