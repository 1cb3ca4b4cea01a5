package com.wdtkingdee.sync.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The JSON of the console's REST binding ({@code restConfiguration} in {@code routes/console.camel.yaml} sets it as
 * the {@code objectMapper} of camel-jackson, bean {@code consoleJson}): times as {@code yyyy-MM-dd HH:mm:ss} in the
 * scheme's zone ({@code sync.zone}), and a request body with a field its record does not have is refused (400).
 */
public final class ConsoleJson {

    private ConsoleJson() {
    }

    public static ObjectMapper mapper(ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        SimpleModule instants = new SimpleModule("console-times").addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(time.format(value));
            }
        });
        return new ObjectMapper().registerModule(instants);
    }
}
