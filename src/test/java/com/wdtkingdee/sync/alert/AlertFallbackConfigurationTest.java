package com.wdtkingdee.sync.alert;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertFallbackConfigurationTest {

    @Test
    void theApplicationsBeanWins() throws Exception {
        try (CamelContext ctx = new DefaultCamelContext()) {
            Map<String, Object> beans = new HashMap<>();
            AlertService own = AlertBeans.register(beans, new AlertSettings(null, null, null, null, null,
                    "http://127.0.0.1:1/hook", null, "s", null), Clock.systemUTC());
            assertThat(beans).containsEntry("alertService", own);
            beans.forEach(ctx.getRegistry()::bind);
            new AlertFallbackConfiguration().configure(ctx);
            assertThat(ctx.getRegistry().lookupByName("alertService")).isSameAs(own);
        }
    }

    @Test
    void withoutOneAServiceFromTheShippedPropertiesIsBound() throws Exception {
        try (CamelContext ctx = new DefaultCamelContext()) {
            new AlertFallbackConfiguration().configure(ctx);
            Object bound = ctx.getRegistry().lookupByName("alertService");
            assertThat(bound).isInstanceOf(AlertService.class);
            assertThat(((AlertService) bound).settings().minInterval()).hasMinutes(10);
        }
    }
}
