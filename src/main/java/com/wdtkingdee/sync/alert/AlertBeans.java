package com.wdtkingdee.sync.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/** Registers the beans of {@code routes/alerts.camel.yaml}. Called by the application's bean wiring (SyncBeans). */
public final class AlertBeans {

    /** The bean name the YAML refers to. */
    public static final String SERVICE = "alertService";
    private static final Logger LOG = LoggerFactory.getLogger(AlertBeans.class);

    private AlertBeans() {
    }

    /** Puts {@value #SERVICE} into {@code beans} and returns it. */
    public static AlertService register(Map<String, Object> beans, AlertSettings settings, Clock clock) {
        AlertService service = new AlertService(settings, clock);
        beans.put(SERVICE, service);
        LOG.info("alerts: {}", settings.none() ? "no alert.* channel configured (alerts are logged only)" : settings);
        return service;
    }
}
