package com.wdtkingdee.sync.jar;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan behind {@link RouteComponentsIT}: it finds what a route names, and it fails when the jar lacks it. */
class RouteSchemesTest {

    static final Map<String, String> SETTINGS = Map.of("sync.scheme", "customer-sync", "kingdee.url", "",
            "wdt.url", "http://router.example/qm");

    @Test
    void aTimerRouteAgainstAJarWithoutCamelTimerFails() {
        // the release's bug: health-watch used timer:, and camel-timer was on the test classpath only
        List<RouteSchemes.Need> needs = RouteSchemes.needs("routes/sync.camel.yaml", """
                - route:
                    id: health-watch
                    from:
                      uri: timer:health-watch
                      parameters:
                        period: 30000
                      steps:
                        - to: direct:alert
                """, SETTINGS::get);
        assertThat(RouteSchemes.names(needs, "component")).containsExactly("direct", "timer");
        List<String> missing = RouteSchemes.missing(needs, Set.of("direct", "quartz", "http"), Set.of());
        assertThat(missing).containsExactly("routes/sync.camel.yaml: uri: timer:health-watch needs the component"
                + " 'timer', which no META-INF/services/org/apache/camel/component/timer in the jar serves");
        assertThat(RouteSchemes.missing(needs, Set.of("direct", "timer"), Set.of())).isEmpty();
    }

    /** The console's REST DSL needed camel-rest, which only the test classpath carried (issue 17.4). */
    @Test
    void theRestDslNeedsCamelRestAndItsComponent() {
        List<RouteSchemes.Need> needs = RouteSchemes.needs("routes/console.camel.yaml", """
                - restConfiguration:
                    component: platform-http
                    bindingMode: json
                - rest:
                    path: /console/api
                    get:
                      - path: /overview
                        to: direct:console-overview
                """, k -> null);
        assertThat(RouteSchemes.names(needs, "component")).contains("rest", "platform-http", "direct");
        assertThat(RouteSchemes.missing(needs, Set.of("direct", "platform-http"), Set.of("jackson")))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("needs the component 'rest'"));
    }

    @Test
    void everyWayOfNamingAnEndpointIsSeen() {
        List<RouteSchemes.Need> needs = RouteSchemes.needs("routes/x.camel.yaml", """
                - route:
                    from:
                      uri: "quartz:wdt-kingdee/{{sync.scheme}}"
                      steps:
                        - to: "jdbc:stateDataSource"
                        - to:
                            uri: "{{kingdee.url}}Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc"
                        - enrich:
                            constant: seda:enriched
                        - pollEnrich:
                            expression:
                              constant: "file:in"
                        - wireTap:
                            uri: log:tap
                        - toD:
                            uri: "${exchangeProperty.alertOrigin}"
                        - recipientList:
                            constant: "mock:a,stub:b"
                        - marshal:
                            json:
                              library: Jackson
                        - unmarshal:
                            csv: {}
                - route:
                    from:
                      uri: "{{wdt.url}}"
                      steps:
                        - to: "platform-http:/console?x={{missing:1}}"
                """, SETTINGS::get);
        assertThat(RouteSchemes.names(needs, "component")).containsExactly("file", "http", "https", "jdbc", "log",
                "mock", "platform-http", "quartz", "seda", "stub");
        assertThat(RouteSchemes.names(needs, "dataformat")).containsExactly("csv", "jackson");
    }

    @Test
    void anUnresolvablePlaceholderIsAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouteSchemes.needs("r.yaml",
                "- route:\n    from:\n      uri: \"{{nobody.knows}}:x\"\n", SETTINGS::get))
                .hasMessageContaining("nobody.knows");
    }
}
