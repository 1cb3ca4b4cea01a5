package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.Settings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

/**
 * The Camel configuration the application starts with ({@link SyncRuntime}, one-shot mode), for route tests on
 * Camel's Main test support ({@code CamelMainTestSupport}): the property file is the project's own
 * {@code application.properties} (which names {@code routes/} through {@code camel.main.routes-include-pattern}),
 * the override properties are what {@link SyncRuntime} hands Camel Main — the {@code camel.*} keys of the
 * configuration, then {@link SyncRuntime#camelProperties()} — computed from the test's {@link Settings}. No key
 * is listed twice: a key the routes read is added in {@code SyncRuntime} and reaches these tests.
 */
public final class AppCamelConfig {

    /** The property file Camel Main reads, as the jar started in the project folder does. */
    public static final String PROPERTY_LOCATIONS = "file:application.properties";

    private AppCamelConfig() {
    }

    /** The override properties of a one-shot run (no scheduler, no management server) with these settings. */
    public static Properties overrides(Settings settings) {
        Properties p = new Properties();
        settings.camel().forEach(p::setProperty);
        // the working directory is the project folder: routes/ comes from application.properties as in the jar
        new SyncRuntime(settings, Path.of(""), false, Clock.systemUTC()).camelProperties().forEach(p::setProperty);
        return p;
    }
}
