package com.wdtkingdee.sync.alert;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Camel Main configuration class ({@code camel.main.configuration-classes} in application.properties) that makes
 * {@code routes/alerts.camel.yaml} start even when the application did not bind {@value AlertBeans#SERVICE}: it
 * binds one built from {@code ./application.properties}, the environment and {@code -D} — only if none is bound.
 * The application normally binds its own with {@link AlertBeans#register} (with its clock and the sandbox's
 * overrides); then this does nothing.
 */
public final class AlertFallbackConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AlertFallbackConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        if (context.getRegistry().lookupByName(AlertBeans.SERVICE) != null) {
            return;
        }
        AlertSettings settings;
        try {
            Path file = Path.of("application.properties");
            settings = AlertSettings.from(Files.isRegularFile(file) ? ConfigSource.load(file)
                    : new ConfigSource(Map.of(), System.getenv(), Map.of()));
        } catch (ConfigException e) {
            LOG.warn("alerts: {}; alerts are logged only", e.getMessage());
            settings = new AlertSettings(null, null, null, null, null, null, null, null, null);
        }
        LOG.info("alerts: no {} bean bound by the application, using alert.* of application.properties and the "
                + "environment", AlertBeans.SERVICE);
        context.getRegistry().bind(AlertBeans.SERVICE, new AlertService(settings, Clock.systemUTC()));
    }
}
