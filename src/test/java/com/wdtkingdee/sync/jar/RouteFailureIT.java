package com.wdtkingdee.sync.jar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with a route file it cannot build (issue 16, 2e): exit 2 and ONE line naming the file and the
 * cause, no stack trace (it is logged at DEBUG only).
 */
class RouteFailureIT {

    @Test
    void aRouteNamingAnUnknownComponentStopsTheServiceWithExit2AndOneLine() throws Exception {
        JarProcess jar = JarProcess.folder("route-failure-component").file("routes/broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                      steps:
                        - to: nosuch:x
                """);
        // the service (the mode that did not start in the release), against the sandbox
        JarProcess.Run run = jar.run(Duration.ofSeconds(90), "--sandbox");
        assertThat(run.exitCode()).as(run.tail()).isEqualTo(2);
        assertThat(oneLine(run)).as(run.tail())
                .startsWith("wdt-kingdee-sync: routes/broken.camel.yaml: no component for 'nosuch:'")
                .contains("route broken");
    }

    @Test
    void aYamlSyntaxErrorStopsTheStartWithExit2AndOneLine() throws Exception {
        JarProcess jar = JarProcess.folder("route-failure-yaml").file("routes/broken.camel.yaml", """
                - route:
                    id: broken
                    from:
                      uri: direct:broken
                     steps:
                        - log: hi
                """);
        JarProcess.Run run = jar.run(Duration.ofSeconds(90), "--sandbox", "--once");
        assertThat(run.exitCode()).as(run.tail()).isEqualTo(2);
        assertThat(oneLine(run)).as(run.tail())
                .startsWith("wdt-kingdee-sync: routes/broken.camel.yaml: YAML syntax error at line 5, column 6: ");
    }

    /** The one {@code wdt-kingdee-sync:} line on stderr; no stack frame anywhere in the output. */
    private static String oneLine(JarProcess.Run run) {
        List<String> lines = run.stderr().lines().filter(l -> l.startsWith("wdt-kingdee-sync:")).toList();
        assertThat(lines).as(run.tail()).hasSize(1);
        assertThat(run.stdout() + run.stderr()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(run.stdout()).as("nothing logged at ERROR").doesNotContain(" ERROR ");
        return lines.get(0);
    }
}
