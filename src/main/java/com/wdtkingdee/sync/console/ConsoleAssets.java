package com.wdtkingdee.sync.console;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The console's page and its two assets from the classpath (bean {@code consoleAssets}); nothing else is served. */
public final class ConsoleAssets {

    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "application/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    public String page(Exchange exchange) {
        return resource(exchange.getMessage(), "console/index.html", "text/html; charset=utf-8");
    }

    public String asset(@Header("file") String file, Exchange exchange) {
        String type = file == null ? null : ASSETS.get(file);
        if (type == null) {
            throw new ConsoleException(404, "no such console asset: " + file);
        }
        return resource(exchange.getMessage(), "console/" + file, type);
    }

    private static String resource(Message message, String path, String contentType) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ConsoleException(404, "missing console resource " + path);
            }
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConsoleException(500, "cannot read " + path + ": " + e.getMessage());
        }
    }
}
